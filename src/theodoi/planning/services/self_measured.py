"""Figures the system computes itself for the targets it can measure (``domain.self_measured``).

Run by the daily job (``jobs/schedule.py``, ``targets.measure``): for every such target of an active
plan, for the plan's last closed month (``domain.periods.closed_period``), one approved figure per
lead unit of the plan's tasks, as a ratio (tasks that qualify / tasks counted), so the plan's own
value is Σ numerators / Σ denominators (``domain.aggregate``) like any ratio. A figure a person
entered for the same target, unit and month is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from theodoi.audit.services import record, snapshot
from theodoi.domain import aggregate, periods
from theodoi.domain.self_measured import SCIENCE_ON_PLATFORM, TASK_UPDATES, measure_of
from theodoi.planning.models import (
    DocStatus,
    Measurement,
    ProgressUpdate,
    ReviewState,
    RunState,
    Target,
    Task,
    TaskStage,
)
from theodoi.planning.selectors.obligations import expected_tasks
from theodoi.tenancy.models import Unit

SYSTEM_SOURCE = "Hệ thống tự tính"
SENT = (ReviewState.SUBMITTED, ReviewState.APPROVED)
# A share of tasks: numerators and denominators add up across units, the month's figure stands.
RATIO = aggregate.Rule(time_how="last", unit_how="sum", ratio=True)


def measured_targets() -> list[tuple[Target, str]]:
    """(target, measure) for every target of an active plan the system can measure."""
    rows = Target.objects.filter(document__status=DocStatus.ACTIVE).select_related("document")
    return [(t, m) for t in rows if (m := measure_of(t.text, t.unit_of_measure))]


def shares(target: Target, measure: str, period: Any) -> dict[int, tuple[int, int]]:
    """{lead unit id: (qualifying tasks, tasks counted)} of the target's plan for ``period``."""
    doc = target.document
    if measure == TASK_UPDATES:
        units = Unit.objects.filter(led_tasks__document=doc).distinct()
        due = list(expected_tasks(units, period).filter(document=doc).values_list("pk", "lead_unit_id"))
        sent = set(ProgressUpdate.objects.filter(task_id__in=[pk for pk, _u in due], period_key=period.key,
                                                 state__in=SENT).values_list("task_id", flat=True))
    elif measure == SCIENCE_ON_PLATFORM:
        due = list(Task.objects.filter(document=doc, is_science_task=True, children__isnull=True,
                                       lead_unit__isnull=False).exclude(run_state=RunState.STOPPED)
                   .values_list("pk", "lead_unit_id"))
        ids = [pk for pk, _u in due]
        sent = set(TaskStage.objects.filter(task_id__in=ids, date__lte=period.end).values_list("task_id", flat=True))
        sent |= set(ProgressUpdate.objects.filter(task_id__in=ids, period_key=period.key, state__in=SENT)
                    .values_list("task_id", flat=True))
    else:
        return {}
    total: Counter[int] = Counter(u for _pk, u in due)
    done: Counter[int] = Counter(u for pk, u in due if pk in sent)
    return {u: (done[u], n) for u, n in total.items()}


@dataclass
class Filled:
    target: Target
    period_key: str
    combined: aggregate.Combined  # the plan's value: the units' figures combined by the target's rule
    changed: int


def fill(today: dt.date | None = None) -> list[Filled]:
    """Write (or correct) the system's figures for each plan's last closed month; what was filled."""
    today = today or timezone.localdate()
    out = []
    for target, measure in measured_targets():
        period = periods.closed_period(today, target.document.monthly_due_day)
        changed = 0
        with transaction.atomic():
            for unit_id, (num, den) in shares(target, measure, period).items():
                changed += _store(target, unit_id, period, Decimal(num), Decimal(den))
        figures = [aggregate.Figure(m.unit_id, m.period_end, m.value, m.numerator, m.denominator)
                   for m in Measurement.objects.filter(target=target, period_key=period.key,
                                                       state=ReviewState.APPROVED)]
        out.append(Filled(target, period.key, aggregate.value_at(figures, RATIO, period.end), changed))
    return out


def _store(target: Target, unit_id: int, period: Any, num: Decimal, den: Decimal) -> int:
    row = Measurement.objects.select_for_update().filter(target=target, unit_id=unit_id,
                                                         period_key=period.key).first()
    if row is not None and (row.source != SYSTEM_SOURCE or row.entered_by_id is not None):
        return 0  # a person's figure stays
    if row is not None and row.numerator == num and row.denominator == den:
        return 0
    before = snapshot(row) if row is not None else None
    if row is None:
        row = Measurement(target=target, unit_id=unit_id, period_key=period.key, period_end=period.end,
                          source=SYSTEM_SOURCE)
    else:
        row.version += 1
    row.numerator, row.denominator, row.value = num, den, None
    row.state, row.reviewed_at = ReviewState.APPROVED, timezone.now()
    row.note = "Tự tính từ dữ liệu của hệ thống"
    row.save()
    record("compute", row, before=before, after=snapshot(row), reason=SYSTEM_SOURCE)
    return 1
