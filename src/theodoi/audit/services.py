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
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from theodoi.audit import anchors
from theodoi.audit.chains import GLOBAL, chain_of, lock_key
from theodoi.audit.models import AuditEvent
from theodoi.storage import written

GENESIS = "0" * 64
_LOCK_ID = 575757  # first key of the chains' advisory locks on PostgreSQL (the second: the chain's)
CHAIN_TYPE = "audit.chain"  # object type of the global chain's records about the chains (open, heads)


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


def payload_of(values: tuple[Any, ...] | list[Any], chain: str = GLOBAL) -> dict[str, Any]:
    """The hashed content of a record from its ``PAYLOAD_FIELDS`` values (verify reads tuples).

    A province's record carries its chain in the hash (moving it to another chain breaks it); a
    record of the global chain hashes as every record did before the chains existed.
    """
    payload = dict(zip(PAYLOAD_FIELDS, values, strict=True))
    payload["actor"] = payload.pop("actor_id")
    payload["at"] = _json_value(payload["at"])
    if chain:
        payload["chain"] = chain
    return payload


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """The hashed content of an event (everything but its own hash)."""
    return payload_of([getattr(event, f) for f in PAYLOAD_FIELDS], event.chain)


def compute_hash(event: AuditEvent) -> str:
    return hash_payload(event_payload(event))


def hash_payload(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(payload)).hexdigest()


def canonical_json(value: Any) -> str:
    """A JSON value as :func:`canonical` writes it inside a record's payload (keys sorted, no spaces)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


_encode_str = json.encoder.encode_basestring  # what ``json.dumps(ensure_ascii=False)`` writes a string as


def _encoded(value: Any) -> str:
    """``canonical_json(value)``, quicker for the values most columns hold (text, whole numbers, null)."""
    if type(value) is str:
        return _encode_str(value)
    if type(value) is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return canonical_json(value)


def hasher(chain: str, *, at: Any, actor_id: int | None, actor_name: str, before: Any,
           reason: str) -> Callable[[int, str, str, str, str, str, str], str]:
    """The hash of records that share their chain, time, actor, ``before`` and reason (a bulk load's),
    as a function of the rest: ``(seq, action, object_type, object_id, object_repr, prev_hash,
    after_json)``, ``after_json`` being ``canonical_json(after)``. The payload of :func:`payload_of` is
    written out key by key exactly as ``canonical`` writes it (``json.dumps(…, sort_keys=True)``, no
    spaces), the shared keys once, so the hash is :func:`compute_hash`'s by construction;
    ``tests/unit/audit`` checks it on generated records."""
    enc = _encoded
    mid = (f',"actor":{enc(actor_id)},"actor_name":{enc(actor_name)},"after":')
    after_at = (f',"at":{enc(_json_value(at))},"before":{enc(before)}'
                + (f',"chain":{_encode_str(chain)}' if chain else "") + ',"object_id":')
    tail = f',"reason":{enc(reason)},"seq":'

    def digest(seq: int, action: str, object_type: str, object_id: str, object_repr: str, prev_hash: str,
               after_json: str) -> str:
        text = "".join(('{"action":', enc(action), mid, after_json, after_at, enc(object_id), ',"object_repr":',
                        enc(object_repr), ',"object_type":', enc(object_type), ',"prev_hash":', enc(prev_hash),
                        tail, enc(seq), "}"))
        return hashlib.sha256(text.encode()).hexdigest()
    return digest


def hash_values(values: tuple[Any, ...] | list[Any], chain: str, after_json: str) -> str:
    """The hash :func:`compute_hash` gives a record of these ``PAYLOAD_FIELDS`` values, ``after`` given
    as its ``canonical_json`` (``after_json``; the one among ``values`` is not read): :func:`hasher`'s."""
    v = dict(zip(PAYLOAD_FIELDS, values, strict=True))
    return hasher(chain, at=v["at"], actor_id=v["actor_id"], actor_name=v["actor_name"], before=v["before"],
                  reason=v["reason"])(v["seq"], v["action"], v["object_type"], v["object_id"], v["object_repr"],
                                      v["prev_hash"], after_json)


def object_type_of(instance: models.Model) -> str:
    return instance._meta.label_lower


def lock_chain(chain: str = GLOBAL) -> tuple[int, str]:
    """Take ``chain``'s append lock for the current transaction; its head's (seq, hash).

    Every writer of a chain calls this first, inside its transaction, so appends to one chain are
    serialised and it never forks, while other chains append at the same time (PostgreSQL: an
    advisory lock keyed by the chain; SQLite serialises writers by itself).
    """
    seq, last_hash, _first = _lock_head(chain)
    return seq, last_hash


def _lock_head(chain: str) -> tuple[int, str, str]:
    """As :func:`lock_chain`, with the hash of the chain's record #1 (``GENESIS`` for an empty chain),
    read in the same query as the head (as :func:`chain_head` reads them)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_ID, lock_key(chain)])
        # one fixed statement on every append (two lookups of the (chain, seq) index), written out
        # rather than built by the ORM each time: the same rows as chain_head's query
        cur.execute(_HEAD_SQL, [chain, chain])
        last = cur.fetchone()
    return (int(last[0]), last[1], last[2] or GENESIS) if last else (0, GENESIS, GENESIS)


_HEAD_SQL = (f"SELECT seq, hash, (SELECT hash FROM {AuditEvent._meta.db_table} WHERE chain = %s AND seq = 1) "
             f"FROM {AuditEvent._meta.db_table} WHERE chain = %s ORDER BY seq DESC LIMIT 1")


def _anchor_of(event: AuditEvent, first: str) -> anchors.Anchor:
    """The anchor of ``event`` as the head of its chain (``first``: the hash of the chain's record #1),
    equal to ``anchors.current(chain)`` once its transaction commits (its writer holds the chain's lock
    until then, so no other record follows it before)."""
    return anchors.Anchor(seq=event.seq, hash=event.hash, at=_json_value(event.at),
                          chain=event.hash if event.seq == 1 else first, key=event.chain)


def opening(chain: str, first_hash: str, at: Any, head: tuple[int, str]) -> AuditEvent:
    """The global chain's record that a province's chain starts with ``first_hash``, after the global
    chain's ``head`` (unsaved; the caller holds both chains' locks and saves it with the chain's
    record #1). ``audit verify`` then finds a chain deleted whole, or replaced, from its opening."""
    seq, prev = head
    event = AuditEvent(chain=GLOBAL, seq=seq + 1, at=at, actor=None, actor_name="hệ thống", action="open",
                       object_type=CHAIN_TYPE, object_id=chain[:64], object_repr=chain[:255], before=None,
                       after={"chain": chain, "first": first_hash}, reason="", prev_hash=prev)
    event.hash = compute_hash(event)
    return event


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
    chain: str | None = None,
) -> AuditEvent:
    """Append one event to its chain (``chain``, else the chain of ``instance``: its province's,
    ``audit/chains.py``) and return it.

    ``after`` defaults to the snapshot of ``instance`` (None for a deletion). Runs in
    the caller's transaction when there is one; appends to a chain are serialised so it
    never forks. The first record of a province's chain also writes its opening in the global chain.
    """
    if instance is not None:
        object_type = object_type or object_type_of(instance)
        object_id = object_id or str(instance.pk)
        object_repr = object_repr if object_repr is not None else str(instance)[:255]
        if after is None and action != "delete":
            after = snapshot(instance)
    key = chain if chain is not None else chain_of(instance)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    # no savepoint: the chain's lock rules out a concurrent append, so there is nothing to retry
    with transaction.atomic(savepoint=False):
        last_seq, last_hash, first = _lock_head(key)
        event = AuditEvent(
            chain=key,
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
        if key != GLOBAL and last_seq == 0:
            seq, prev, global_first = _lock_head(GLOBAL)
            opened = opening(key, event.hash, event.at, (seq, prev))
            opened.save()
            anchors.schedule(GLOBAL, _anchor_of(opened, global_first))
        # written out (``storage.written``), as ``event.save()`` inserts it: nothing listens to its signals
        written.insert_one(event)
        # the anchor file's line for this chain once committed: this record, no query after the commit
        anchors.schedule(key, _anchor_of(event, first))
        return event


def record_if_changed(action: str, instance: models.Model, *, actor: Any = None,
                      reason: str = "") -> AuditEvent | None:
    """Record ``instance`` when its content differs from what its latest event recorded (or it has
    none): for writers that change a row in several steps (links, many-to-many) and record once."""
    after = snapshot(instance)
    last = history(instance).order_by("-id").only("after").first()
    if last is not None and last.after == after:
        return None
    return record(action if last is not None else "create", instance, actor=actor,
                  before=last.after if last is not None else None, after=after, reason=reason)


def chain_head(chain: str = GLOBAL) -> dict[str, Any]:
    """The head of one chain of the audit trail: ``{"chain", "key", "seq", "hash", "at"}``.

    ``chain`` in the answer is the hash of the chain's record #1 (which chain this is, whatever its
    name), ``key`` its name (the province's slug; ``""`` the global chain), ``seq``/``hash`` the newest
    record's, ``at`` its time (ISO 8601, UTC); an empty chain is seq 0 with the genesis hash. This is
    what the anchors keep outside the database (``audit/anchors.py``); a signed report carries the
    head of its unit's chain (``anchors.pdf_keyword``), ``theodoi audit anchor`` prints the global one.
    """
    first = AuditEvent.objects.filter(chain=chain, seq=1).values("hash")[:1]
    last = (AuditEvent.objects.filter(chain=chain).order_by("-seq").annotate(first=models.Subquery(first))
            .values_list("seq", "hash", "at", "first").first())  # one query, two index lookups
    if last is None:
        return {"chain": GENESIS, "key": chain, "seq": 0, "hash": GENESIS, "at": ""}
    return {"chain": last[3] or GENESIS, "key": chain, "seq": last[0], "hash": last[1], "at": _json_value(last[2])}


def heads() -> dict[str, list[Any]]:
    """``{chain: [seq, hash]}``: the head of every chain but the global one (two queries)."""
    from django.db.models import Max

    last = dict(AuditEvent.objects.exclude(chain=GLOBAL).values("chain").annotate(m=Max("seq"))
                .values_list("chain", "m"))
    if not last:
        return {}
    q = models.Q()
    for key, seq in last.items():
        q |= models.Q(chain=key, seq=seq)
    return {key: [seq, h] for key, seq, h in AuditEvent.objects.filter(q).values_list("chain", "seq", "hash")}


def record_heads(actor: Any = "dòng lệnh") -> AuditEvent:
    """Append to the global chain a record of every province chain's head (the chain of heads):
    anchoring the global chain's head outside the database then anchors every chain up to it."""
    return record("heads", None, actor=actor, object_type=CHAIN_TYPE, object_id="heads",
                  object_repr="Đầu các chuỗi nhật ký", after={"heads": heads()}, chain=GLOBAL)


def history(instance: models.Model):
    """Events about one object, oldest first (by ``id``: an object's records may sit in two chains
    when its unit moved to another province)."""
    return AuditEvent.objects.filter(object_type=object_type_of(instance), object_id=str(instance.pk)).order_by("id")


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
