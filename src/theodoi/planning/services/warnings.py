"""Keeping the stored warnings (``planning.models.warnings``) true.

``refresh_all(day)`` computes every warning of ``day`` with the rules of
``planning.selectors.warnings`` — tasks and figures read in chunks, so memory stays bounded
whatever the size of the country — and replaces the stored set in one transaction. The daily
job calls it. ``refresh_subjects`` recomputes the warnings of some tasks and some (target, unit)
series; it runs when a transaction that wrote one of them commits (signals connected in
``PlanningConfig.ready``), so a page read after an approval shows it. A progress update's write
refreshes its task's warnings in its own transaction instead (``state.refresh_tasks``, which reads
the task's updates once for its stored state and its warnings, under the task's ``TaskState``
lock): every refresh of a task's warnings holds that lock, so two never interleave. Nothing is
written when no set is stored for today: pages then compute live.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Iterable
from itertools import chain
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from theodoi.domain.messages import to_store
from theodoi.planning.models import (
    DocStatus,
    Document,
    DocumentLink,
    Evidence,
    Measurement,
    ProgressUpdate,
    StoredWarning,
    Target,
    Task,
    TaskStage,
    WarningRefresh,
)
from theodoi.planning.selectors import warnings as rules
from theodoi.storage import written
from theodoi.tenancy.models import Unit

log = logging.getLogger(__name__)
CHUNK = 500
TEXT = ("source_text", "extraction")  # a plan's whole text, never read with its tasks
TEXT_OF_TASK = tuple(f"document__{f}" for f in TEXT)


def _row(w: rules.Warning, day: dt.date) -> StoredWarning:
    return StoredWarning(
        day=day, code=w.code, severity=w.severity, rank=rules.RANK[w.severity], unit=w.unit,
        unit_path=w.unit.path if w.unit else "", task=w.task, target=w.target, update=w.update,
        measurement=w.measurement, document=w.document, reason=to_store(w.reason_vi),
    )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _chunk_tasks(chunk: list[int]) -> list[Task]:
    """These warned tasks, each plan and lead unit (with its parent) read once and shared by its tasks."""
    tasks = list(rules.warned_tasks().filter(pk__in=chunk).order_by("pk"))
    docs = Document.objects.defer(*TEXT).in_bulk({t.document_id for t in tasks})
    units = Unit.objects.select_related("parent").in_bulk({t.lead_unit_id for t in tasks})
    for t in tasks:
        t.document = docs[t.document_id]
        t.lead_unit = units[t.lead_unit_id]
    return tasks


def _task_warnings(task_ids: list[int], day: dt.date) -> Iterable[rules.Warning]:
    for chunk in _chunks(task_ids):
        yield from rules.task_warnings(_chunk_tasks(chunk), day)


# -- the few tasks a write changed: written-out reads (``storage.written``) ----------------------
def warned_tasks_of(task_ids: list[int]) -> list[Task]:
    """``rules.warned_tasks()`` among these ids, by id, each with its plan (without its text) and its
    lead unit, in one written-out statement, where the daily job's chunks read plans and units apart
    to share them between thousands of tasks. The lead unit's parent, which names it on a page, is not
    stored (``_row``: its id and path). The same objects as the ORM's
    ``warned_tasks().filter(pk__in=ids).select_related("document", "lead_unit").defer(*TEXT_OF_TASK)``
    (tests/integration/tracking/test_written_reads.py compares them field by field)."""
    if not task_ids:
        return []
    out = []
    for task, plan, unit in _warned_tasks_select(len(task_ids)).rows([*task_ids, DocStatus.ACTIVE.value]):
        task.document, task.lead_unit = plan, unit
        out.append(task)
    return out


@functools.cache
def _warned_tasks_select(n: int) -> written.Select:
    tf, df, uf = written.fields_of(Task), written.fields_of(Document, TEXT), written.fields_of(Unit)
    t, d, u = written.table(Task), written.table(Document), written.table(Unit)
    pk, parent = written.column(Task, "id"), written.column(Task, "parent")
    sql = (f"SELECT {written.select_list('t', tf)}, {written.select_list('d', df)}, {written.select_list('u', uf)} "
           f"FROM {t} t JOIN {d} d ON d.{written.column(Document, 'id')} = t.{written.column(Task, 'document')} "
           f"JOIN {u} u ON u.{written.column(Unit, 'id')} = t.{written.column(Task, 'lead_unit')} "
           f"WHERE t.{pk} IN ({written.placeholders(n)}) AND d.{written.column(Document, 'status')} = %s "
           f"AND NOT EXISTS (SELECT 1 FROM {t} c WHERE c.{parent} = t.{pk}) ORDER BY t.{pk}")
    return written.Select(sql, [(Task, tf), (Document, df), (Unit, uf)])


def task_updates(task_ids: list[int]) -> dict[int, list[ProgressUpdate]]:
    """Every update of these tasks, oldest first (period end, then id), its evidence counted
    (``n_evidence``) and the fields no warning judges deferred (``rules.UNJUDGED``): what both the
    task's stored state (``state.refresh_tasks``) and its warnings are computed from, read once by a
    write in one written-out statement (the same objects as the ORM's
    ``ProgressUpdate.objects.filter(task__in=ids).defer(*UNJUDGED).annotate(n_evidence=Count("evidence"))``,
    compared by a test)."""
    out: dict[int, list[ProgressUpdate]] = {pk: [] for pk in task_ids}
    if not task_ids:
        return out
    for update, n_evidence in _updates_select(len(task_ids)).rows(task_ids):
        update.n_evidence = n_evidence
        out[update.task_id].append(update)
    return out


# the columns of an update its task's stored state folds (``state.task_states`` reads them by ``values()``)
STATE_COLUMNS = ("id", "task_id", "period_key", "period_end", "percent", "state", "work_done", "submitted_at")


def write_updates(task_ids: list[int], day: dt.date) -> tuple[dict[int, list[dict[str, Any]]],
                                                                dict[int, list[ProgressUpdate]]]:
    """:func:`task_updates` as a write needs it, from the same one statement: each task's updates,
    oldest first, as the rows its stored state folds (``STATE_COLUMNS``, the ``values()`` rows of
    ``state.task_states``), and as objects only those its warnings judge on ``day``
    (``rules.judged``: sent, of the last 200 days), each with its evidence counted. A task's older
    months and drafts are never made into model objects (most of a write's CPU reading them)."""
    rows: dict[int, list[dict[str, Any]]] = {pk: [] for pk in task_ids}
    judged: dict[int, list[ProgressUpdate]] = {pk: [] for pk in task_ids}
    if not task_ids:
        return rows, judged
    select = _updates_select(len(task_ids))
    names = select.groups[0][1]
    at = [(name, names.index(name)) for name in STATE_COLUMNS]
    for values in select.values(task_ids):
        row = {name: values[i] for name, i in at}
        rows[row["task_id"]].append(row)
        if rules.judges(row["state"], row["period_end"], day):
            update, n_evidence = select.objects(values)
            update.n_evidence = n_evidence
            judged[row["task_id"]].append(update)
    return rows, judged


@functools.cache
def _updates_select(n: int) -> written.Select:
    fields = written.fields_of(ProgressUpdate, rules.UNJUDGED)
    u, e = written.table(ProgressUpdate), written.table(Evidence)
    pk, task, end = (written.column(ProgressUpdate, name) for name in ("id", "task", "period_end"))
    sql = (f"SELECT {written.select_list('u', fields)}, "
           f"(SELECT COUNT(*) FROM {e} e WHERE e.{written.column(Evidence, 'update')} = u.{pk}) "
           f"FROM {u} u WHERE u.{task} IN ({written.placeholders(n)}) ORDER BY u.{end}, u.{pk}")
    return written.Select(sql, [(ProgressUpdate, fields)], extra=1)


def stored_today() -> dt.date | None:
    """Today, when today's warnings are stored (the writes keep them); None otherwise."""
    day = rules.stored_day()
    return day if day is not None and day == timezone.localdate() else None


def refresh_tasks_now(task_ids: list[int], day: dt.date,
                      updates: dict[int, list[ProgressUpdate]] | None = None) -> None:
    """Replace the stored warnings of these tasks by ``day``'s, in the caller's transaction, which
    holds their ``TaskState`` locks (``state.lock_states``); ``updates``: their :func:`task_updates`
    read under those locks, or only the judged ones (:func:`write_updates`; the rules judge no other)
    (read here when not given). The same warnings as the daily job's
    (``test_stored_warnings.py`` compares the stored set with the live rules after every kind of
    write)."""
    sw = written.table(StoredWarning)
    for chunk in _chunks(sorted(set(task_ids))):
        ups = updates if updates is not None else task_updates(chunk)
        found = rules.task_warnings(warned_tasks_of(chunk), day, updates=ups)
        # the old rows deleted and the new inserted in one statement on PostgreSQL (StoredWarning has
        # no unique key they could collide on)
        written.replace(f"DELETE FROM {sw} WHERE {written.column(StoredWarning, 'day')} = %s AND "
                        f"{written.column(StoredWarning, 'task')} IN ({written.placeholders(len(chunk))})",
                        [written.prep(StoredWarning, "day", day), *chunk], [_row(w, day) for w in found])


def _figure_warnings(target_ids: list[int], day: dt.date, units: set[int] | None = None) -> Iterable[rules.Warning]:
    for chunk in _chunks(target_ids):
        figures = rules.warned_figures(day).filter(target_id__in=chunk)
        if units is not None:
            figures = figures.filter(unit_id__in=units)
        rows = list(rules.latest_two(figures).order_by("period_end", "pk"))
        # each target (with its indicator) and unit (with its parent) read once, shared by its figures
        targets = Target.objects.select_related("indicator").in_bulk({m.target_id for m in rows})
        places = Unit.objects.select_related("parent").in_bulk({m.unit_id for m in rows})
        for m in rows:
            m.target = targets[m.target_id]
            m.unit = places[m.unit_id]
        yield from rules.figure_warnings(rows)


def _plan_warnings(doc_ids: list[int] | None) -> Iterable[rules.Warning]:
    """The conformity warnings of these plans (of every plan checked when None)."""
    plans = rules.conformed_plans()
    ids = list(plans.values_list("pk", flat=True)) if doc_ids is None else sorted(set(doc_ids))
    for chunk in _chunks(ids):
        yield from rules.conformity_warnings(plans.filter(pk__in=chunk))


def refresh_all(day: dt.date | None = None) -> int:
    """Compute and store every warning of ``day`` (today by default); the number stored."""
    day = day or timezone.localdate()
    task_ids = list(rules.warned_tasks().order_by("pk").values_list("pk", flat=True))
    target_ids = sorted(set(rules.warned_figures(day).values_list("target_id", flat=True)))
    with transaction.atomic():
        StoredWarning.objects.all().delete()
        total = 0
        batch: list[StoredWarning] = []
        # streamed: one chunk of tasks or targets (and its warnings) in memory at a time
        for w in chain(_task_warnings(task_ids, day), _figure_warnings(target_ids, day), _plan_warnings(None)):
            batch.append(_row(w, day))
            if len(batch) >= 2000:
                total += len(StoredWarning.objects.bulk_create(batch))
                batch = []
        total += len(StoredWarning.objects.bulk_create(batch))
        WarningRefresh.objects.create(day=day, total=total)
        transaction.on_commit(rules.forget_stored_day)  # other processes see the new day once committed
    rules.forget_stored_day()
    return total


def plans_concerned(doc_ids: Iterable[int]) -> list[int]:
    """These plans and the plans that implement or cite them (their conformity reads both)."""
    ids = set(doc_ids)
    if not ids:
        return []
    return sorted(ids | set(DocumentLink.objects.filter(target_id__in=ids).values_list("source_id", flat=True)))


def refresh_subjects(task_ids: Iterable[int] = (), series: Iterable[tuple[int, int]] = (),
                     documents: Iterable[int] = ()) -> None:
    """Recompute the stored warnings of these tasks, (target id, unit id) series and plans (their
    conformity, with the plans under them), when a set is stored for today."""
    from theodoi.planning.services.state import lock_states

    day = stored_today()
    if day is None:
        return
    tasks, pairs = sorted(set(task_ids)), set(series)
    plans = plans_concerned(documents)
    with transaction.atomic():
        for chunk in _chunks(tasks):  # first: a write refreshing one of them waits, or is waited for
            lock_states(chunk)
        if plans:
            StoredWarning.objects.filter(day=day, code__in=rules.CONFORM, document_id__in=plans).delete()
            StoredWarning.objects.bulk_create(_row(w, day) for w in _plan_warnings(plans))
        if tasks:
            refresh_tasks_now(tasks, day)
        for target_id, unit_id in sorted(pairs):
            StoredWarning.objects.filter(day=day, task__isnull=True, target_id=target_id,
                                         measurement__unit_id=unit_id).delete()
            StoredWarning.objects.bulk_create(_row(w, day) for w in _figure_warnings([target_id], day, {unit_id}))


# -- after a write ---------------------------------------------------------------------------
_pending = threading.local()  # plans whose conformity waits for the transaction's commit


def _later_plans(documents: Iterable[int]) -> None:
    """Recompute these plans' conformity when the transaction commits, once for all the rows it wrote
    (an import saves many targets and tasks of one plan): the first callback to run takes every plan
    waiting, the others find none. A plan left waiting by a rolled-back transaction is recomputed
    with the next one (recomputing is harmless)."""
    docs = {d for d in documents if d}
    if not docs:
        return
    waiting = getattr(_pending, "docs", None)
    if waiting is None:
        waiting = _pending.docs = set()
    waiting.update(docs)

    def run() -> None:
        plans = sorted(getattr(_pending, "docs", None) or ())
        _pending.docs = set()
        if not plans:
            return
        try:
            refresh_subjects(documents=plans)
        except Exception:  # the write is committed; the daily job repairs the stored set
            log.exception("stored conformity warnings not refreshed for plans %s", plans)

    transaction.on_commit(run)


def _later(task_ids: Iterable[int] = (), series: Iterable[tuple[int, int]] = (),
           documents: Iterable[int] = ()) -> None:
    _later_plans(documents)
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
    _later(task_ids=[instance.pk], documents=[instance.document_id])  # its "6 rõ", its plan's budget share


def _on_target(sender: Any, instance: Target, **kwargs: Any) -> None:
    if rules.stored_day() is not None:
        _later(documents=[instance.document_id])  # its plan's conformity, and its children's


def _on_update(sender: Any, instance: ProgressUpdate, **kwargs: Any) -> None:
    from theodoi.planning.services.state import rebuilt_now

    # a save, or the deletion of the update itself, refreshes its task's warnings in the writing
    # transaction with its stored state (``state._on_update``); a cascade's deletion after the commit
    if not rebuilt_now(ProgressUpdate, kwargs):
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
    _later(task_ids=tasks, series=series, documents=[instance.pk])


def _on_link(sender: Any, instance: DocumentLink, **kwargs: Any) -> None:
    if rules.stored_day() is not None:
        _later(documents=[instance.source_id])


def connect() -> None:
    """Connect the refresh to the writes of the models warnings are computed from."""
    for model, handler in ((Task, _on_task), (ProgressUpdate, _on_update), (Measurement, _on_figure),
                           (Evidence, _on_evidence), (TaskStage, _on_stage), (Document, _on_document),
                           (Target, _on_target), (DocumentLink, _on_link)):
        uid = f"stored-warnings-{model.__name__}"
        post_save.connect(handler, sender=model, dispatch_uid=uid)
        post_delete.connect(handler, sender=model, dispatch_uid=uid + "-delete")

