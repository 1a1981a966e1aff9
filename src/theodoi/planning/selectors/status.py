"""Statuses of tasks and targets, in bulk, from approved updates and figures.

``task_rows`` / ``target_rows`` run a fixed number of queries whatever the number of
rows (one for the objects, one for their updates or figures), then apply the pure
rules of ``planning.selectors.rules``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState, Target, Task
from theodoi.planning.selectors import periods
from theodoi.planning.selectors.rules import (
    TARGET_LABELS,
    TASK_LABELS,
    TargetCode,
    TargetFacts,
    TaskCode,
    TaskFacts,
    projected,
    target_code,
    task_code,
    task_overdue,
)
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


def completion_date(task: Task, approved: list[dict]) -> dt.date | None:
    """``task.completed_on``, or, for data that did not pass through the review service, the day
    the first approved update at 100% was sent (recurring tasks are never completed)."""
    if task.completed_on or task.recurrence:
        return task.completed_on
    for u in approved:
        if u["percent"] is not None and u["percent"] >= 100:
            sent = u.get("submitted_at")
            return timezone.localtime(sent).date() if sent else u["period_end"]
    return None


def task_rows(qs: QuerySet[Task] | Iterable[Task], today: dt.date) -> list[TaskRow]:
    """One row per task, with its official status (two queries in all)."""
    tasks = list(qs.select_related("document", "lead_unit") if isinstance(qs, QuerySet) else qs)
    updates = _task_updates([t.pk for t in tasks])
    closed: dict[int, str] = {}
    rows = []
    for t in tasks:
        ups = updates.get(t.pk, [])
        approved = [u for u in ups if u["state"] == ReviewState.APPROVED]
        due_day = t.document.monthly_due_day if t.document_id else 15
        if due_day not in closed:
            closed[due_day] = periods.closed_period(today, due_day).key
        facts = TaskFacts(
            due=t.due_date, completed_on=completion_date(t, approved), run_state=t.run_state,
            percent=approved[-1]["percent"] if approved else None,
            started=any((u["percent"] or 0) > 0 or u["work_done"] for u in ups),
            recurring=bool(t.recurrence),
            reported_this_period=any(u["period_key"] == closed[due_day] for u in ups),
        )
        code = task_code(facts, today)
        late = task_overdue(facts, today)
        rows.append(TaskRow(
            task=t, code=code.value, label=TASK_LABELS[code], overdue=late or code == TaskCode.OVERDUE,
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


def _target_start(t: Target) -> dt.date | None:
    doc = t.document
    if t.baseline_year:
        return dt.date(t.baseline_year, 12, 31)
    if doc.period_start:
        return dt.date(doc.period_start, 1, 1)
    return doc.issued_date


def aggregate(target: Target, figures: list[dict]) -> Decimal | None:
    """One value for one period from several units' figures (ratios: Σnum/Σden, never a mean of %)."""
    ratios = [f for f in figures if f["numerator"] is not None and f["denominator"]]
    if ratios and (target.is_ratio or len(ratios) == len(figures)):
        den = sum(f["denominator"] for f in ratios)
        return (sum(f["numerator"] for f in ratios) * 100 / den) if den else None
    values = [f["value"] for f in figures if f["value"] is not None]
    if not values:
        return None
    how = target.indicator.across_units if target.indicator else ("average" if target.unit_of_measure == "%" else "sum")
    if how == "average":
        return sum(values) / len(values)
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    if how == "none" and len(values) > 1:
        return None
    return sum(values)


def _figures(target_ids: list[int], unit: Unit | None) -> dict[int, dict[dt.date, list[dict]]]:
    qs = Measurement.objects.filter(target_id__in=target_ids, state=ReviewState.APPROVED)
    if unit is not None:
        qs = qs.filter(Q(unit__path__startswith=unit.path))
    out: dict[int, dict[dt.date, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in qs.values("target_id", "period_end", "period_key", "value", "numerator", "denominator"):
        out[r["target_id"]][r["period_end"]].append(dict(r))
    return out


def target_rows(qs: QuerySet[Target] | Iterable[Target], today: dt.date, unit: Unit | None = None) -> list[TargetRow]:
    """One row per target with its status, from approved figures of ``unit``'s subtree (all units if None)."""
    targets = list(qs.select_related("document", "indicator") if isinstance(qs, QuerySet) else qs)
    figures = _figures([t.pk for t in targets], unit)
    rows = []
    for t in targets:
        by_period = figures.get(t.pk, {})
        series = []
        last_key = ""
        for end in sorted(by_period):
            value = aggregate(t, by_period[end])
            if value is not None:
                series.append((end, value))
                last_key = by_period[end][0]["period_key"]
        facts = TargetFacts(comparator=t.comparator, goal=t.value, deadline=target_deadline(t),
                            series=tuple(series), start=_target_start(t), baseline=t.baseline,
                            goal_max=t.value_max)
        code = target_code(facts, today)
        rows.append(TargetRow(
            target=t, code=code.value, label=TARGET_LABELS[code], value=series[-1][1] if series else None,
            period_key=last_key, series=series, forecast=projected(facts), unit=unit,
        ))
    return rows


def target_status(target: Target, today: dt.date, unit: Unit | None = None) -> TargetRow:
    return target_rows([target], today, unit)[0]


__all__ = ["TARGET_LABELS", "TASK_LABELS", "TargetCode", "TargetRow", "TaskCode", "TaskRow", "target_rows",
           "target_status", "task_rows", "task_status"]
