"""What a report reads of its tasks' progress updates, for its period, computed in SQL (a selector).

A report of period P counts the updates sent (submitted or approved) for the periods ending by
P's end, as they stand now (docs/web.md: "a past period is the reports made for it, as approved
now"). Its status rule (``planning.selectors.status.facts_of``) needs only a few facts of that
history: the latest approved progress, the first approved update at 100 % (the day the task was
done), whether any update (any approved one) shows work, and whether one was sent for P. Each is
one correlated subquery per task (the latest row by ``(period_end, id)``, an ``EXISTS``), so the
report reads a fixed number of rows per task whatever the length of its history: the latest sent
update, the first complete one, and the updates of P itself (their work, difficulties and
proposals). ``tests/integration/reporting/test_period_progress.py`` checks these facts against
``summarise`` of the whole history, task by task and period by period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from theodoi.planning.models import ProgressUpdate, ReviewState, Task
from theodoi.planning.selectors.status import SENT, TaskHistory, completion_day

# the columns of an update a report shows (the latest one's outputs and money, the period's texts)
LATEST = ("id", "task_id", "period_key", "period_end", "percent", "state", "outputs_delivered", "disbursed_total",
          "submitted_at")
IN_PERIOD = ("id", "task_id", "period_end", "state", "work_done", "difficulties", "proposals",
             "unit_id", "unit__name", "unit__kind", "unit__parent_id", "unit__parent__name", "unit__parent__path")


@dataclass
class PeriodProgress:
    """One task's updates as a report of a period reads them.

    ``history`` is the task's ``TaskHistory`` up to the period's end as ``facts_of`` reads it for
    that period: its ``sent_ends``/``approved_ends`` hold only the ends within the period (the
    only ones ``facts_of`` looks at, for "reported this period"); every other field is the whole
    history's. ``latest``: the latest sent update up to the end (``LATEST`` columns), ``current``:
    the sent updates of the period, oldest first (``IN_PERIOD`` columns)."""

    history: TaskHistory
    latest: dict[str, Any] | None = None
    current: list[dict[str, Any]] = field(default_factory=list)


def _sent(end: dt.date) -> Any:
    return ProgressUpdate.objects.filter(task=OuterRef("pk"), state__in=SENT, period_end__lte=end)


def _first(qs: Any, *order: str, column: str = "id") -> Subquery:
    return Subquery(qs.order_by(*order).values(column)[:1])


def of_tasks(task_ids: list[int], period: Any) -> dict[int, PeriodProgress]:
    """The ``PeriodProgress`` of each task for ``period`` (four queries, whatever the history)."""
    if not task_ids:
        return {}
    end = period.end
    sent = _sent(end)
    approved = sent.filter(state=ReviewState.APPROVED)
    did = Q(percent__gt=0) | ~Q(work_done="")
    facts = {r["pk"]: r for r in Task.objects.filter(pk__in=task_ids).order_by().annotate(
        latest_id=_first(sent, "-period_end", "-id"),
        approved_percent=_first(approved, "-period_end", "-id", column="percent"),
        full_id=_first(approved.filter(percent__gte=100), "period_end", "id"),
        started=Exists(sent.filter(did)),
        started_public=Exists(approved.filter(did)),
    ).values("pk", "latest_id", "approved_percent", "full_id", "started", "started_public")}
    wanted = {r[k] for r in facts.values() for k in ("latest_id", "full_id") if r[k]}
    rows = {r["id"]: r for r in ProgressUpdate.objects.filter(pk__in=wanted).values(*LATEST)}
    current: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in (ProgressUpdate.objects.filter(task_id__in=task_ids, state__in=SENT, period_end__gte=period.start,
                                            period_end__lte=end).order_by("period_end", "id").values(*IN_PERIOD)):
        current[r["task_id"]].append(r)
    out = {}
    for pk in task_ids:
        f = facts.get(pk)
        if f is None:
            continue
        latest = rows.get(f["latest_id"]) if f["latest_id"] else None
        full = rows.get(f["full_id"]) if f["full_id"] else None
        mine = current.get(pk, [])
        out[pk] = PeriodProgress(TaskHistory(
            percent=f["approved_percent"],
            full_day=completion_day(full["submitted_at"], full["period_end"]) if full else None,
            started=bool(f["started"]), started_public=bool(f["started_public"]),
            sent_ends=tuple(u["period_end"] for u in mine),
            approved_ends=tuple(u["period_end"] for u in mine if u["state"] == ReviewState.APPROVED),
            sent_percent=latest["percent"] if latest else None,
            last_period=latest["period_key"] if latest else "",
        ), latest, mine)
    return out


def latest_reasons(task_ids: list[int], end: dt.date) -> dict[int, str]:
    """Each task's latest stated difficulty up to ``end`` (the reason a late task gives), read from
    the sent updates that state one, newest first."""
    out: dict[int, str] = {}
    if not task_ids:
        return out
    for task_id, text in (ProgressUpdate.objects.filter(task_id__in=task_ids, state__in=SENT, period_end__lte=end)
                          .exclude(difficulties="").order_by("task_id", "-period_end", "-id")
                          .values_list("task_id", "difficulties")):
        if task_id not in out and text.strip():
            out[task_id] = text.strip()
    return out


def latest_updates(progress: dict[int, PeriodProgress], task_ids: list[int]) -> dict[int, ProgressUpdate]:
    """The latest sent update of these tasks as model rows (a science task's reconciliation reads one)."""
    ids = {p.latest["id"]: pk for pk in task_ids if (p := progress.get(pk)) is not None and p.latest}
    return {ids[u.pk]: u for u in ProgressUpdate.objects.filter(pk__in=list(ids))}
