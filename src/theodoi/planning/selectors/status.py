"""Statuses of tasks and targets, in bulk, from approved updates and figures.

``task_rows`` / ``target_rows`` run a fixed number of queries whatever the number of
rows (one for the objects, one for their updates or figures), then apply the pure
rules of ``domain.status``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from theodoi.domain import aggregate as agg
from theodoi.domain import periods
from theodoi.domain.forecast import AT_RISK, LIKELY, UNCERTAIN, Forecast, forecast
from theodoi.domain.periods import Period
from theodoi.domain.status import (
    TARGET_LABELS,
    TASK_LABELS,
    TargetFacts,
    TargetStatus,
    TaskFacts,
    TaskStatus,
    projected,
    target_code,
    task_code,
    task_overdue,
)
from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState, Target, Task
from theodoi.tenancy.models import Unit

SENT = (ReviewState.SUBMITTED, ReviewState.APPROVED)


@dataclass
class TaskRow:
    task: Task
    code: str
    label: str
    overdue: bool
    days_overdue: int
    percent: Decimal | None  # latest approved
    sent_percent: Decimal | None  # latest sent (submitted or approved)
    last_period: str  # key of the latest sent update
    reported_this_period: bool


def _task_updates(task_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    rows = (ProgressUpdate.objects.filter(task_id__in=task_ids, state__in=SENT)
            .order_by("period_end").values("task_id", "period_key", "period_end", "percent", "state", "work_done",
                                           "submitted_at"))
    for r in rows:
        out[r["task_id"]].append(dict(r))
    return out


def _get(u: Any, name: str) -> Any:
    """An update's field, from a ProgressUpdate or from one of its ``values()`` rows."""
    return u.get(name) if isinstance(u, dict) else getattr(u, name, None)


def completion_date(task: Task, approved: Iterable[Any], until: dt.date | None = None) -> dt.date | None:
    """``task.completed_on`` (if on or before ``until``), or, for data that did not pass through the
    review service, the Hanoi day the first approved update at 100% was sent, never after ``until``
    (recurring tasks are never completed by an update)."""
    if task.completed_on and (until is None or task.completed_on <= until):
        return task.completed_on
    if task.recurrence:
        return None
    for u in approved:
        percent = _get(u, "percent")
        if percent is not None and percent >= 100:
            sent = _get(u, "submitted_at")
            day = timezone.localtime(sent).date() if sent else _get(u, "period_end")
            return min(day, until) if until else day
    return None


def task_facts(task: Task, sent: list[Any], day: dt.date, *, period: Period | None = None,
               public: bool = False) -> TaskFacts:
    """The facts behind a task's status on ``day``: the one builder for the staff pages, the JSON
    twins, the reports, the portal and the warnings.

    ``sent``: the task's sent updates (submitted or approved; ProgressUpdates or ``values()``
    rows), oldest first, up to ``day``. Progress and completion come from approved updates only;
    "started" and "reported this period" from every sent one, or from approved ones only when
    ``public`` (the portal shows nothing that is not approved). ``period`` is the period whose
    update a recurring task owes: by default the latest closed month of its plan
    (``periods.closed_period``); a report passes its own period.
    """
    approved = [u for u in sent if _get(u, "state") in (None, ReviewState.APPROVED)]
    seen = approved if public else sent
    if period is None:
        period = periods.closed_period(day, task.document.monthly_due_day or 15)
    return TaskFacts(
        due=task.due_date, completed_on=completion_date(task, approved, day), run_state=task.run_state,
        percent=_get(approved[-1], "percent") if approved else None,
        started=any((_get(u, "percent") or 0) > 0 or _get(u, "work_done") for u in seen),
        recurring=bool(task.recurrence),
        reported_this_period=any(period.start <= _get(u, "period_end") <= period.end for u in seen),
    )


def sent_updates(task_ids: list[int]) -> dict[int, list[dict]]:
    """The sent updates of each task, oldest first (one query): what ``task_rows`` reads, loaded
    once by a caller that computes the rows on several days."""
    return _task_updates(task_ids)


def approved_figures(target_ids: list[int], unit: Unit | None = None) -> dict[int, list[agg.Figure]]:
    """The approved figures ``target_rows`` reads (one query), for a caller computing several days."""
    return _figures(target_ids, unit)


def task_rows(qs: QuerySet[Task] | Iterable[Task], today: dt.date, *, through: dt.date | None = None,
              updates: dict[int, list[dict]] | None = None) -> list[TaskRow]:
    """One row per task, with its official status (two queries in all).

    ``through``: only the updates of periods ending by that day count, whenever they were sent or
    approved: a past period reads the reports made for it and before it, as they stand now (the
    dashboard's period picker and trend, as a report counts: ``reporting/data.py``); by default
    every sent update counts. ``updates``: the tasks' ``sent_updates``, when the caller has them."""
    tasks = list(qs.select_related("document", "lead_unit") if isinstance(qs, QuerySet) else qs)
    updates = _task_updates([t.pk for t in tasks]) if updates is None else updates
    rows = []
    for t in tasks:
        ups = updates.get(t.pk, [])
        if through is not None:
            ups = [u for u in ups if u["period_end"] <= through]
        facts = task_facts(t, ups, today)
        code = task_code(facts, today)
        late = task_overdue(facts, today)
        rows.append(TaskRow(
            task=t, code=code.value, label=TASK_LABELS[code], overdue=late or code == TaskStatus.OVERDUE,
            days_overdue=(today - t.due_date).days if late and t.due_date else 0,
            percent=facts.percent, sent_percent=ups[-1]["percent"] if ups else None,
            last_period=ups[-1]["period_key"] if ups else "", reported_this_period=facts.reported_this_period,
        ))
    return rows


def task_status(task: Task, today: dt.date) -> TaskRow:
    """The status row of one task."""
    return task_rows([task], today)[0]


@dataclass
class TargetRow:
    target: Target
    code: str
    label: str
    value: Decimal | None  # latest aggregated approved value
    period_key: str
    series: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    forecast: Decimal | None = None
    unit: Unit | None = None


def target_deadline(t: Target) -> dt.date | None:
    if t.deadline:
        return t.deadline
    year = t.deadline_year or (t.document.period_end if t.document_id else None)
    return dt.date(year, 12, 31) if year else None


def target_start(t: Target) -> dt.date | None:
    """When the target's plan started (its baseline year's end, else the plan's first year)."""
    doc = t.document
    if t.baseline_year:
        return dt.date(t.baseline_year, 12, 31)
    if doc.period_start:
        return dt.date(doc.period_start, 1, 1)
    return doc.issued_date


def target_facts(t: Target, st: agg.Standing) -> TargetFacts:
    """The facts a target's status is judged on, from where it stands (``domain.aggregate.standing``):
    the one builder of the pages and the reports."""
    return TargetFacts(comparator=t.comparator, goal=t.value, deadline=target_deadline(t), series=st.judged,
                       start=target_start(t), baseline=t.baseline, goal_max=t.value_max)


def _figures(target_ids: list[int], unit: Unit | None) -> dict[int, list[agg.Figure]]:
    """Approved figures of the targets (of ``unit``'s subtree when given), as aggregate Figures."""
    qs = Measurement.objects.filter(target_id__in=target_ids, state=ReviewState.APPROVED)
    if unit is not None:
        qs = qs.filter(Q(unit__path__startswith=unit.path))
    out: dict[int, list[agg.Figure]] = defaultdict(list)
    for r in qs.values("target_id", "unit_id", "period_end", "value", "numerator", "denominator"):
        out[r["target_id"]].append(agg.Figure(r["unit_id"], r["period_end"], r["value"], r["numerator"],
                                              r["denominator"]))
    return out


def target_rows(qs: QuerySet[Target] | Iterable[Target], today: dt.date, unit: Unit | None = None, *,
                figures: dict[int, list[agg.Figure]] | None = None) -> list[TargetRow]:
    """One row per target with its status, from approved figures of ``unit``'s subtree (all units if None),
    combined by ``domain.aggregate`` with the target's declared rule (the report's function).
    ``figures``: their ``approved_figures``, when the caller has them already."""
    targets = list(qs.select_related("document", "indicator") if isinstance(qs, QuerySet) else qs)
    figures = _figures([t.pk for t in targets], unit) if figures is None else figures
    rows = []
    for t in targets:
        st = agg.standing(figures.get(t.pk, []), agg.rule_of(t), today)
        facts = target_facts(t, st)
        code = target_code(facts, today)
        rows.append(TargetRow(
            target=t, code=code.value, label=TARGET_LABELS[code], value=st.value,
            period_key=periods.current_reporting_month(st.as_of).key if st.as_of else "",
            series=list(st.series), forecast=projected(facts), unit=unit,
        ))
    return rows


def row_forecast(row: TargetRow, today: dt.date) -> Forecast | None:
    """The forecast of a row's target at its deadline from the row's series (``domain.forecast``):
    the target page and the dashboard's order by risk read it here."""
    t = row.target
    return forecast(row.series, target_deadline(t), t.value, t.comparator, t.value_max, baseline=t.baseline,
                    start=target_start(t), today=today)


# The dashboard's order by risk: at risk first, then uncertain, then likely, then no forecast.
OUTLOOK_RANK = {AT_RISK: 0, UNCERTAIN: 1, LIKELY: 2, "": 3}


def target_status(target: Target, today: dt.date, unit: Unit | None = None) -> TargetRow:
    return target_rows([target], today, unit)[0]


__all__ = ["OUTLOOK_RANK", "TARGET_LABELS", "TASK_LABELS", "TargetStatus", "TargetRow", "TaskStatus", "TaskRow",
           "target_rows", "row_forecast", "target_status", "task_rows", "task_status"]
