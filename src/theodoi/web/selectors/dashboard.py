"""The operations dashboard (IOC) of a unit and its subtree.

Every number is accompanied by the URL of the list it counts, so the page can link it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from theodoi.domain.text import vi_sort_key
from theodoi.planning.models import Target
from theodoi.planning.selectors import status as official
from theodoi.planning.selectors.status import OUTLOOK_RANK
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict, units_for
from theodoi.web.selectors.targets import (
    light_targets,
    of_unit,
    owner_ids,
    target_light_rows,
    target_queryset,
    target_rows,
)
from theodoi.web.selectors.tasks import group_by_lead, light_tasks, task_light_rows, task_queryset, unit_labels


@dataclass
class Count_:
    code: str
    label: str
    tone: str
    n: int
    url: str


@dataclass
class Frame:
    """What the dashboard read once and its trend reads again: the light tasks and targets (their
    status inputs only) and the targets' stored states, decoded once."""

    tasks: list[Any]  # ``tasks.light_tasks``
    targets: list[Any]  # ``targets.light_targets``
    sent: dict[int, list[official.Sent]]  # each task's stored sent updates (``status.stored_sent``)
    days: list[dt.date]  # ascending: the days ``histories`` are cut at
    histories: dict[int, Sequence[official.TaskHistory]]  # each task's ``histories_up_to(sent, days)``
    states: official.StoredSeries
    lead_paths: dict[int, str]  # task id → its lead unit's path
    owner_paths: dict[int, tuple[str, str]]  # target id → (responsible unit's path, plan issuer's path)


@dataclass
class Dashboard:
    """The dashboard's numbers. ``tasks`` and ``targets`` are light rows (``tasks.task_light_rows``,
    ``targets.target_light_rows``: every key of the lists' rows but the links and the plan's names),
    one per task and target counted; ``by_risk`` and ``trend_targets`` the whole rows
    (``targets.target_rows``) of the few targets the page shows in full."""

    unit: Unit
    tasks: list[dict[str, Any]]
    task_status: list[Count_]
    target_status: list[Count_]
    targets: list[dict[str, Any]]
    overdue_groups: list[tuple[str, str, list[dict[str, Any]]]]
    budget: Decimal
    disbursed: Decimal
    children: list[Unit] = field(default_factory=list)
    by_risk: list[dict[str, Any]] = field(default_factory=list)  # the targets most at risk first (RISK_SHOWN)
    trend_targets: list[dict[str, Any]] = field(default_factory=list)  # the targets with the longest series
    frame: Frame | None = None


RISK_SHOWN = 6  # the targets the page lists by risk
TREND_TARGETS = 4  # the targets the page draws the trend of


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


def longest_series(rows: list[dict[str, Any]], most: int = TREND_TARGETS) -> list[dict[str, Any]]:
    """The targets with the longest series of approved figures (at least two), for trend lines."""
    with_series = [t for t in rows if t["_series_len"] >= 2]
    with_series.sort(key=lambda t: -t["_series_len"])
    return with_series[:most]


def build(user: Any, unit: Unit, today: dt.date, through: dt.date | None = None,
          days: list[dt.date] | None = None) -> Dashboard:
    """The dashboard of ``unit`` on ``today``; ``through``: the end of the period read (its updates and
    figures are those of the periods ending by then, as approved now: the report's rule).

    Every task and target counted gets a light row (its status and what is counted, grouped or
    ranked of it); only the targets shown in full (by risk, trend lines) get whole rows. Each task's
    stored sent updates are read once and folded once, up to ``through`` and to each of ``days``
    (the trend's month ends: ``leader.unit_trends`` reads them from ``frame``)."""
    sub = unit.path
    # Counted exactly as the linked lists filter: tasks led, targets followed, within the subtree.
    tq = task_queryset(user).filter(lead_unit__path__startswith=sub, children__isnull=True)
    task_objs = light_tasks(tq)
    sent = official.stored_sent([t.pk for t in task_objs])
    cut = through or dt.date.max
    ends = sorted({*(days or ()), cut})
    histories: dict[int, Sequence[official.TaskHistory]] = {
        pk: official.folded_up_to(ups, ends) for pk, ups in sent.items()}
    at = ends.index(cut)
    target_objs = light_targets(of_unit(target_queryset(user), unit))
    # the units the rows name, read once for the tasks and the targets (most are both)
    labels = unit_labels([*(t.lead_unit_id for t in task_objs if t.lead_unit_id), *owner_ids(target_objs)])
    tasks = task_light_rows(user, task_objs, today, through, histories={pk: h[at] for pk, h in histories.items()},
                            units=labels)
    states = official.stored_states([t.pk for t in target_objs])
    targets = target_light_rows(target_objs, today, unit,
                                stored=official.stored_series(target_objs, unit, states=states), units=labels)
    frame = Frame(task_objs, target_objs, sent, ends, histories, states,
                  lead_paths={r["_pk"]: r["lead_path"] for r in tasks},
                  owner_paths={r["_pk"]: (r["responsible_path"], r["issuer_path"]) for r in targets})
    budget = sum((r["budget"] or Decimal(0) for r in tasks), Decimal(0))
    disbursed = sum((r["disbursed"] or Decimal(0) for r in tasks), Decimal(0))
    risky, trending = by_risk(targets)[:RISK_SHOWN], longest_series(targets)
    shown = {r["_pk"] for r in risky} | {r["_pk"] for r in trending}
    whole = {r["_pk"]: r for r in target_rows(user, Target.objects.filter(pk__in=shown), today, unit)}
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
        budget=budget, disbursed=disbursed, children=children,
        by_risk=[whole[r["_pk"]] for r in risky], trend_targets=[whole[r["_pk"]] for r in trending], frame=frame,
    )
