"""The national roll-up: the provinces ranked with the unit score, each drilling down to its communes.

The same score as a province's dashboard ranks its communes with (``ranking.rank``), from the same
statuses (``planning.selectors.status``), computed over every province the national reader may
read. The country holds about 100,000 tasks and 66,000 targets: a reader of the whole country (every
national reader, ``permissions.reads_whole_country``) reads each unit's counts as stored for the day
(``UnitCounts``), added up per province in SQL (``planning.selectors.counts.by_province``: one row per
province; the units a write marked stale since, or whose row is not of the day, are counted again then,
and written back for the next reader), never the other units' tasks or targets. Any other reader's
counts are computed from the rows they may read, from the stored state of each (``counts.counted``).
Either way the number of queries does not depend on the number of provinces, communes, tasks or
updates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from theodoi.domain.scoring import Counts
from theodoi.domain.text import vi_sort_key
from theodoi.planning.selectors import counts as unit_counts
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.tenancy.permissions import reads_whole_country, restrict
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


def _computed(user: Any, day: dt.date) -> dict[str, Counts]:
    """The counts per root path of what ``user`` may read, computed from the rows' stored state."""
    found = unit_counts.counted(task_queryset(user), target_queryset(user), day)
    out: dict[str, Counts] = defaultdict(Counts)
    for pk, counts in found.by_unit.items():
        out[unit_counts.root_of(found.paths[pk])] += counts
    return out


def rollup(user: Any, day: dt.date, *, stored: bool = True) -> Rollup:
    """The roll-up on ``day``; ``stored``: from the stored counts where ``user`` reads the whole country
    (False: computed from the rows, the agreement tests' reference)."""
    units = provinces(user, day)
    per_root = (unit_counts.by_province(day) if stored and reads_whole_country(user)
                else _computed(user, day))
    ranked = [r for u in units if (r := ranking.scored(u, per_root.get(u.path, Counts()))) is not None]
    ranked.sort(key=ranking.order_key)
    scored = {r.unit.pk for r in ranked}
    total = Counts()
    for u in units:
        total += per_root.get(u.path, Counts())
    return Rollup(ranked=ranked, without_data=[u for u in units if u.pk not in scored], provinces=len(units),
                  tasks=total.tasks, overdue=total.overdue, targets=total.targets)
