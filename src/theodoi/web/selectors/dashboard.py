"""The operations dashboard (IOC) of a unit and its subtree.

Every number is accompanied by the URL of the list it counts, so the page can link it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from theodoi.domain.text import vi_sort_key
from theodoi.planning.selectors.status import OUTLOOK_RANK
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict, units_for
from theodoi.web.selectors.targets import of_unit, target_queryset, target_rows
from theodoi.web.selectors.tasks import group_by_lead, task_queryset, task_rows


@dataclass
class Count_:
    code: str
    label: str
    tone: str
    n: int
    url: str


@dataclass
class Dashboard:
    unit: Unit
    tasks: list[dict[str, Any]]
    task_status: list[Count_]
    target_status: list[Count_]
    targets: list[dict[str, Any]]
    overdue_groups: list[tuple[str, str, list[dict[str, Any]]]]
    budget: Decimal
    disbursed: Decimal
    children: list[Unit] = field(default_factory=list)
    by_risk: list[dict[str, Any]] = field(default_factory=list)  # the targets, most at risk first


def default_unit(user: Any) -> Unit | None:
    """The highest unit the person manages, else the highest they read as a member."""
    for action in ("manage", "approve", "report", "view"):
        u = units_for(user, action).order_by("depth", "path").first()
        if u is not None and (action != "view" or user.is_superuser or
                              user.memberships.filter(unit__path__startswith=u.path).exists()):
            return u
    return None


def widest_unit(user: Any) -> Unit | None:
    """The highest unit the person may read (a list widened to "everything they may read")."""
    return units_for(user, "view").order_by("depth", "path").first()


def _counts(rows: list[dict[str, Any]], list_name: str, extra: dict[str, str]) -> list[Count_]:
    c = Counter((r["status_code"], r["status"], r["tone"]) for r in rows)
    base = reverse(list_name)
    return [
        Count_(code, label, tone, n, f"{base}?{urlencode({**extra, 'status': code})}")
        for (code, label, tone), n in sorted(c.items(), key=lambda kv: -kv[1])
    ]


def by_risk(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Targets ordered by their forecast's outlook: at risk, uncertain, likely, then those without a
    forecast; within one outlook, as the plans list them."""
    return sorted(rows, key=lambda r: OUTLOOK_RANK[r["outlook"]])


def build(user: Any, unit: Unit, today: dt.date, through: dt.date | None = None) -> Dashboard:
    """The dashboard of ``unit`` on ``today``; ``through``: the end of the period read (its updates and
    figures are those of the periods ending by then, as approved now: the report's rule)."""
    sub = unit.path
    # Counted exactly as the linked lists filter: tasks led, targets followed, within the subtree.
    tq = task_queryset(user).filter(lead_unit__path__startswith=sub, children__isnull=True)
    tasks = task_rows(user, tq, today, through)
    targets = target_rows(user, of_unit(target_queryset(user), unit), today, unit)
    budget = sum((r["budget"] or Decimal(0) for r in tasks), Decimal(0))
    disbursed = sum((r["disbursed"] or Decimal(0) for r in tasks), Decimal(0))
    # Units abolished before today are history: out of the current units and the ranking
    # (an abolished unit's own dashboard still lists the units it had).
    kids = Unit.objects.filter(parent=unit).select_related("parent")  # named with their commune
    if unit.is_active_on(today):
        kids = kids.existing_on(today)
    children = sorted(restrict(kids, user, "view"), key=lambda u: vi_sort_key(u.name))
    return Dashboard(
        unit=unit, tasks=tasks,
        task_status=_counts(tasks, "task_list", {"lead": unit.slug}),
        target_status=_counts(targets, "target_list", {"unit": unit.slug}),
        targets=targets,
        overdue_groups=group_by_lead([r for r in tasks if r["overdue"]]),
        budget=budget, disbursed=disbursed, children=children, by_risk=by_risk(targets),
    )
