"""Which chain of the audit trail a record goes to: one chain per province.

Every record names its chain (``AuditEvent.chain``): the slug of the province its row belongs to
(the reporting unit of an update or figure, the issuer of a plan and of its targets and tasks,
the unit of a membership, report or certificate), the slug of the top of the tree for rows of
the national layer (ministries, the Government), and ``GLOBAL`` (``""``) for rows of no unit
(accounts, API tokens, second factors) and for every record written before the chains existed
(the legacy chain, unchanged). Appends are serialised per chain (``audit.services.lock_chain``),
so communes of different provinces never wait for each other.

The mapping is only a placement: the integrity of the trail never depends on a record being in
the "right" chain (each chain is hash-linked and verified on its own), so the process keeps the
unit → chain answers it has computed (cleared whenever a unit is saved).
"""

from __future__ import annotations

import zlib
from typing import Any

from django.db import models

GLOBAL = ""  # accounts, tokens, system records, and the legacy chain of the records before chains
_BY_UNIT: dict[int, str] = {}
_BY_PARENT: dict[tuple[str, int], int | None] = {}  # (model label, pk) -> unit id
_MOST = 200_000  # entries kept before the caches start again


def lock_key(chain: str) -> int:
    """The 32-bit key of the chain's PostgreSQL advisory lock (a collision only serialises two chains)."""
    return zlib.crc32(chain.encode()) - 2**31


def forget(*_args: Any, **_kwargs: Any) -> None:
    """Empty the caches (a unit was saved: its place in the tree may have changed)."""
    _BY_UNIT.clear()
    _BY_PARENT.clear()


def of_unit(unit_id: int | None) -> str:
    """The chain of a unit's rows: its province's slug, else the slug of its tree's top."""
    if not unit_id:
        return GLOBAL
    key = _BY_UNIT.get(unit_id)
    if key is not None:
        return key
    from theodoi.tenancy.models import Unit, UnitKind

    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    if path is None:
        return GLOBAL
    ids = [int(x) for x in path.strip("/").split("/") if x.isdigit()] or [unit_id]
    rows = {pk: (slug, kind) for pk, slug, kind in Unit.objects.filter(pk__in=ids).values_list("pk", "slug", "kind")}
    provinces = [rows[pk][0] for pk in ids if pk in rows and rows[pk][1] == UnitKind.PROVINCE]
    key = provinces[0] if provinces else (rows[ids[0]][0] if ids[0] in rows else GLOBAL)
    if len(_BY_UNIT) > _MOST:
        _BY_UNIT.clear()
    _BY_UNIT[unit_id] = key
    return key


# The unit a row of each kind belongs to: a column of the row, or the unit of a parent row.
_UNIT_COLUMNS = ("unit_id", "issuer_id")
_PARENTS = (  # (attribute, parent model label, the parent's unit as a lookup)
    ("document_id", "planning.Document", "issuer_id"),
    ("task_id", "planning.Task", "document__issuer_id"),
    ("target_id", "planning.Target", "document__issuer_id"),
    ("update_id", "planning.ProgressUpdate", "unit_id"),
    ("measurement_id", "planning.Measurement", "unit_id"),
    ("stage_id", "planning.TaskStage", "task__document__issuer_id"),
)


def _parent_unit(instance: models.Model, attr: str, label: str, lookup: str) -> int | None:
    pk = getattr(instance, attr)
    name = attr[:-3]
    cached = instance._state.fields_cache.get(name)
    if cached is not None:
        return unit_of(cached)
    got = _BY_PARENT.get((label, pk), 0)
    if got == 0:
        from django.apps import apps

        got = apps.get_model(label)._default_manager.filter(pk=pk).values_list(lookup, flat=True).first()
        if len(_BY_PARENT) > _MOST:
            _BY_PARENT.clear()
        _BY_PARENT[(label, pk)] = got
    return got


def unit_of(instance: models.Model) -> int | None:
    """The unit whose province's chain records ``instance`` (None: the global chain)."""
    if instance._meta.label == "tenancy.Unit":
        return instance.pk
    for column in _UNIT_COLUMNS:
        value = getattr(instance, column, None)
        if value:
            return value
    for attr, label, lookup in _PARENTS:
        if getattr(instance, attr, None):
            return _parent_unit(instance, attr, label, lookup)
    return None


def chain_of(instance: models.Model | None) -> str:
    """The chain a record about ``instance`` goes to (``GLOBAL`` for None or a row of no unit)."""
    if instance is None:
        return GLOBAL
    return of_unit(unit_of(instance))
