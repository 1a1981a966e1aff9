"""The national roll-up: the provinces ranked with the unit score, each drilling down to its communes.

The same rows and the same score as a province's dashboard ranks its communes with
(``ranking.rank``), computed over every province the national reader may read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from theodoi.domain.text import vi_sort_key
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.tenancy.permissions import restrict
from theodoi.web.selectors import ranking
from theodoi.web.selectors.targets import target_queryset, target_rows
from theodoi.web.selectors.tasks import task_queryset, task_rows


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


def rollup(user: Any, day: dt.date) -> Rollup:
    units = provinces(user, day)
    tasks = task_rows(user, task_queryset(user).filter(children__isnull=True, lead_unit__kind__in=_LOCAL), day)
    targets = target_rows(user, target_queryset(user).filter(document__issuer__kind__in=_LOCAL), day)
    ranked = ranking.rank(units, tasks, targets)
    scored = {r.unit.pk for r in ranked}
    inside = tuple(u.path for u in units)
    mine = [r for r in tasks if r["lead_path"].startswith(inside)]
    return Rollup(ranked=ranked, without_data=[u for u in units if u.pk not in scored], provinces=len(units),
                  tasks=len(mine), overdue=sum(1 for r in mine if r["overdue"]),
                  targets=sum(1 for r in targets if any(ranking.owns_target(u, r) for u in units)))


# Units below the national layer: what a province's ranking counts.
_LOCAL = [k for k in UnitKind.values if k not in (UnitKind.NATION, UnitKind.MINISTRY)]
