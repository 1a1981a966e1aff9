"""Each unit's counts (``UnitCounts``): marked stale by the writes, counted by the readers, written back.

What a unit's counts hold changes when a task's or target's stored state changes (``state.refresh_tasks``
and ``refresh_targets`` call :func:`tasks_changed` and :func:`targets_changed`: every update, figure,
indicator and target write), when a task, a target or a plan changes a field its status reads or
where it is counted (the signals below: its lead unit, parent, dates, pause; the target's goal and
unit; the plan's due day and period), and when a unit changes kind. Such a write never counts: it
only *marks* the units concerned, in its transaction (:func:`mark`: one UPDATE setting their row's
``day`` to None and its ``version`` one up; the rows missing, rare, inserted first).

The readers (``selectors.counts.by_province``) count the units whose row is stale or of another day
themselves, so nothing they show is stale: an approval is visible on the next request. A reader
counting for today then writes those counts back (:func:`write_back`), each row with a compare-and-set
on the version it read before counting (stored only where the row, taken for the write-back, still
has that version): a write that marked the row since, committed or not, is never overwritten by the
older counts. The write-back is a short transaction of its own (a savepoint inside another) that
waits for nothing: on PostgreSQL it takes only the rows no one holds (``FOR UPDATE SKIP LOCKED``), on
SQLite it gives up at once when another connection holds the write lock, and any database error only
leaves the rows stale for the next reader; it cannot fail the page nor deadlock. (The reader writes
back rather than leaving it to the daily job so that on deadline day the units counted live stay the
few written since the last read, not every unit written since midnight.)

The day itself changes the statuses: the daily job counts every unit again (:func:`rebuild`, the
same compare-and-set), and so does ``theodoi state rebuild``; a bulk loader calls :func:`rebuild`
for its units (``demo/benchdata.py``, ``theodoi demo``). :func:`differences` compares every fresh row
(of the day, not stale) with its unit counted again (``theodoi state verify``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from theodoi.domain.scoring import COUNTS, Counts
from theodoi.planning.models import Document, Target, Task, UnitCounts
from theodoi.planning.selectors import counts as sel
from theodoi.storage import written
from theodoi.tenancy.models import Unit

CHUNK = sel.CHUNK  # units counted, and rows stored, at once
log = logging.getLogger(__name__)


# -- the writes: marking --------------------------------------------------------------------------
def _bump(rows: QuerySet[UnitCounts]) -> int:
    """Mark these rows stale (no day, the version one up): the number of rows marked."""
    return rows.update(day=None, version=F("version") + 1)


def _bump_lead_unit(task_id: int) -> int:
    """:func:`_bump` of the task's lead unit's row, found in the same statement, written out
    (``storage.written``: the statement of every sent update, built by the ORM in 0.5 ms of CPU)."""
    c, t = written.table(UnitCounts), written.table(Task)
    day, version = written.column(UnitCounts, "day"), written.column(UnitCounts, "version")
    unit, lead = written.column(UnitCounts, "unit"), written.column(Task, "lead_unit")
    return written.execute(f"UPDATE {c} SET {day} = NULL, {version} = {version} + 1 "
                           f"WHERE {unit} IN (SELECT {lead} FROM {t} WHERE {written.column(Task, 'id')} = %s)",
                           [task_id])


def mark(unit_ids: Iterable[int | None]) -> None:
    """Mark these units' counts stale, in the caller's transaction (one UPDATE; the rows missing
    inserted, then marked, so a row another writer inserted meanwhile is marked too)."""
    ids = sorted({pk for pk in unit_ids if pk})
    if not ids:
        return
    with transaction.atomic(savepoint=False):  # part of the write: a failure here fails it
        if _bump(UnitCounts.objects.filter(pk__in=ids)) < len(ids):
            UnitCounts.objects.bulk_create([UnitCounts(unit_id=pk) for pk in ids], ignore_conflicts=True)
            _bump(UnitCounts.objects.filter(pk__in=ids))


def tasks_changed(task_ids: Iterable[int]) -> None:
    """These tasks' state changed: their lead units' counts marked stale. One task (a sent update, a
    review): one UPDATE of its lead unit's row, found in the same statement."""
    ids = sorted({pk for pk in task_ids if pk})
    if len(ids) == 1 and _bump_lead_unit(ids[0]) == 1:
        return
    if ids:  # several tasks, or a lead unit without its row (or none)
        mark(Task.objects.filter(pk__in=ids).order_by().values_list("lead_unit_id", flat=True))


def targets_changed(target_ids: Iterable[int]) -> None:
    """These targets' state (or row) changed: their owners' counts marked stale (one target: one UPDATE)."""
    ids = sorted({pk for pk in target_ids if pk})
    if len(ids) == 1:
        owner = Target.objects.filter(pk=ids[0]).order_by().values(owner=Coalesce("responsible_unit_id",
                                                                                 "document__issuer_id"))
        if _bump(UnitCounts.objects.filter(unit=Subquery(owner))) == 1:
            return
    if ids:
        mark(_owners(Target.objects.filter(pk__in=ids)))


def _owners(targets: Any) -> set[int | None]:
    return {resp or issuer for resp, issuer in targets.values_list("responsible_unit_id", "document__issuer_id")}


# -- the readers' write-back and the daily job: storing with a compare-and-set --------------------
def _columns(counts: Counts) -> dict[str, int]:
    return {name: getattr(counts, name) for name in COUNTS}


def _store(read: Mapping[int, int], found: Mapping[int, Counts], day: dt.date) -> int:
    """In the caller's transaction, write ``found`` (by unit; a unit not in it counts nothing) as the
    counts of ``day`` of the rows of ``read`` (unit → the version read before counting), each only if
    its version is still that one: a compare-and-set, the versions compared on the rows taken for
    this transaction (PostgreSQL: locked, skipping those another transaction holds, as a writer
    marking them does; SQLite: its IMMEDIATE transaction holds the write lock), then those rows
    replaced with their version kept (three statements a chunk, whatever its size). A writer waiting
    on a replaced row marks the new one (``mark``: a row not found is inserted or found again). The
    number of rows written."""
    stored = 0
    ids = sorted(read)
    for i in range(0, len(ids), CHUNK):
        rows = UnitCounts.objects.filter(pk__in=ids[i:i + CHUNK]).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        same = {pk: version for pk, version in rows.values_list("pk", "version") if read[pk] == version}
        if same:
            UnitCounts.objects.filter(pk__in=sorted(same)).delete()
            UnitCounts.objects.bulk_create([UnitCounts(unit_id=pk, day=day, version=version,
                                                       **_columns(found.get(pk, Counts())))
                                            for pk, version in sorted(same.items())])
        stored += len(same)
    return stored


@contextlib.contextmanager
def _no_wait() -> Iterator[None]:
    """On SQLite outside a transaction: the write-back's BEGIN IMMEDIATE fails at once, instead of
    waiting up to the busy timeout, while another connection writes (inside one, the write lock is
    already held). PostgreSQL waits for no row: ``SKIP LOCKED``."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cur:
        cur.execute("PRAGMA busy_timeout")
        before = int(cur.fetchone()[0])
        cur.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA busy_timeout = {before:d}")


def write_back(read: Mapping[int, int], found: Mapping[int, Counts], day: dt.date) -> int:
    """A reader's counts of the stale units of ``read`` (unit → the version read before counting them)
    stored for ``day``: in a short transaction of its own that waits for no lock (the rows another
    transaction holds, as a writer marking them does, are left stale), each row only if its version
    is unchanged; a database error leaves them stale (logged), never fails the reader. The number of
    rows written."""
    if not read:
        return 0
    try:
        with _no_wait(), transaction.atomic():
            return _store(read, found, day)
    except DatabaseError as exc:  # locked, or anything else: the next reader counts them again
        log.info("unit counts not written back (%d units): %s", len(read), exc)
        return 0


def units_counting() -> set[int]:
    """Every unit whose counts hold a task or a target (leading one, owning one)."""
    led = set(sel.counted_tasks(Task.objects.all()).values_list("lead_unit_id", flat=True).distinct())
    return led | {pk for pk in _owners(sel.counted_targets(Target.objects.all())) if pk}


def rebuild(unit_ids: Iterable[int] | None = None, day: dt.date | None = None) -> int:
    """Count these units (None: every unit with a task, a target or a row) again for ``day``, in chunks
    of a transaction each, and store their counts: the rows there only where no write marked them
    since their version was read (those stay stale, the readers count them), the rows missing
    inserted (a row of a unit that counts nothing any more keeps zeros). The number of units counted."""
    day = day or timezone.localdate()
    if unit_ids is None:
        ids = sorted(units_counting() | set(UnitCounts.objects.values_list("pk", flat=True)))
    else:
        ids = sorted({pk for pk in unit_ids if pk})
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        with transaction.atomic():
            read = dict(UnitCounts.objects.filter(pk__in=chunk).values_list("pk", "version"))  # before counting
            found = sel.of_units(chunk, day).by_unit
            UnitCounts.objects.bulk_create([UnitCounts(unit_id=pk, day=day, **_columns(found.get(pk, Counts())))
                                            for pk in chunk if pk not in read], ignore_conflicts=True)
            _store(read, found, day)
    return len(ids)


def differences(day: dt.date | None = None) -> list[str]:
    """Every unit whose fresh counts (stored for ``day``, today by default, not marked stale since)
    differ from its units counted again, and every unit counting a task or target without a row, one
    line each; empty when exact. A stale row is not compared: its readers count it themselves."""
    day = day or timezone.localdate()
    out = []
    counting = units_counting()
    stored = {row[0]: row[1:] for row in UnitCounts.objects.values_list("pk", "day", "version", *COUNTS)}
    ids = sorted(counting | set(stored))  # a unit counting nothing any more: its fresh row holds zeros
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        found = sel.of_units(chunk, day).by_unit
        wrong = {}
        for pk in chunk:
            row = stored.get(pk)
            want = found.get(pk, Counts()).as_tuple()
            if row is None:
                if pk in counting:
                    out.append(f"unit {pk}: no stored counts, counted {want!r}")
            elif row[0] == day and tuple(row[2:]) != want:
                wrong[pk] = (row[1], f"unit {pk}: stored {tuple(row[2:])!r}, counted {want!r}")
        if wrong:  # a write that marked the row while it was counted is no difference
            now = dict(UnitCounts.objects.filter(pk__in=sorted(wrong)).values_list("pk", "version"))
            out += [line for pk, (version, line) in wrong.items() if now.get(pk) == version]
    return out


# -- after a write (same transaction) ---------------------------------------------------------
# What a task's, target's and plan's status and place read (``selectors.counts``): a save that changes
# none of them leaves the counts as they are.
_TASK_FIELDS = ("lead_unit_id", "parent_id", "document_id", "due_date", "completed_on", "run_state", "recurrence")
_TARGET_FIELDS = ("responsible_unit_id", "document_id")  # the rest: ``state._on_target`` refreshes its state
_DOCUMENT_FIELDS = ("issuer_id", "monthly_due_day", "issued_date", "period_start", "period_end")


def _before(model: type[Task] | type[Document], fields: tuple[str, ...], instance: Any, **kwargs: Any) -> None:
    """Remember, on the instance, the fields as stored before this save (none for a new row)."""
    if kwargs.get("raw") or instance.pk is None:
        instance._counted_before = None
        return
    instance._counted_before = model._default_manager.filter(pk=instance.pk).values(*fields).first()


def _changed(instance: Any, fields: tuple[str, ...]) -> tuple[bool, dict[str, Any] | None]:
    old = getattr(instance, "_counted_before", None)
    return old is None or any(old[f] != getattr(instance, f) for f in fields), old


def _task_before(sender: Any, instance: Task, **kwargs: Any) -> None:
    _before(Task, _TASK_FIELDS, instance, **kwargs)


def _on_task(sender: Any, instance: Task, **kwargs: Any) -> None:
    changed, old = _changed(instance, _TASK_FIELDS)
    if not changed or kwargs.get("raw"):  # a fixture loaded as it is: ``rebuild`` counts it
        return
    units = {instance.lead_unit_id, old["lead_unit_id"] if old else None}
    parents = [pk for pk in (instance.parent_id, old["parent_id"] if old else None) if pk]
    if parents:  # a group's own counting changes when it gains or loses its last sub-task
        units |= set(Task.objects.filter(pk__in=parents).values_list("lead_unit_id", flat=True))
    mark(units)


def _on_task_deleted(sender: Any, instance: Task, **kwargs: Any) -> None:
    units = {instance.lead_unit_id}
    if instance.parent_id:
        units |= set(Task.objects.filter(pk=instance.parent_id).values_list("lead_unit_id", flat=True))
    mark(units)


def _target_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None:
        instance._counted_before = None
        return
    instance._counted_before = _owners(Target.objects.filter(pk=instance.pk)) or None


def _on_target(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    old = getattr(instance, "_counted_before", None) or set()
    mark(old - _owners(Target.objects.filter(pk=instance.pk)))  # the new owner: ``targets_changed``


def _on_target_deleted(sender: Any, instance: Target, **kwargs: Any) -> None:
    issuer = Document.objects.filter(pk=instance.document_id).values_list("issuer_id", flat=True).first()
    mark([instance.responsible_unit_id or issuer])


def _document_before(sender: Any, instance: Document, **kwargs: Any) -> None:
    _before(Document, _DOCUMENT_FIELDS, instance, **kwargs)


def _of_plan(plan_id: int) -> set[int | None]:
    units: set[int | None] = set(Task.objects.filter(document_id=plan_id).values_list("lead_unit_id", flat=True))
    return units | _owners(Target.objects.filter(document_id=plan_id))


def _on_document(sender: Any, instance: Document, created: bool = False, **kwargs: Any) -> None:
    changed, old = _changed(instance, _DOCUMENT_FIELDS)
    if created or not changed or kwargs.get("raw"):
        return
    mark(_of_plan(instance.pk) | {old["issuer_id"] if old else None})


def _on_unit(sender: Any, instance: Unit, created: bool = False, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    # its kind decides whether its tasks count, and whether the targets of its plans do
    mark({instance.pk} | _owners(Target.objects.filter(Q(document__issuer=instance))))


def connect() -> None:
    """Connect the counts' upkeep to the writes of the rows they are counted from (after the state's)."""
    pre_save.connect(_task_before, sender=Task, dispatch_uid="unit-counts-Task-before")
    post_save.connect(_on_task, sender=Task, dispatch_uid="unit-counts-Task")
    post_delete.connect(_on_task_deleted, sender=Task, dispatch_uid="unit-counts-Task-delete")
    pre_save.connect(_target_before, sender=Target, dispatch_uid="unit-counts-Target-before")
    post_save.connect(_on_target, sender=Target, dispatch_uid="unit-counts-Target")
    post_delete.connect(_on_target_deleted, sender=Target, dispatch_uid="unit-counts-Target-delete")
    pre_save.connect(_document_before, sender=Document, dispatch_uid="unit-counts-Document-before")
    post_save.connect(_on_document, sender=Document, dispatch_uid="unit-counts-Document")
    post_save.connect(_on_unit, sender=Unit, dispatch_uid="unit-counts-Unit")
