"""Combining a target's approved figures across time and across units: the one rule behind
the target pages, the JSON twins, the reports, the portal and the API (pure, no Django).

Each indicator declares how its figures combine (``Indicator.across_time`` and
``across_units``); a target without an indicator keeps the latest figure of each unit and
averages percentages or adds other values across units. A ratio is always carried as
numerator and denominator, so the figure of a province is Σ numerators / Σ denominators of
its communes and never an average of their percentages. Each unit's figure at a day is its
latest figure up to that day (``last``/``cumulative``) or the sum of its figures of the
reporting year so far (``sum``), so a unit that skipped a month still counts. Callers pass
approved figures only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from theodoi.domain.periods import Period


@dataclass(frozen=True)
class Figure:
    """One approved figure of one unit for one period."""

    unit_id: int
    period_end: dt.date
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def has_ratio(self) -> bool:
        return self.numerator is not None and bool(self.denominator)


@dataclass(frozen=True)
class Combined:
    """A combined figure: ``value`` (a percentage for ratios) and, for ratios, its parts."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    units: int = 0


def over_time(figures: Iterable[Figure], how: str, since: dt.date | None = None) -> Figure | None:
    """One unit's figure at the end of the window from its figures (all of the same unit).

    ``last`` and ``cumulative`` (figures already cumulative) take the latest figure;
    ``sum`` adds the figures whose period ends on or after ``since`` (values, and
    numerators and denominators separately).
    """
    items = sorted(figures, key=lambda f: f.period_end)
    if not items:
        return None
    if how != "sum":
        return items[-1]
    window = [f for f in items if since is None or f.period_end >= since]
    if not window:
        return None

    def total(attr: str) -> Decimal | None:
        parts = [getattr(f, attr) for f in window if getattr(f, attr) is not None]
        return sum(parts, Decimal(0)) if parts else None

    return Figure(window[0].unit_id, window[-1].period_end, total("value"), total("numerator"),
                  total("denominator"))


def across_units(figures: list[Figure], how: str, ratio: bool) -> Combined:
    """The figure of a group of units from one figure per unit.

    Ratios (declared, or every figure given as numerator/denominator) are Σnum/Σden×100
    whatever ``how`` says; values follow ``how`` (sum/average/min/max; ``none`` gives a
    figure only when the units give one figure: a single unit, or every unit the same value; units
    that differ have no combined figure, since the indicator says their figures do not add up).
    """
    if not figures:
        return Combined(None)
    parts = [f for f in figures if f.has_ratio]
    if parts and (ratio or len(parts) == len(figures)):
        num = sum((f.numerator or Decimal(0) for f in parts), Decimal(0))
        den = sum((f.denominator or Decimal(0) for f in parts), Decimal(0))
        return Combined(num * 100 / den if den else None, num, den, len(parts))
    found = [f.value if f.value is not None else _pct(f) for f in figures]
    values = [v for v in found if v is not None]
    if not values:
        return Combined(None)
    value: Decimal | None
    if how == "average":
        value = sum(values, Decimal(0)) / len(values)
    elif how == "min":
        value = min(values)
    elif how == "max":
        value = max(values)
    elif how == "none":
        value = values[0] if len(set(values)) == 1 else None
    else:
        value = sum(values, Decimal(0))
    return Combined(value, units=len(values))


def _pct(f: Figure) -> Decimal | None:
    if f.numerator is None or not f.denominator:
        return None
    return f.numerator * 100 / f.denominator


@dataclass(frozen=True)
class Rule:
    """How one target's figures combine: over time, across units, and whether it is a ratio."""

    time_how: str = "last"  # last | cumulative | sum
    unit_how: str = "sum"  # sum | average | min | max | none
    ratio: bool = False

    @property
    def label(self) -> str:
        return f"{self.unit_how}/{self.time_how}"


def rule_of(target: Any) -> Rule:
    """The declared rule of a target (its indicator's), or the default for a bare target."""
    ind = getattr(target, "indicator", None)
    if ind is not None:
        return Rule(ind.across_time or "last", ind.across_units or "sum", ind.kind == "ratio")
    return Rule("last", "average" if (target.unit_of_measure or "").strip() == "%" else "sum", False)


def year_start(day: dt.date) -> dt.date:
    """First day of the reporting year holding ``day`` (15/12 of the year before): the window of
    ``sum`` indicators."""
    return Period.for_date("year", day).start


def value_at(figures: Iterable[Figure], rule: Rule, end: dt.date) -> Combined:
    """The target's combined figure at ``end`` from approved figures (any units, any periods)."""
    since = year_start(end) if rule.time_how == "sum" else None
    return combine(figures, end=end, since=since, time_how=rule.time_how, unit_how=rule.unit_how,
                   ratio=rule.ratio)


def series_to(figures: list[Figure], rule: Rule, end: dt.date) -> list[tuple[dt.date, Decimal]]:
    """``value_at`` at each period end up to ``end`` where it has a value, oldest first (trend and
    chart). Its last point is not the figure "now": use ``standing`` for that."""
    out = []
    for day in sorted({f.period_end for f in figures if f.period_end <= end}):
        c = value_at(figures, rule, day)
        if c.value is not None:
            out.append((day, c.value))
    return out


def combine(figures: Iterable[Figure], *, end: dt.date, since: dt.date | None, time_how: str,
            unit_how: str, ratio: bool) -> Combined:
    """The group's figure at ``end``: each unit over time, then across units."""
    per_unit: dict[int, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.period_end <= end:
            per_unit[f.unit_id].append(f)
    latest = [over_time(items, time_how, since) for items in per_unit.values()]
    return across_units([f for f in latest if f is not None], unit_how, ratio)



@dataclass(frozen=True)
class Standing:
    """Where a target stands on a day: the one answer of the pages, JSON twins, exports, the
    dashboard, the portal, the API and the reports.

    ``current`` is ``value_at`` the day (what every place shows as the figure); ``series`` the
    trend up to that day (``series_to``); ``as_of`` the period end of the latest figure counted
    in ``current`` (None when there is no current figure)."""

    current: Combined
    series: tuple[tuple[dt.date, Decimal], ...]
    as_of: dt.date | None

    @property
    def value(self) -> Decimal | None:
        return self.current.value

    @property
    def judged(self) -> tuple[tuple[dt.date, Decimal], ...]:
        """The series a status is judged on: the trend, ending at the shown figure; empty when there
        is no figure now (units of a "none" indicator that differ; a "sum" indicator in a new
        reporting year before its first figure), so the status says "no data" like the value."""
        return self.series if self.current.value is not None else ()


def points(figures: list[Figure], rule: Rule) -> list[tuple[dt.date, Decimal | None]]:
    """``value_at`` at every period end of the figures, oldest first, None where the units give
    no combined figure: what ``standing`` needs on any later day, so it can be stored once
    (``planning.TargetState``) and read by ``standing_of``."""
    return [(day, value_at(figures, rule, day).value) for day in sorted({f.period_end for f in figures})]


def _end(point: tuple[dt.date, Decimal | None]) -> dt.date:
    return point[0]


def standing_of(pts: list[tuple[dt.date, Decimal | None]], rule: Rule, day: dt.date) -> Standing:
    """``standing`` on ``day`` from the figures' ``points`` (equal to it for every day: a later day
    adds no figure, except that a "sum" indicator starts again with each reporting year)."""
    cut = pts[:bisect_right(pts, day, key=_end)]  # the points are oldest first
    series = cast("tuple[tuple[dt.date, Decimal], ...]", tuple([p for p in cut if p[1] is not None]))
    if not cut:
        return Standing(Combined(None), series, None)
    end, value = cut[-1]
    if rule.time_how == "sum" and year_start(end) != year_start(day):
        value = None
    return Standing(Combined(value), series, end if value is not None else None)


def standing(figures: list[Figure], rule: Rule, day: dt.date) -> Standing:
    """The target's figure on ``day`` and its trend, from approved figures (any units, periods).

    When there is a current figure, it is the series' last point (``series_to`` evaluates
    ``value_at`` at the latest period end, and a later day adds no figure), so the chart, the
    status and the shown value never disagree."""
    current = value_at(figures, rule, day)
    series = tuple(series_to(figures, rule, day))
    ends = [f.period_end for f in figures if f.period_end <= day]
    as_of = max(ends) if ends and current.value is not None else None
    return Standing(current, series, as_of)
