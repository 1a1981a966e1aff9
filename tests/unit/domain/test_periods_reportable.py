"""Which periods a form may report on a day: none after the open one, earlier ones late."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from theodoi.domain.periods import (
    Period,
    closed_period,
    due_date,
    is_future,
    is_late,
    open_period,
    reportable_months,
)

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
due_days = st.integers(min_value=1, max_value=31)


@given(day=days, due_day=due_days, n=st.integers(min_value=1, max_value=12))
def test_the_picker_offers_the_open_month_first_and_nothing_future(day, due_day, n):
    months = reportable_months(day, due_day, n)
    assert len(months) == n and months[0] == open_period(day, due_day)
    assert all(not is_future(p, day, due_day) for p in months)
    assert all(a.previous() == b for a, b in zip(months, months[1:], strict=False))
    assert is_future(months[0].next(), day, due_day)


@given(day=days, due_day=due_days, kind=st.sampled_from(["month", "quarter", "half", "year"]))
def test_future_is_after_the_open_period_of_its_kind(day, due_day, kind):
    open_ = open_period(day, due_day, kind)
    assert not is_future(open_, day, due_day)
    assert is_future(open_.next(), day, due_day)
    assert not is_future(open_.previous(), day, due_day)


@given(day=days, due_day=due_days)
def test_late_means_past_the_due_date(day, due_day):
    assert not is_late(open_period(day, due_day), day, due_day)  # the open month is not due yet
    closed = closed_period(day, due_day)
    assert is_late(closed, day, due_day) == (day > due_date(closed, due_day))
    assert is_late(closed, day, due_day)


def test_examples():
    assert [p.key for p in reportable_months(dt.date(2026, 12, 3), 15, 3)] == ["2026-12", "2026-11", "2026-10"]
    assert is_future(Period.parse("2027-06"), dt.date(2026, 12, 3), 15)
