"""Reporting periods of Decree 09/2019: the 15th-to-14th month, quarters, halves, years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.domain.periods import Period, current_reporting_month, due_date

D = dt.date


@pytest.mark.parametrize(("day", "key"), [
    (D(2026, 4, 15), "2026-05"), (D(2026, 5, 14), "2026-05"), (D(2026, 5, 15), "2026-06"),
    (D(2026, 12, 14), "2026-12"), (D(2026, 12, 15), "2027-01"), (D(2027, 1, 1), "2027-01"),
    (D(2028, 2, 29), "2028-03"), (D(2028, 2, 14), "2028-02"),
])
def test_reporting_month_runs_from_the_15th_to_the_14th(day, key):
    assert current_reporting_month(day).key == key


@pytest.mark.parametrize(("key", "start", "end", "label"), [
    ("2026-05", D(2026, 4, 15), D(2026, 5, 14), "Tháng 5/2026"),
    ("2026-01", D(2025, 12, 15), D(2026, 1, 14), "Tháng 1/2026"),
    ("2026-Q1", D(2025, 12, 15), D(2026, 3, 14), "Quý I/2026"),
    ("2026-Q2", D(2026, 3, 15), D(2026, 6, 14), "Quý II/2026"),
    ("2026-Q4", D(2026, 9, 15), D(2026, 12, 14), "Quý IV/2026"),
    ("2026-H1", D(2025, 12, 15), D(2026, 6, 14), "6 tháng đầu năm 2026"),
    ("2026-H2", D(2026, 6, 15), D(2026, 12, 14), "6 tháng cuối năm 2026"),
    ("2026", D(2025, 12, 15), D(2026, 12, 14), "Năm 2026"),
])
def test_period_bounds_and_labels(key, start, end, label):
    p = Period.parse(key)
    assert (p.start, p.end, p.label_vi, p.key, str(p)) == (start, end, label, key, key)


def test_for_date_of_each_kind_at_the_year_boundary():
    day = D(2026, 12, 20)  # already in the 2027 reporting year
    assert [Period.for_date(k, day).key for k in ("month", "quarter", "half", "year")] == [
        "2027-01", "2027-Q1", "2027-H1", "2027"]


def test_previous_and_next_cross_years():
    assert Period.parse("2026-01").previous().key == "2025-12"
    assert Period.parse("2025-12").next().key == "2026-01"
    assert Period.parse("2026-Q1").previous().key == "2025-Q4"
    assert Period.parse("2026-H2").next().key == "2027-H1"
    assert Period.parse("2026").previous().key == "2025"


def test_months_of_a_quarter():
    assert [m.key for m in Period.parse("2026-Q2").months()] == ["2026-04", "2026-05", "2026-06"]


@pytest.mark.parametrize("bad", ["", "2026-13", "2026-00", "2026-Q5", "2026-H3", "26-05", "tháng 5", "2026-5-1"])
def test_bad_keys_are_refused(bad):
    with pytest.raises(ValueError):
        Period.parse(bad)


@pytest.mark.parametrize(("key", "day", "due"), [
    ("2026-05", 15, D(2026, 5, 15)),  # "trước ngày 15 hằng tháng"
    ("2026-05", 20, D(2026, 5, 20)),
    ("2026-05", 5, D(2026, 6, 5)),    # a due day before the cut-off falls in the next month
    ("2026-12", 5, D(2027, 1, 5)),
    ("2026-02", 31, D(2026, 2, 28)),
    ("2028-02", 31, D(2028, 2, 29)),  # leap year
    ("2026-Q2", 15, D(2026, 6, 15)),
])
def test_due_date(key, day, due):
    assert due_date(Period.parse(key), day) == due


def test_due_day_out_of_range():
    with pytest.raises(ValueError):
        due_date(Period.parse("2026-05"), 0)


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2200, 12, 31)))
def test_every_day_lies_in_exactly_its_periods(day):
    for kind in ("month", "quarter", "half", "year"):
        p = Period.for_date(kind, day)
        assert p.start <= day <= p.end
        assert p.previous().end + dt.timedelta(days=1) == p.start
        assert p.next().start - dt.timedelta(days=1) == p.end
        assert Period.parse(p.key) == p


def test_periods_in_words_for_titles():
    assert [Period.parse(k).words_vi for k in ("2026-05", "2026-Q2", "2026-H1", "2026-H2", "2026")] == [
        "tháng 5 năm 2026", "quý II năm 2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "năm 2026"]
