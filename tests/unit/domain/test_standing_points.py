"""The stored form of a target's figures (``aggregate.points``) gives the same standing as the figures.

Pages read ``standing_of`` the points the writing services keep in ``planning.TargetState``;
reports read ``standing`` of the figures. Both must agree on every day, for every rule,
including the cases where the day has no combined figure: units of a "none" indicator that
differ, and a "sum" indicator in a new reporting year (from 15/12) before its first figure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from theodoi.domain import aggregate as agg

RULES = [agg.Rule(t, u, r) for t in ("last", "cumulative", "sum") for u in ("sum", "average", "min", "max", "none")
         for r in (False, True)]
ENDS = [dt.date(2025, m, 14) for m in range(9, 13)] + [dt.date(2026, m, 14) for m in range(1, 7)] \
    + [dt.date(2025, 12, 31), dt.date(2026, 12, 14), dt.date(2026, 12, 20)]

figure = st.builds(
    lambda unit, end, value, num, den: agg.Figure(unit, end, value, num, den),
    st.integers(1, 3), st.sampled_from(ENDS),
    st.one_of(st.none(), st.integers(0, 5).map(Decimal)),
    st.one_of(st.none(), st.integers(0, 9).map(Decimal)),
    st.one_of(st.none(), st.integers(0, 9).map(Decimal)),
)
day = st.dates(dt.date(2025, 9, 1), dt.date(2027, 1, 31))


def same(figures: list[agg.Figure], rule: agg.Rule, on: dt.date) -> None:
    want = agg.standing(figures, rule, on)
    got = agg.standing_of(agg.points(figures, rule), rule, on)
    assert (got.value, got.series, got.as_of, got.judged) == (want.value, want.series, want.as_of, want.judged)


@settings(max_examples=300, deadline=None)
@given(st.lists(figure, max_size=8), st.sampled_from(RULES), day)
# two units of a "none" indicator that differ on the latest period: no figure now, an older one in the trend
@example([agg.Figure(1, ENDS[0], Decimal(1)), agg.Figure(2, ENDS[0], Decimal(1)),
          agg.Figure(2, ENDS[1], Decimal(2))], agg.Rule("last", "none"), dt.date(2025, 11, 1))
# a "sum" indicator read in a new reporting year before its first figure there
@example([agg.Figure(1, dt.date(2025, 11, 14), Decimal(3))], agg.Rule("sum", "sum"), dt.date(2025, 12, 20))
def test_points_stand_as_the_figures(figures, rule, on):
    same(figures, rule, on)


def test_no_figures_no_standing():
    st_ = agg.standing_of([], agg.Rule(), dt.date(2026, 1, 1))
    assert (st_.value, st_.series, st_.as_of) == (None, (), None)
