"""Keeping each unit's counts (``UnitCounts``) equal to its tasks' and targets' statuses, in the writing transaction.

What a unit's counts hold changes when a task's or target's stored state changes (``state.refresh_tasks``
and ``refresh_targets`` call :func:`tasks_changed` and :func:`targets_changed`: every update, figure,
indicator and target write), when a task, a target or a plan changes a field its status reads or
where it is counted (the signals below: its lead unit, parent, dates, pause; the target's goal and
unit; the plan's due day and period), and when a unit changes kind. Each such write counts the units
concerned again before its transaction commits, their rows locked first (so two writers of one unit's
rows count one after the other, each seeing the other's committed rows), for today (``localdate``).
The day itself changes the statuses: the daily job counts every unit again (:func:`rebuild`), and
until it has, the readers count the units whose row is of another day (``selectors.counts.by_province``).
A bulk loader calls :func:`rebuild` for its units (``demo/benchdata.py``); :func:`differences` compares
every row of today with the units counted again (``theodoi state verify``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from theodoi.domain.scoring import COUNTS, TARGET_COUNTS, TASK_COUNTS, Counts
from theodoi.planning.models import Document, Target, Task, UnitCounts
from theodoi.planning.selectors import counts as sel
from theodoi.tenancy.models import Unit

CHUNK = 500  # units counted at once by ``rebuild``


def recount(unit_ids: Iterable[int | None], day: dt.date | None = None, *, only: str = "") -> None:
    """Count these units again now, in the caller's transaction, and store their counts for ``day``
    (today by default). ``only`` "tasks" or "targets": only those changed, so only those are counted
    again where the row already holds that day's counts of the others."""
    ids = sorted({pk for pk in unit_ids if pk})
    if not ids:
        return
    day = day or timezone.localdate()
    with transaction.atomic(savepoint=False):  # part of the write: a failure here fails it
        days = dict(UnitCounts.objects.select_for_update().filter(pk__in=ids).values_list("pk", "day"))
        missing = [pk for pk in ids if pk not in days]
        if missing:
            UnitCounts.objects.bulk_create([UnitCounts(unit_id=pk) for pk in missing], ignore_conflicts=True)
            days.update(UnitCounts.objects.select_for_update().filter(pk__in=missing).values_list("pk", "day"))
        part = [pk for pk in ids if only and days.get(pk) == day]
        whole = [pk for pk in ids if pk not in part]
        names = TASK_COUNTS if only == "tasks" else TARGET_COUNTS
        for group, columns in ((whole, COUNTS), (part, names)):
            if not group:
                continue
            found = sel.of_units(group, day, tasks="tasks" in columns, targets="targets" in columns).by_unit
            for pk in group:
                UnitCounts.objects.filter(pk=pk).update(day=day, **_columns(found.get(pk, Counts()), columns))


def _columns(counts: Counts, names: tuple[str, ...] = COUNTS) -> dict[str, int]:
    return {name: getattr(counts, name) for name in names}


def tasks_changed(task_ids: Iterable[int]) -> None:
    """These tasks' state changed: their lead units (and those of the groups they belong to) counted again."""
    ids = [pk for pk in task_ids if pk]
    if ids:
        recount(Task.objects.filter(pk__in=ids).order_by().values_list("lead_unit_id", flat=True), only="tasks")


def targets_changed(target_ids: Iterable[int]) -> None:
    """These targets' state (or row) changed: their owners counted again."""
    ids = [pk for pk in target_ids if pk]
    if ids:
        recount(_owners(Target.objects.filter(pk__in=ids)), only="targets")


def _owners(targets: Any) -> set[int | None]:
    return {resp or issuer for resp, issuer in targets.values_list("responsible_unit_id", "document__issuer_id")}


def units_counting() -> set[int]:
    """Every unit whose counts hold a task or a target (leading one, owning one)."""
    led = set(sel.counted_tasks(Task.objects.all()).values_list("lead_unit_id", flat=True).distinct())
    return led | {pk for pk in _owners(sel.counted_targets(Target.objects.all())) if pk}


def rebuild(unit_ids: Iterable[int] | None = None, day: dt.date | None = None) -> int:
    """Count these units (every unit with a task or a target when None) again for ``day``, in chunks;
    the number of rows written. With None, the rows of units that count nothing any more go."""
    day = day or timezone.localdate()
    ids = sorted(units_counting() if unit_ids is None else {pk for pk in unit_ids if pk})
    with transaction.atomic():
        if unit_ids is None:  # units that count nothing any more
            gone = sorted(set(UnitCounts.objects.values_list("pk", flat=True)) - set(ids))
            for i in range(0, len(gone), CHUNK):
                UnitCounts.objects.filter(pk__in=gone[i:i + CHUNK]).delete()
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            found = sel.of_units(chunk, day).by_unit
            UnitCounts.objects.filter(pk__in=chunk).delete()
            UnitCounts.objects.bulk_create(UnitCounts(unit_id=pk, day=day, **_columns(found.get(pk, Counts())))
                                           for pk in chunk)
    return len(ids)


def differences(day: dt.date | None = None) -> list[str]:
    """Every unit whose stored counts of ``day`` (today by default) differ from its units counted again,
    and every unit counting a task or target without a row, one line each; empty when exact."""
    day = day or timezone.localdate()
    out = []
    ids = sorted(units_counting())
    stored = {row[0]: row[1:] for row in UnitCounts.objects.values_list("pk", "day", *COUNTS)}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        found = sel.of_units(chunk, day).by_unit
        for pk in chunk:
            row = stored.get(pk)
            want = found.get(pk, Counts()).as_tuple()
            if row is None:
                out.append(f"unit {pk}: no stored counts, counted {want!r}")
            elif row[0] == day and tuple(row[1:]) != want:
                out.append(f"unit {pk}: stored {tuple(row[1:])!r}, counted {want!r}")
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
    recount(units)


def _on_task_deleted(sender: Any, instance: Task, **kwargs: Any) -> None:
    units = {instance.lead_unit_id}
    if instance.parent_id:
        units |= set(Task.objects.filter(pk=instance.parent_id).values_list("lead_unit_id", flat=True))
    recount(units)


def _target_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None:
        instance._counted_before = None
        return
    instance._counted_before = _owners(Target.objects.filter(pk=instance.pk)) or None


def _on_target(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    old = getattr(instance, "_counted_before", None) or set()
    recount(old - _owners(Target.objects.filter(pk=instance.pk)))  # the new owner: ``targets_changed``


def _on_target_deleted(sender: Any, instance: Target, **kwargs: Any) -> None:
    issuer = Document.objects.filter(pk=instance.document_id).values_list("issuer_id", flat=True).first()
    recount([instance.responsible_unit_id or issuer])


def _document_before(sender: Any, instance: Document, **kwargs: Any) -> None:
    _before(Document, _DOCUMENT_FIELDS, instance, **kwargs)


def _of_plan(plan_id: int) -> set[int | None]:
    units: set[int | None] = set(Task.objects.filter(document_id=plan_id).values_list("lead_unit_id", flat=True))
    return units | _owners(Target.objects.filter(document_id=plan_id))


def _on_document(sender: Any, instance: Document, created: bool = False, **kwargs: Any) -> None:
    changed, old = _changed(instance, _DOCUMENT_FIELDS)
    if created or not changed or kwargs.get("raw"):
        return
    recount(_of_plan(instance.pk) | {old["issuer_id"] if old else None})


def _on_unit(sender: Any, instance: Unit, created: bool = False, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    # its kind decides whether its tasks count, and whether the targets of its plans do
    recount({instance.pk} | _owners(Target.objects.filter(Q(document__issuer=instance))))


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
