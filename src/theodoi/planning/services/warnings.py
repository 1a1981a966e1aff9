"""Keeping the stored warnings (``planning.models.warnings``) true.

``refresh_all(day)`` computes every warning of ``day`` with the rules of
``planning.selectors.warnings`` — tasks and figures read in chunks, so memory stays bounded
whatever the size of the country — and replaces the stored set in one transaction. The daily
job calls it. ``refresh_subjects`` recomputes the warnings of some tasks and some (target, unit)
series; it runs when a transaction that wrote one of them commits (signals connected in
``PlanningConfig.ready``), so a page read after an approval shows it. Nothing is written when
no set is stored for today: pages then compute live.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from theodoi.domain.messages import to_store
from theodoi.planning.models import (
    DocStatus,
    Document,
    Evidence,
    Measurement,
    ProgressUpdate,
    StoredWarning,
    Task,
    TaskStage,
    WarningRefresh,
)
from theodoi.planning.selectors import warnings as rules

log = logging.getLogger(__name__)
CHUNK = 500


def _row(w: rules.Warning, day: dt.date) -> StoredWarning:
    return StoredWarning(
        day=day, code=w.code, severity=w.severity, rank=rules.RANK[w.severity], unit=w.unit,
        unit_path=w.unit.path if w.unit else "", task=w.task, target=w.target, update=w.update,
        measurement=w.measurement, reason=to_store(w.reason_vi),
    )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _task_warnings(task_ids: list[int], day: dt.date) -> Iterable[rules.Warning]:
    for chunk in _chunks(task_ids):
        yield from rules.task_warnings(rules.warned_tasks().filter(pk__in=chunk), day)


def _figure_warnings(target_ids: list[int], day: dt.date, units: set[int] | None = None) -> Iterable[rules.Warning]:
    for chunk in _chunks(target_ids):
        figures = rules.warned_figures(day).filter(target_id__in=chunk)
        if units is not None:
            figures = figures.filter(unit_id__in=units)
        yield from rules.figure_warnings(figures)


def refresh_all(day: dt.date | None = None) -> int:
    """Compute and store every warning of ``day`` (today by default); the number stored."""
    day = day or timezone.localdate()
    task_ids = list(rules.warned_tasks().order_by("pk").values_list("pk", flat=True))
    target_ids = sorted(set(rules.warned_figures(day).values_list("target_id", flat=True)))
    with transaction.atomic():
        StoredWarning.objects.all().delete()
        total = 0
        batch: list[StoredWarning] = []
        for w in (*_task_warnings(task_ids, day), *_figure_warnings(target_ids, day)):
            batch.append(_row(w, day))
            if len(batch) >= 2000:
                total += len(StoredWarning.objects.bulk_create(batch))
                batch = []
        total += len(StoredWarning.objects.bulk_create(batch))
        WarningRefresh.objects.create(day=day, total=total)
        transaction.on_commit(rules.forget_stored_day)  # other processes see the new day once committed
    rules.forget_stored_day()
    return total


def refresh_subjects(task_ids: Iterable[int] = (), series: Iterable[tuple[int, int]] = ()) -> None:
    """Recompute the stored warnings of these tasks and (target id, unit id) series, when a set
    is stored for today."""
    day = rules.stored_day()
    if day is None or day != timezone.localdate():
        return
    tasks, pairs = sorted(set(task_ids)), set(series)
    with transaction.atomic():
        if tasks:
            StoredWarning.objects.filter(day=day, task_id__in=tasks).delete()
            StoredWarning.objects.bulk_create(_row(w, day) for w in _task_warnings(tasks, day))
        for target_id, unit_id in sorted(pairs):
            StoredWarning.objects.filter(day=day, task__isnull=True, target_id=target_id,
                                         measurement__unit_id=unit_id).delete()
            StoredWarning.objects.bulk_create(_row(w, day) for w in _figure_warnings([target_id], day, {unit_id}))


# -- after a write ---------------------------------------------------------------------------
def _later(task_ids: Iterable[int] = (), series: Iterable[tuple[int, int]] = ()) -> None:
    tasks, pairs = list(task_ids), list(series)
    if not tasks and not pairs:
        return

    def run() -> None:
        try:
            refresh_subjects(tasks, pairs)
        except Exception:  # the write is committed; the daily job repairs the stored set
            log.exception("stored warnings not refreshed for tasks %s, series %s", tasks, pairs)

    transaction.on_commit(run)


def _on_task(sender: Any, instance: Task, **kwargs: Any) -> None:
    _later(task_ids=[instance.pk])


def _on_update(sender: Any, instance: ProgressUpdate, **kwargs: Any) -> None:
    _later(task_ids=[instance.task_id])


def _on_figure(sender: Any, instance: Measurement, **kwargs: Any) -> None:
    _later(series=[(instance.target_id, instance.unit_id)])


def _on_evidence(sender: Any, instance: Evidence, **kwargs: Any) -> None:
    if instance.update_id:
        task_id = ProgressUpdate.objects.filter(pk=instance.update_id).values_list("task_id", flat=True).first()
        _later(task_ids=[task_id] if task_id else [])
    elif instance.measurement_id:
        m = Measurement.objects.filter(pk=instance.measurement_id).values("target_id", "unit_id").first()
        _later(series=[(m["target_id"], m["unit_id"])] if m else [])


def _on_stage(sender: Any, instance: TaskStage, **kwargs: Any) -> None:
    _later(task_ids=[instance.task_id])  # the science task's reconciliation


def _on_document(sender: Any, instance: Document, **kwargs: Any) -> None:
    if kwargs.get("created") or rules.stored_day() is None:
        return
    tasks = list(Task.objects.filter(document=instance).values_list("pk", flat=True))
    series = set(Measurement.objects.filter(target__document=instance).values_list("target_id", "unit_id"))
    if instance.status != DocStatus.ACTIVE:
        # an ended plan warns no more: its rows go, the recomputation finds none
        StoredWarning.objects.filter(task__document=instance).delete()
        StoredWarning.objects.filter(target__document=instance).delete()
    _later(task_ids=tasks, series=series)


def connect() -> None:
    """Connect the refresh to the writes of the models warnings are computed from."""
    for model, handler in ((Task, _on_task), (ProgressUpdate, _on_update), (Measurement, _on_figure),
                           (Evidence, _on_evidence), (TaskStage, _on_stage), (Document, _on_document)):
        uid = f"stored-warnings-{model.__name__}"
        post_save.connect(handler, sender=model, dispatch_uid=uid)
        post_delete.connect(handler, sender=model, dispatch_uid=uid + "-delete")

