"""Keeping ``TaskState`` and ``TargetState`` equal to what the history says, in the writing transaction.

Every save or delete of a progress update rebuilds its task's state, and of a figure its target's,
before the transaction commits (signals connected in ``PlanningConfig.ready``, so the services,
the imports, the exchange and the demo all keep it); a new task or target gets its empty state; a
target whose indicator or rule changes is recombined. The row is locked first, so two writers of
one task's updates rebuild it one after the other, each reading the other's committed rows.
``rebuild`` fills it in bulk (the data migration, ``benchdata``, ``theodoi state rebuild``);
``differences`` compares every stored row with the one rebuilt from the history.
A bulk write (a plan's import, the demo) can run inside :func:`deferred`: the signals then collect
the tasks and targets they would rebuild, and each is rebuilt once at its end, in its transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from theodoi.domain import aggregate as agg
from theodoi.planning.models import (
    Indicator,
    Measurement,
    ProgressUpdate,
    ReviewState,
    Target,
    TargetState,
    Task,
    TaskState,
)
from theodoi.planning.selectors.status import SENT, TaskHistory, encode_series, history_of, rule_key, sent_of
from theodoi.planning.services import counts
from theodoi.storage import written

CHUNK = 2000


# -- what the history says --------------------------------------------------------------------
def task_states(task_ids: list[int]) -> dict[int, tuple[dict[str, Any], list[list[Any]], int | None]]:
    """(history, sent updates, newest update id) of each task, rebuilt from its updates (one query):
    the history is the summary of the sent updates stored with it (``status.history_of``)."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in (ProgressUpdate.objects.filter(task_id__in=task_ids).order_by("period_end", "id")
              .values("id", "task_id", "period_key", "period_end", "percent", "state", "work_done", "submitted_at")):
        rows[r["task_id"]].append(dict(r))
    return {pk: state_of(rows.get(pk, [])) for pk in task_ids}


def state_of(ups: list[Any]) -> tuple[dict[str, Any], list[list[Any]], int | None]:
    """(history, sent updates, newest update id) of one task from its updates, oldest first (period
    end, then id): ``values()`` rows or ProgressUpdates (a write's, read once with its warnings)."""
    def get(u: Any, name: str) -> Any:
        return u[name] if isinstance(u, dict) else getattr(u, name)

    newest = get(max(ups, key=lambda u: (get(u, "period_end"), get(u, "id"))), "id") if ups else None
    sent = sent_of([u for u in ups if get(u, "state") in SENT])
    return history_of(sent).to_json(), [s.to_json() for s in sent], newest


def target_states(target_ids: list[int]) -> dict[int, tuple[str, list[list[str | None]], list[int]]]:
    """(rule, series, units) of each target, combined from its approved figures (two queries)."""
    figures: dict[int, list[agg.Figure]] = defaultdict(list)
    for r in (Measurement.objects.filter(target_id__in=target_ids, state=ReviewState.APPROVED)
              .values("target_id", "unit_id", "period_end", "value", "numerator", "denominator")):
        figures[r["target_id"]].append(agg.Figure(r["unit_id"], r["period_end"], r["value"], r["numerator"],
                                                  r["denominator"]))
    out = {}
    for t in Target.objects.filter(pk__in=target_ids).select_related("indicator"):
        rule = agg.rule_of(t)
        found = figures.get(t.pk, [])
        out[t.pk] = (rule_key(rule), encode_series(agg.points(found, rule)),
                     sorted({f.unit_id for f in found}))
    return out


# -- keeping it -------------------------------------------------------------------------------
def lock_states(task_ids: list[int]) -> None:
    """Lock the ``TaskState`` rows of these tasks (in the order of their ids; a missing row is made
    first), in the caller's transaction: its writers of the tasks' updates, state and stored warnings
    then run one after the other, each reading the others' committed rows."""
    ids = sorted(task_ids)
    if not ids:
        return
    ts, pk = written.table(TaskState), written.column(TaskState, "task")
    sql = f"SELECT {pk} FROM {ts} WHERE {pk} IN ({written.placeholders(len(ids))}) ORDER BY {pk}{written.for_update()}"
    with connection.cursor() as cur:
        cur.execute(sql, ids)
        existing = {row[0] for row in cur.fetchall()}
    missing = [pk for pk in ids if pk not in existing]
    if missing:
        TaskState.objects.bulk_create([TaskState(task_id=pk) for pk in missing], ignore_conflicts=True)
        list(TaskState.objects.select_for_update().filter(pk__in=missing).values_list("pk", flat=True))


def refresh_tasks(task_ids: Iterable[int], *, warnings: bool = False) -> None:
    """Rebuild the state of these tasks now, in the caller's transaction; with ``warnings`` (a
    progress update's write) also their stored warnings when today's are stored, from the same read
    of their updates under the same locks (``planning.services.warnings.refresh_tasks_now``)."""
    from theodoi.planning.services import warnings as stored

    ids = sorted({pk for pk in task_ids if pk})
    if not ids:
        return
    with transaction.atomic(savepoint=False):  # part of the write: a failure here fails it, no savepoint needed
        lock_states(ids)
        day = stored.stored_today() if warnings else None
        if day is None:
            states = task_states(ids)
        else:
            rows, ups = stored.write_updates(ids, day)  # every update as a row, the judged ones as objects
            states = {pk: state_of(rows[pk]) for pk in ids}
        history_c, sent_c, newest_c, task_c = (written.column(TaskState, n)
                                               for n in ("history", "sent", "latest_update_pk", "task"))
        sql = (f"UPDATE {written.table(TaskState)} SET {history_c} = %s, {sent_c} = %s, {newest_c} = %s "
               f"WHERE {task_c} = %s")
        for pk, (history, sent, newest) in states.items():
            written.execute(sql, [written.prep(TaskState, "history", history), written.prep(TaskState, "sent", sent),
                                  newest, pk])
        counts.tasks_changed(ids)  # their units' counts, in the same transaction
        if day is not None:
            stored.refresh_tasks_now(ids, day, ups)


def refresh_targets(target_ids: Iterable[int]) -> None:
    """Recombine the state of these targets now, in the caller's transaction."""
    ids = sorted({pk for pk in target_ids if pk})
    if not ids:
        return
    with transaction.atomic(savepoint=False):
        existing = set(TargetState.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        missing = [pk for pk in ids if pk not in existing]
        if missing:
            TargetState.objects.bulk_create([TargetState(target_id=pk) for pk in missing], ignore_conflicts=True)
            list(TargetState.objects.select_for_update().filter(pk__in=missing).values_list("pk", flat=True))
        for pk, (rule, series, units) in target_states(ids).items():
            TargetState.objects.filter(pk=pk).update(rule=rule, series=series, unit_ids=units)
        counts.targets_changed(ids)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def rebuild(task_ids: Iterable[int] | None = None, target_ids: Iterable[int] | None = None) -> tuple[int, int]:
    """Replace the stored state of these tasks and targets (every one when None) by the one rebuilt
    from the history, in chunks; the numbers of rows written."""
    tasks = sorted(Task.objects.values_list("pk", flat=True) if task_ids is None else set(task_ids))
    targets = sorted(Target.objects.values_list("pk", flat=True) if target_ids is None else set(target_ids))
    with transaction.atomic():
        for chunk in _chunks(tasks):
            TaskState.objects.filter(pk__in=chunk).delete()
            TaskState.objects.bulk_create(TaskState(task_id=pk, history=h, sent=sent, latest_update_pk=newest)
                                          for pk, (h, sent, newest) in task_states(chunk).items())
        for chunk in _chunks(targets):
            TargetState.objects.filter(pk__in=chunk).delete()
            TargetState.objects.bulk_create(TargetState(target_id=pk, rule=rule, series=series, unit_ids=units)
                                            for pk, (rule, series, units) in target_states(chunk).items())
    return len(tasks), len(targets)


def differences() -> list[str]:
    """Every stored state that differs from the one rebuilt from the history (or is missing), one
    line each; empty when the stored state is exact."""
    out = []
    tasks = sorted(Task.objects.values_list("pk", flat=True))
    for chunk in _chunks(tasks):
        stored = {pk: (h, s, n) for pk, h, s, n in TaskState.objects.filter(pk__in=chunk)
                  .values_list("pk", "history", "sent", "latest_update_pk")}
        for pk, want in task_states(chunk).items():
            if stored.get(pk) != want:
                out.append(f"task {pk}: stored {stored.get(pk)!r}, history {want!r}")
    targets = sorted(Target.objects.values_list("pk", flat=True))
    for chunk in _chunks(targets):
        kept = {pk: (r, s, u) for pk, r, s, u in TargetState.objects.filter(pk__in=chunk)
                .values_list("pk", "rule", "series", "unit_ids")}
        for pk, combined in target_states(chunk).items():
            if kept.get(pk) != combined:
                out.append(f"target {pk}: stored {kept.get(pk)!r}, history {combined!r}")
    return out


# -- a bulk write: one rebuild per task and target, at its end ---------------------------------
_pending: ContextVar[tuple[set[int], set[int]] | None] = ContextVar("theodoi_state_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """A transaction in which the signals below only collect the tasks and targets whose state a
    write changed; each is rebuilt once at its end, before it commits (``refresh_tasks`` and
    ``refresh_targets``, so the units' counts are marked then too). An exception inside rolls the
    whole of it back. Inside another ``deferred`` it is part of that one (the outer end rebuilds).
    Explicit calls of ``refresh_tasks``/``refresh_targets`` inside still rebuild at once, and a read
    of the stored state inside sees it as it was before the block's writes: bulk writers only."""
    if _pending.get() is not None:
        with transaction.atomic():
            yield
        return
    tasks: set[int] = set()
    targets: set[int] = set()
    with transaction.atomic():
        token = _pending.set((tasks, targets))
        try:
            yield
        finally:
            _pending.reset(token)
        # the ones deleted since (their state went with them) are not rebuilt
        refresh_tasks(Task.objects.filter(pk__in=sorted(tasks)).values_list("pk", flat=True) if tasks else (),
                      warnings=True)
        refresh_targets(Target.objects.filter(pk__in=sorted(targets)).values_list("pk", flat=True)
                        if targets else ())


def _tasks_changed(ids: Iterable[int]) -> None:
    """A progress update of these tasks was written: their state and stored warnings rebuilt now, or
    at the end of the ``deferred`` block."""
    pending = _pending.get()
    if pending is None:
        refresh_tasks(ids, warnings=True)
    else:
        pending[0].update(ids)


def _targets_changed(ids: Iterable[int]) -> None:
    pending = _pending.get()
    if pending is None:
        refresh_targets(ids)
    else:
        pending[1].update(ids)


# -- after a write (same transaction) ---------------------------------------------------------
def rebuilt_now(model: type, kwargs: dict[str, Any]) -> bool:
    """A save, or a deletion of the row itself (not the cascade of its task's or target's own
    deletion, whose state goes with it: rebuilding it then would insert a row for a parent
    about to go)."""
    if "created" in kwargs:  # post_save
        return True
    origin = kwargs.get("origin")
    return origin is None or isinstance(origin, model) or getattr(origin, "model", None) is model


def _on_update(sender: Any, instance: ProgressUpdate, **kwargs: Any) -> None:
    if rebuilt_now(ProgressUpdate, kwargs):
        _tasks_changed([instance.task_id])  # its stored warnings with it


def _on_figure(sender: Any, instance: Measurement, **kwargs: Any) -> None:
    if rebuilt_now(Measurement, kwargs):
        _targets_changed([instance.target_id])


def _on_task(sender: Any, instance: Task, created: bool = False, **kwargs: Any) -> None:
    if created:
        TaskState.objects.get_or_create(task_id=instance.pk, defaults={"history": TaskHistory().to_json(), "sent": []})


def _on_target(sender: Any, instance: Target, **kwargs: Any) -> None:
    _targets_changed([instance.pk])  # new (its empty state), or its indicator or unit of measure changed


def _on_indicator(sender: Any, instance: Indicator, created: bool = False, **kwargs: Any) -> None:
    if not created:
        _targets_changed(Target.objects.filter(indicator=instance).values_list("pk", flat=True))


def connect() -> None:
    """Connect the state's upkeep to the writes of the models it is computed from."""
    for model, handler in ((ProgressUpdate, _on_update), (Measurement, _on_figure)):
        uid = f"current-state-{model.__name__}"
        post_save.connect(handler, sender=model, dispatch_uid=uid)
        post_delete.connect(handler, sender=model, dispatch_uid=uid + "-delete")
    post_save.connect(_on_task, sender=Task, dispatch_uid="current-state-Task")
    post_save.connect(_on_target, sender=Target, dispatch_uid="current-state-Target")
    post_save.connect(_on_indicator, sender=Indicator, dispatch_uid="current-state-Indicator")
