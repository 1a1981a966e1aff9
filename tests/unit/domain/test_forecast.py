"""The forecast of a target: least squares, an 80 % prediction interval, the day the goal is reached."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.domain.forecast import AT_RISK, LIKELY, UNCERTAIN, forecast, t90

D0 = dt.date(2026, 1, 15)


def monthly(values, start=D0):
    return [(start + dt.timedelta(days=30 * i), Decimal(str(v))) for i, v in enumerate(values)]


def test_an_exact_line_is_forecast_exactly_with_no_spread():
    f = forecast(monthly([10, 20, 30, 40]), D0 + dt.timedelta(days=300), Decimal(100))
    assert f.value == Decimal(110) and f.low == f.high == f.value
    assert f.reached_on == D0 + dt.timedelta(days=270)  # 10 a month from 10: 100 after 9 months
    assert f.outlook == LIKELY and f.points == 4 and f.slope_per_year == Decimal("121.6667")


def test_a_share_is_never_forecast_past_its_ceiling():
    # 30 a month: the line passes 100 % well before the deadline; a share stops at 100
    series = monthly([40, 70, 95])
    free = forecast(series, D0 + dt.timedelta(days=300), Decimal(100))
    share = forecast(series, D0 + dt.timedelta(days=300), Decimal(100), ceiling=100.0)
    assert free.value > 100 and free.high > 100
    assert share.value == share.high == Decimal(100) and share.low <= Decimal(100)
    assert share.outlook == free.outlook and share.reached_on == free.reached_on  # the ceiling changes no verdict


def test_two_points_make_a_line_and_a_baseline_counts_as_one():
    f = forecast(monthly([50]), D0 + dt.timedelta(days=60), Decimal(100), baseline=Decimal(0),
                 start=D0 - dt.timedelta(days=30))
    assert f.points == 2 and f.value == Decimal(150) and f.low == f.high
    assert forecast(monthly([50]), D0 + dt.timedelta(days=60), Decimal(100)) is None  # one point: no line
    assert forecast(monthly([1, 2]), None, Decimal(100)) is None and forecast(monthly([1, 2]), D0, None) is None


def test_outlook_is_at_risk_only_when_the_whole_interval_misses():
    slow = forecast(monthly([10, 12, 11, 13, 12]), D0 + dt.timedelta(days=330), Decimal(95))
    assert slow.outlook == AT_RISK and slow.high < 95 and slow.reached_on is None or slow.reached_on > D0
    noisy = forecast(monthly([10, 40, 20, 60, 30, 70]), D0 + dt.timedelta(days=330), Decimal(100))
    assert noisy.low < 100 < noisy.high and noisy.outlook == UNCERTAIN
    # a "no more than" goal: a falling count reaches it
    falling = forecast(monthly([40, 30, 20]), D0 + dt.timedelta(days=300), Decimal(5), "<=")
    assert falling.outlook == LIKELY and falling.reached_on == D0 + dt.timedelta(days=105)


def test_already_met_or_heading_away_has_no_crossing_day():
    assert forecast(monthly([90, 95, 100]), D0 + dt.timedelta(days=300), Decimal(100)).reached_on is None
    away = forecast(monthly([50, 40, 30]), D0 + dt.timedelta(days=300), Decimal(100))
    assert away.reached_on is None and away.outlook == AT_RISK


def test_student_quantiles():
    assert t90(1) == 3.078 and t90(22) == 1.325 and t90(100) == 1.2816 and t90(5) > t90(10) > t90(30)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-5, max_value=5), st.floats(min_value=0, max_value=100),
       st.integers(min_value=3, max_value=24))
def test_a_noiseless_series_is_forecast_on_its_line(slope, start, n):
    values = [start + slope * i for i in range(n)]
    deadline = D0 + dt.timedelta(days=30 * (n + 6))
    f = forecast(monthly(values), deadline, Decimal(1000))
    expected = start + slope * (n + 6)
    assert abs(float(f.value) - expected) < 0.01
    assert float(f.high - f.low) < 0.01


def test_the_interval_covers_the_true_value_about_eight_times_in_ten():
    rng = random.Random(57)
    hits, trials = 0, 400
    for _ in range(trials):
        n = rng.randint(6, 18)
        values = [20 + 3 * i + rng.gauss(0, 4) for i in range(n)]
        deadline = D0 + dt.timedelta(days=30 * (n + 3))
        truth = 20 + 3 * (n + 3) + rng.gauss(0, 4)  # the figure that will be reported then
        f = forecast(monthly([round(v, 3) for v in values]), deadline, Decimal(1000))
        hits += f.low <= Decimal(str(round(truth, 4))) <= f.high
    assert 0.72 <= hits / trials <= 0.88, hits / trials
