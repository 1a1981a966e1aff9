"""Where a target's figures are heading: the value at its deadline, when the goal is reached, and how sure.

Method (docs/tracking.md, "Forecast"): an ordinary least-squares line through the approved
combined values (the baseline first, when the plan gives one before the first figure), time in
days. At the deadline the forecast is the line's value with an 80 % prediction interval,
``ŷ ± t(0.90, n−2) · s · √(1 + 1/n + (x₀ − x̄)² / Sxx)``, where ``s`` is the residuals' standard
error; with two points the line is exact and the interval has no width (there is no spread to
measure). A series that never went below zero (counts, shares) has its interval
cut at zero. The goal is reached on the day the line crosses it, when it is heading there. The
forecast is **at risk** when the whole interval misses the goal, **likely** when the whole of it
meets the goal, **uncertain** when the interval straddles it.

Pure Python, no Django: tested on generated series.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from theodoi.domain.status import meets

# Two-sided 80 % Student quantiles t(0.90, df); beyond 30 degrees of freedom, the normal's 1.2816.
_T90 = {1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397, 9: 1.383,
        10: 1.372, 11: 1.363, 12: 1.356, 13: 1.350, 14: 1.345, 15: 1.341, 16: 1.337, 17: 1.333,
        18: 1.330, 19: 1.328, 20: 1.325, 25: 1.316, 30: 1.310}
LIKELY, UNCERTAIN, AT_RISK = "likely", "uncertain", "at_risk"


def t90(df: int) -> float:
    if df in _T90:
        return _T90[df]
    if df > 30:
        return 1.2816
    return _T90[max(k for k in _T90 if k <= df)]


@dataclass(frozen=True)
class Forecast:
    value: Decimal  # on the line at the deadline
    low: Decimal  # 80 % prediction interval
    high: Decimal
    reached_on: dt.date | None  # the day the line crosses the goal (None: it is not heading there)
    outlook: str  # likely | uncertain | at_risk
    points: int
    slope_per_year: Decimal  # the line's change over 365 days

    @property
    def at_risk(self) -> bool:
        return self.outlook == AT_RISK


def _dec(x: float, places: int = 4) -> Decimal:
    return Decimal(str(round(x, places)))


def forecast(series: Sequence[tuple[dt.date, Decimal]], deadline: dt.date | None, goal: Decimal | None,
             comparator: str = ">=", goal_max: Decimal | None = None, *, baseline: Decimal | None = None,
             start: dt.date | None = None, today: dt.date | None = None,
             ceiling: float | None = None) -> Forecast | None:
    """The forecast of a target's series at its ``deadline``; None without a deadline, a goal or two points.
    ``ceiling``: the most the figure can be (100 for a percentage): the projection and its interval
    stop there, so a share is never forecast at 556 %."""
    points = [(d, float(v)) for d, v in series]
    if baseline is not None and start is not None and (not points or start < points[0][0]):
        points.insert(0, (start, float(baseline)))
    if deadline is None or goal is None or len(points) < 2:
        return None
    origin = points[0][0]
    xs = [float((d - origin).days) for d, _ in points]
    ys = [v for _, v in points]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    icpt = my - slope * mx
    x0 = float((deadline - origin).days)
    y0 = icpt + slope * x0
    if n > 2:
        s = math.sqrt(sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True)) / (n - 2))
        half = t90(n - 2) * s * math.sqrt(1 + 1 / n + (x0 - mx) ** 2 / sxx)
    else:
        half = 0.0
    floor = 0.0 if min(ys) >= 0 else None  # counts and shares never go below zero
    top = math.inf if ceiling is None else ceiling
    low, high = _dec(min(top, y0 - half if floor is None else max(floor, y0 - half))), _dec(min(top, y0 + half))
    y0 = min(y0, top)
    ok_low = meets(comparator, low, goal, goal_max)
    ok_high = meets(comparator, high, goal, goal_max)
    outlook = LIKELY if ok_low and ok_high else AT_RISK if not ok_low and not ok_high and not _straddles(
        comparator, low, high, goal, goal_max) else UNCERTAIN
    return Forecast(_dec(y0), low, high, _crossing(icpt, slope, origin, goal, comparator, points, today),
                    outlook, n, _dec(slope * 365))


def _straddles(comparator: str, low: Decimal, high: Decimal, goal: Decimal, goal_max: Decimal | None) -> bool:
    """Whether some value between ``low`` and ``high`` meets the goal (both ends may miss a range goal)."""
    if goal_max is None and comparator in (">=", ">", "<=", "<", ""):
        return False  # for one-sided goals meeting is monotone: the ends decide
    top = goal_max if goal_max is not None else goal  # a range, or "= goal"
    return low <= top and high >= goal


def _crossing(icpt: float, slope: float, origin: dt.date, goal: Decimal, comparator: str,
              points: list[tuple[dt.date, float]], today: dt.date | None) -> dt.date | None:
    """The day the line reaches the goal, if it is heading there and has not reached it yet."""
    g = float(goal)
    last_day, last = points[-1]
    rising = comparator in (">=", ">", "")
    falling = comparator in ("<=", "<")
    if (rising and last >= g) or (falling and last <= g):
        return None  # already there
    if slope == 0 or (rising and slope < 0) or (falling and slope > 0) or not (rising or falling):
        return None
    x = (g - icpt) / slope
    if x > 36_500:  # not within a century: not heading there in any sense a plan means
        return None
    day = origin + dt.timedelta(days=math.ceil(x))
    floor = max(last_day, today) if today else last_day
    return max(day, floor)
