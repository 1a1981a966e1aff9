"""Overdue tasks, grouped by lead unit (the unit that must answer for them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q

from theodoi.planning.models import DocStatus, RunState, Task
from theodoi.planning.selectors.status import TaskRow, task_rows
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict


def overdue_rows(today: dt.date, *, user: Any = None, unit: Unit | None = None) -> list[TaskRow]:
    """Running tasks past their deadline and not completed, most overdue first."""
    qs = Task.objects.filter(document__status=DocStatus.ACTIVE, run_state=RunState.ACTIVE, completed_on__isnull=True,
                             due_date__lt=today, children__isnull=True).filter(Q(recurrence="") | Q(recurrence__isnull=True))
    if unit is not None:
        qs = qs.filter(lead_unit__path__startswith=unit.path)
    if user is not None:
        qs = restrict(qs, user, "view")
    rows = [r for r in task_rows(qs, today) if r.overdue]
    rows.sort(key=lambda r: -r.days_overdue)
    return rows


def overdue_by_lead(today: dt.date, *, user: Any = None, unit: Unit | None = None) -> list[tuple[str, list[TaskRow]]]:
    """(lead unit name, rows) pairs, the unit with most overdue tasks first; tasks without a
    matched unit are grouped under the name written in the plan."""
    groups: dict[str, list[TaskRow]] = defaultdict(list)
    for r in overdue_rows(today, user=user, unit=unit):
        t = r.task
        groups[t.lead_unit.name if t.lead_unit_id else (t.lead_unit_name or "Chưa rõ đơn vị chủ trì")].append(r)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
