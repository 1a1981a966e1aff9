"""Combining figures across time and across units (pure, no Django).

Each indicator declares how its figures combine (``Indicator.across_time`` and
``across_units``). A ratio is always carried as numerator and denominator, so the
figure of a province is Σ numerators / Σ denominators of its communes and never an
average of their percentages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


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
    figure only for a single unit).
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
        value = values[0] if len(values) == 1 else None
    else:
        value = sum(values, Decimal(0))
    return Combined(value, units=len(values))


def _pct(f: Figure) -> Decimal | None:
    if f.numerator is None or not f.denominator:
        return None
    return f.numerator * 100 / f.denominator


def combine(figures: Iterable[Figure], *, end: dt.date, since: dt.date | None, time_how: str,
            unit_how: str, ratio: bool) -> Combined:
    """The group's figure at ``end``: each unit over time, then across units."""
    per_unit: dict[int, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.period_end <= end:
            per_unit[f.unit_id].append(f)
    latest = [over_time(items, time_how, since) for items in per_unit.values()]
    return across_units([f for f in latest if f is not None], unit_how, ratio)


def series(figures: list[Figure], *, end: dt.date, since: dt.date | None, time_how: str,
           unit_how: str, ratio: bool) -> list[tuple[dt.date, Decimal]]:
    """The combined value at each period end up to ``end`` (oldest first), for status and trend."""
    out = []
    for day in sorted({f.period_end for f in figures if f.period_end <= end}):
        c = combine(figures, end=day, since=since, time_how=time_how, unit_how=unit_how, ratio=ratio)
        if c.value is not None:
            out.append((day, c.value))
    return out
