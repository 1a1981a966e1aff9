"""Overdue tasks, grouped by lead unit (the unit that must answer for them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q

from theodoi.planning.models import DocStatus, RunState, Task
from theodoi.planning.selectors.status import TaskRow, task_rows
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict


def overdue_rows(today: dt.date, *, user: Any = None, unit: Unit | None = None) -> list[TaskRow]:
    """Running tasks past their deadline and not completed, most overdue first."""
    qs = Task.objects.filter(document__status=DocStatus.ACTIVE, run_state=RunState.ACTIVE, completed_on__isnull=True,
                             due_date__lt=today, children__isnull=True).filter(
        Q(recurrence="") | Q(recurrence__isnull=True))
    if unit is not None:
        qs = qs.filter(lead_unit__path__startswith=unit.path)
    if user is not None:
        qs = restrict(qs, user, "view")
    qs = qs.select_related("lead_unit__parent")
    rows = [r for r in task_rows(qs, today) if r.overdue]
    rows.sort(key=lambda r: -r.days_overdue)
    return rows


def overdue_by_lead(today: dt.date, *, user: Any = None, unit: Unit | None = None) -> list[tuple[str, list[TaskRow]]]:
    """(lead unit, rows) pairs as presented in meetings: the unit with most overdue tasks first.

    Units are told apart by their place in the tree ("Phòng Văn hóa - Xã hội – Xã Bình Lư" is not
    the one of Bum Nưa); tasks without a matched unit are grouped under the name written in the plan.
    """
    groups: dict[Any, list[TaskRow]] = defaultdict(list)
    labels: dict[Any, str] = {}
    for r in overdue_rows(today, user=user, unit=unit):
        t = r.task
        key = t.lead_unit_id or f"name:{t.lead_unit_name}"
        if key not in labels:
            labels[key] = unit_label(t.lead_unit) if t.lead_unit_id else (t.lead_unit_name or "Chưa rõ đơn vị chủ trì")
        groups[key].append(r)
    return sorted(((labels[k], rows) for k, rows in groups.items()), key=lambda kv: (-len(kv[1]), kv[0]))
