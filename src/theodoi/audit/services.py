"""Writing the audit trail. The only writer of AuditEvent.

Every service that changes a plan, target, task, update or figure calls
:func:`record` inside its own transaction, so the change and its record commit
together or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from theodoi.audit import anchors
from theodoi.audit.models import AuditEvent

GENESIS = "0" * 64
_LOCK_ID = 575757  # advisory lock key serialising appends on PostgreSQL


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


# Columns that change on every save and say nothing about the content.
_SKIP = {"updated_at", "created_at", "path", "depth", "name_key", "number_key"}


def _digest_value(value: Any) -> str:
    """``sha256:<hex>`` of a large or secret value (frozen report figures, a key file), so the
    trail can tell it changed without holding it."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
    else:  # JSON: normalised through a JSON round trip, as the database gives it back
        raw = canonical({"v": json.loads(json.dumps(value, default=str))})
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def snapshot(instance: models.Model, m2m: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """A JSON-native, deterministic picture of a row's content (FKs as ids, M2Ms as sorted ids).

    The same row read back from the database gives the same snapshot, which is what
    lets ``audit verify`` tell whether a row was changed behind the application's back.
    ``m2m`` gives the many-to-many ids of a row written in bulk (where they are known, so
    no query is needed per row).
    """
    data: dict[str, Any] = {}
    # A model names the columns the trail leaves out (``AUDIT_SKIP``: the last sign-in, the
    # password hash Django re-encodes by itself) and those it keeps only as a digest (``AUDIT_DIGEST``).
    skip = _SKIP | set(getattr(instance, "AUDIT_SKIP", ()))
    digested = set(getattr(instance, "AUDIT_DIGEST", ()))
    for field in instance._meta.concrete_fields:
        if field.name in skip:
            continue
        value = field.value_from_object(instance)
        binary = isinstance(value, (bytes, bytearray, memoryview))  # a file in a column: its digest only
        data[field.attname] = _digest_value(value) if field.name in digested or binary else _json_value(value)
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            if m2m is not None and field.name in m2m:
                data[field.name] = sorted(m2m[field.name])
            else:
                data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


# The columns of a record that its hash covers, in the order of ``event_payload``'s keys.
PAYLOAD_FIELDS = ("seq", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr",
                  "before", "after", "reason", "prev_hash")


def payload_of(values: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
    """The hashed content of a record from its ``PAYLOAD_FIELDS`` values (verify reads tuples)."""
    payload = dict(zip(PAYLOAD_FIELDS, values, strict=True))
    payload["actor"] = payload.pop("actor_id")
    payload["at"] = _json_value(payload["at"])
    return payload


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """The hashed content of an event (everything but its own hash)."""
    return payload_of([getattr(event, f) for f in PAYLOAD_FIELDS])


def compute_hash(event: AuditEvent) -> str:
    return hash_payload(event_payload(event))


def hash_payload(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(payload)).hexdigest()


def object_type_of(instance: models.Model) -> str:
    return instance._meta.label_lower


def lock_chain() -> tuple[int, str]:
    """Take the chain's append lock for the current transaction; the head's (seq, hash).

    Every writer of the chain calls this first, inside its transaction, so appends are
    serialised and the chain never forks (SQLite serialises writers by itself).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    return (last.seq, last.hash) if last else (0, GENESIS)


def record(
    action: str,
    instance: models.Model | None = None,
    *,
    actor: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    ``after`` defaults to the snapshot of ``instance`` (None for a deletion). Runs in
    the caller's transaction when there is one; appends are serialised so the chain
    never forks.
    """
    if instance is not None:
        object_type = object_type or object_type_of(instance)
        object_id = object_id or str(instance.pk)
        object_repr = object_repr if object_repr is not None else str(instance)[:255]
        if after is None and action != "delete":
            after = snapshot(instance)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    for attempt in range(5):
        try:
            with transaction.atomic():
                last_seq, last_hash = lock_chain()
                event = AuditEvent(
                    seq=last_seq + 1,
                    at=timezone.now(),
                    actor=actor_obj,
                    actor_name=(str(actor_obj) if actor_obj
                                else (actor if isinstance(actor, str) else "hệ thống"))[:150],
                    action=action,
                    object_type=object_type or "",
                    object_id=str(object_id or ""),
                    object_repr=(object_repr or "")[:255],
                    before=before,
                    after=after,
                    reason=reason or "",
                    prev_hash=last_hash,
                )
                event.hash = compute_hash(event)
                event.save()
                anchors.schedule()
                return event
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def record_if_changed(action: str, instance: models.Model, *, actor: Any = None,
                      reason: str = "") -> AuditEvent | None:
    """Record ``instance`` when its content differs from what its latest event recorded (or it has
    none): for writers that change a row in several steps (links, many-to-many) and record once."""
    after = snapshot(instance)
    last = history(instance).order_by("-seq").only("after").first()
    if last is not None and last.after == after:
        return None
    return record(action if last is not None else "create", instance, actor=actor,
                  before=last.after if last is not None else None, after=after, reason=reason)


def chain_head() -> dict[str, Any]:
    """The head of the audit chain: ``{"chain", "seq", "hash", "at"}``.

    ``chain`` is the hash of record #1 (which chain this is), ``seq``/``hash`` the newest record's,
    ``at`` its time (ISO 8601, UTC); an empty chain is seq 0 with the genesis hash. This is what the
    anchors keep outside the database (``audit/anchors.py``); reporting calls it through
    ``anchors.pdf_keyword`` when a report is signed, and ``theodoi audit anchor`` prints it.
    """
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash", "at").first()
    if last is None:
        return {"chain": GENESIS, "seq": 0, "hash": GENESIS, "at": ""}
    first = AuditEvent.objects.filter(seq=1).values_list("hash", flat=True).first() or GENESIS
    return {"chain": first, "seq": last.seq, "hash": last.hash, "at": _json_value(last.at)}


def history(instance: models.Model):
    """Events about one object, oldest first."""
    return AuditEvent.objects.filter(object_type=object_type_of(instance), object_id=str(instance.pk))


def record_baseline(reason: str, actor: Any = "dòng lệnh") -> dict[str, int]:
    """Record a ``baseline`` event for every audited row that has none; counts by object type.

    For an installation upgraded from a version that did not audit some models (accounts,
    memberships, tokens): the operator states once, in the trail itself, that the rows as they
    are now are the starting point. Rows recorded already are left alone.
    """
    from django.apps import apps

    from theodoi.audit.verify import AUDITED, BATCH, unrecorded

    counts: dict[str, int] = {}
    for otype, label in AUDITED.items():
        model = apps.get_model(label)
        n = 0
        while True:
            with transaction.atomic():
                rows = list(unrecorded(otype, model)[:BATCH])
                for row in rows:
                    record("baseline", row, actor=actor, reason=reason)
            n += len(rows)
            if len(rows) < BATCH:
                break
        counts[otype] = n
    return counts
