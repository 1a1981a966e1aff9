"""The national roll-up: the provinces ranked with the unit score, each drilling down to its communes.

The same score as a province's dashboard ranks its communes with (``ranking.rank``), from the same
statuses (``planning.selectors.status``), computed over every province the national reader may
read. The country holds about 100,000 tasks and 66,000 targets: this page reads, for each, only
what its status needs (the task's dates and the stored summary of its updates, ``TaskState``; the
target's goal and its stored series, ``TargetState``), never the history, the latest updates or the
whole rows a list shows, and adds each row to its own province only (one pass, not one per province).
Its number of queries does not depend on the number of provinces, communes, tasks or updates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from theodoi.domain.text import vi_sort_key
from theodoi.planning.selectors import status as official
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.tenancy.permissions import restrict
from theodoi.web.selectors import ranking
from theodoi.web.selectors.targets import target_queryset
from theodoi.web.selectors.tasks import task_queryset


@dataclass
class Rollup:
    ranked: list[ranking.Ranked]
    without_data: list[Unit]  # provinces with no task or target to score yet
    provinces: int
    tasks: int
    overdue: int
    targets: int


def provinces(user: Any, day: dt.date) -> list[Unit]:
    """The provinces and centrally-run cities existing on ``day`` that ``user`` may read, in the
    order of their names without the "Tỉnh"/"Thành phố" before them."""
    qs = Unit.objects.filter(kind=UnitKind.PROVINCE).existing_on(day)
    return sorted(restrict(qs, user, "view"), key=lambda u: vi_sort_key(u.short_name or u.name))


# Units below the national layer: what a province's ranking counts.
_LOCAL = [k for k in UnitKind.values if k not in (UnitKind.NATION, UnitKind.MINISTRY)]
# What a task's and a target's status need (``status.task_rows``, ``status.target_rows``), and the
# paths that place them in a province.
_TASK = ("id", "due_date", "completed_on", "run_state", "recurrence", "document", "document__monthly_due_day",
         "lead_unit", "lead_unit__path")
_TARGET = ("id", "comparator", "value", "value_max", "deadline", "deadline_year", "baseline", "baseline_year",
           "unit_of_measure", "document", "document__issued_date", "document__period_start", "document__period_end",
           "document__issuer", "document__issuer__path", "indicator", "indicator__kind", "indicator__across_time",
           "indicator__across_units", "responsible_unit", "responsible_unit__path")


def _province_of(path: str, roots: dict[str, Unit]) -> Unit | None:
    """The province whose subtree holds ``path`` (its first segment: provinces are roots)."""
    if not path:
        return None
    return roots.get(path[:path.index("/", 1) + 1])


def _task_rows(user: Any, day: dt.date) -> list[dict[str, Any]]:
    light = list(task_queryset(user).filter(children__isnull=True, lead_unit__kind__in=_LOCAL)
                 .select_related("document", "lead_unit").only(*_TASK))
    return [{"lead_path": st.task.lead_unit.path if st.task.lead_unit else "", "status_code": st.code,
             "overdue": st.overdue, "reported_closed": st.reported_this_period}
            for st in official.task_rows(light, day)]


def _target_rows(user: Any, day: dt.date) -> list[dict[str, Any]]:
    light = list(target_queryset(user).filter(document__issuer__kind__in=_LOCAL)
                 .select_related("document", "document__issuer", "indicator", "responsible_unit").only(*_TARGET))
    out = []
    for st in official.target_rows(light, day):
        t = st.target
        out.append({"responsible_path": t.responsible_unit.path if t.responsible_unit else "",
                    "issuer_path": t.document.issuer.path if t.document.issuer else "", "status_code": st.code})
    return out


def rollup(user: Any, day: dt.date) -> Rollup:
    units = provinces(user, day)
    roots = {u.path: u for u in units}
    tasks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _task_rows(user, day):
        home = _province_of(row["lead_path"], roots)
        if home is not None:
            tasks[home.pk].append(row)
    targets: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _target_rows(user, day):
        # the province that answers for it (``ranking.owns_target``: its responsible unit, else its issuer)
        home = _province_of(row["responsible_path"] or row["issuer_path"], roots)
        if home is not None:
            targets[home.pk].append(row)
    ranked = [r for u in units for r in ranking.rank([u], tasks[u.pk], targets[u.pk])]
    ranked.sort(key=ranking.order_key)
    scored = {r.unit.pk for r in ranked}
    mine = [r for rows in tasks.values() for r in rows]
    return Rollup(ranked=ranked, without_data=[u for u in units if u.pk not in scored], provinces=len(units),
                  tasks=len(mine), overdue=sum(1 for r in mine if r["overdue"]),
                  targets=sum(len(rows) for rows in targets.values()))
