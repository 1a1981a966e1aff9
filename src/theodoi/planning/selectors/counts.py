"""Units' tasks and targets counted by status (``domain.scoring.Counts``): what the national roll-up adds up.

A unit's counts are its leaf tasks (a task with sub-tasks is counted through them) led by it and the
targets it answers for (``ranking.owns_target``: its responsible unit, else the plan's issuer), for the
units below the national layer, with the statuses of ``planning.selectors.status`` (the rules' one
home) on a day. ``counted`` computes them from the stored state of each task and target (what a
status needs, never the history); ``planning.services.counts`` keeps them in ``UnitCounts`` (the writes
mark a unit's row stale, the readers and the daily job store its counts again), and ``by_province``
adds up the fresh rows per province in SQL, counting again only the units whose row is stale or not
of that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone

from theodoi.domain.scoring import COUNTS, Counts
from theodoi.planning.models import Target, Task, UnitCounts
from theodoi.planning.selectors import status as official
from theodoi.tenancy.models import Unit, UnitKind

CHUNK = 500  # units counted at once (the statements' parameters stay bounded)
# Units below the national layer: what a province's ranking counts.
LOCAL = [k for k in UnitKind.values if k not in (UnitKind.NATION, UnitKind.MINISTRY)]
# What a task's and a target's status need (``status.task_rows``, ``status.target_rows``), and the
# paths that place them in a province.
_TASK = ("id", "due_date", "completed_on", "run_state", "recurrence", "document", "document__monthly_due_day",
         "lead_unit", "lead_unit__path")
_TARGET = ("id", "comparator", "value", "value_max", "deadline", "deadline_year", "baseline", "baseline_year",
           "unit_of_measure", "document", "document__issued_date", "document__period_start", "document__period_end",
           "document__issuer", "document__issuer__path", "indicator", "indicator__kind", "indicator__across_time",
           "indicator__across_units", "responsible_unit", "responsible_unit__path")


@dataclass
class Counted:
    """Counts by unit id, and each unit's path (where it sits: its province is the first segment)."""

    by_unit: dict[int, Counts] = field(default_factory=lambda: defaultdict(Counts))
    paths: dict[int, str] = field(default_factory=dict)


def counted_tasks(qs: QuerySet[Task]) -> QuerySet[Task]:
    """The tasks of ``qs`` a unit's counts hold: leaf tasks led by a unit below the national layer, of
    plans some unit issued (a plan of no issuer is no one's to rank, and no national reader reads it)."""
    return qs.filter(children__isnull=True, lead_unit__kind__in=LOCAL, document__issuer__isnull=False)


def counted_targets(qs: QuerySet[Target]) -> QuerySet[Target]:
    """The targets of ``qs`` a unit's counts hold: those of plans issued below the national layer."""
    return qs.filter(document__issuer__kind__in=LOCAL)


def owned_by(units: Iterable[int] | QuerySet) -> Q:
    """Targets whose owner (``ranking.owns_target``: the responsible unit, else the issuer) is one of ``units``."""
    return Q(responsible_unit__in=units) | Q(responsible_unit__isnull=True, document__issuer__in=units)


def counted(tasks: QuerySet[Task] | None, targets: QuerySet[Target] | None, day: dt.date) -> Counted:
    """The counts on ``day`` of the units leading ``tasks`` and owning ``targets`` (narrowed by
    ``counted_tasks``/``counted_targets``; None: not counted), by unit: four queries whatever their number."""
    out = Counted()
    if tasks is not None:
        _count_tasks(tasks, day, out)
    if targets is not None:
        _count_targets(targets, day, out)
    return out


def _count_tasks(tasks: QuerySet[Task], day: dt.date, out: Counted) -> None:
    # counted, not listed: no order
    light = list(counted_tasks(tasks).select_related("document", "lead_unit").only(*_TASK).order_by())
    for st in official.task_rows(light, day):
        unit = cast(Unit, st.task.lead_unit)  # counted_tasks: every one has a lead unit
        out.by_unit[unit.pk].add_task(st.code, st.reported_this_period, st.overdue)
        out.paths[unit.pk] = unit.path


def _count_targets(targets: QuerySet[Target], day: dt.date, out: Counted) -> None:
    goals = list(counted_targets(targets).select_related("document", "document__issuer", "indicator",
                                                         "responsible_unit").only(*_TARGET))
    for st in official.target_rows(goals, day):
        t = st.target
        owner = t.responsible_unit or t.document.issuer
        if owner is None:
            continue
        out.by_unit[owner.pk].add_target(st.code)
        out.paths[owner.pk] = owner.path


def of_units(unit_ids: Iterable[int] | QuerySet, day: dt.date, *, tasks: bool = True,
             targets: bool = True) -> Counted:
    """The counts on ``day`` of these units, computed (not read from ``UnitCounts``): of their tasks,
    of their targets, or both."""
    return counted(Task.objects.filter(lead_unit__in=unit_ids) if tasks else None,
                   Target.objects.filter(owned_by(unit_ids)) if targets else None, day)


def root_of(path: str) -> str:
    """The path of the top of the tree that holds ``path`` (a province: provinces are roots)."""
    return path[:path.index("/", 1) + 1] if path else ""


# The same in SQL, of a ``UnitCounts`` row's unit: "/12/345/" → "/12/".
_ROOT = Substr("unit__path", 1, StrIndex(Substr("unit__path", 2), Value("/")) + 1)


def by_province(day: dt.date, *, write_back: bool = True) -> dict[str, Counts]:
    """Every unit's counts on ``day`` added up per root path (a province's, or the national layer's).

    One grouped query reads, in one snapshot, the rows fresh for that day summed per root and each
    other row (stale: marked by a write, or of another day) alone with its version; those units are
    counted now (four more queries, only then), so nothing added up is stale. Counting for today
    (and ``write_back``), their counts are then stored with a compare-and-set on the version read
    (``planning.services.counts.write_back``: its own short transaction, waiting for no lock, never
    failing this read), so the next reader finds them fresh."""
    out: dict[str, Counts] = defaultdict(Counts)
    fresh = Q(day=day)
    rows = (UnitCounts.objects.annotate(root=_ROOT,
                                        stale=Case(When(fresh, then=Value(0)), default=F("unit_id"),
                                                   output_field=BigIntegerField()),
                                        seen=Case(When(fresh, then=Value(0)), default=F("version"),
                                                  output_field=BigIntegerField()))
            .order_by().values("root", "stale", "seen").annotate(**{f"n_{name}": Sum(F(name)) for name in COUNTS}))
    read: dict[int, int] = {}  # stale unit → the version read before counting it
    for row in rows:
        sums = cast(dict[str, Any], row)  # the annotations' names are made above
        if sums["stale"]:
            read[sums["stale"]] = sums["seen"]
        else:
            out[sums["root"]] += Counts(**{name: sums[f"n_{name}"] or 0 for name in COUNTS})
    found: dict[int, Counts] = {}
    ids = sorted(read)
    for i in range(0, len(ids), CHUNK):  # exactly the units read stale, a bounded number of them at once
        again = of_units(ids[i:i + CHUNK], day)
        for pk, counts in again.by_unit.items():
            out[root_of(again.paths[pk])] += counts
        found.update(again.by_unit)
    if read and write_back and day == timezone.localdate():
        from theodoi.planning.services.counts import write_back as store

        store(read, found, day)
    return out
