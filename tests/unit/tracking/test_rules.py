"""The pure status rules and checks (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from theodoi.domain.checks import (
    UpdateFacts,
    figure_contradictions,
    stalled_since,
    thin_reasons,
    update_contradictions,
)
from theodoi.domain.status import (
    TARGET_LABELS,
    TASK_LABELS,
    TargetFacts,
    TargetStatus,
    TaskFacts,
    TaskStatus,
    target_code,
    task_code,
    task_overdue,
)

TODAY = dt.date(2026, 7, 20)
DUE = dt.date(2026, 6, 30)


@pytest.mark.parametrize(("facts", "expected"), [
    (TaskFacts(due=DUE, completed_on=None, run_state="stopped", started=True), TaskStatus.STOPPED),
    (TaskFacts(due=DUE, completed_on=None, run_state="paused", started=True), TaskStatus.PAUSED),
    (TaskFacts(due=DUE, completed_on=dt.date(2026, 6, 1)), TaskStatus.DONE_ON_TIME),
    (TaskFacts(due=DUE, completed_on=dt.date(2026, 7, 2)), TaskStatus.DONE_LATE),
    (TaskFacts(due=None, completed_on=dt.date(2026, 7, 2)), TaskStatus.DONE_ON_TIME),
    (TaskFacts(due=DUE, completed_on=None, started=False), TaskStatus.NOT_STARTED),
    (TaskFacts(due=dt.date(2026, 12, 31), completed_on=None, started=True, percent=D(30)), TaskStatus.ON_TRACK),
    (TaskFacts(due=DUE, completed_on=None, started=True, percent=D(30)), TaskStatus.OVERDUE),
    (TaskFacts(due=None, completed_on=None, started=True), TaskStatus.ON_TRACK),
    (TaskFacts(due=None, completed_on=None, started=True, recurring=True, reported_this_period=True),
     TaskStatus.ON_TRACK),
    (TaskFacts(due=None, completed_on=None, started=True, recurring=True, reported_this_period=False),
     TaskStatus.OVERDUE),
    (TaskFacts(due=None, completed_on=None, started=False, recurring=True), TaskStatus.NOT_STARTED),
])
def test_task_code(facts, expected):
    assert task_code(facts, TODAY) == expected
    assert TASK_LABELS[expected][0].isupper()


def test_task_overdue_includes_not_started_but_not_paused_or_recurring():
    assert task_overdue(TaskFacts(due=DUE, completed_on=None), TODAY)
    assert not task_overdue(TaskFacts(due=DUE, completed_on=None, run_state="paused"), TODAY)
    assert not task_overdue(TaskFacts(due=DUE, completed_on=None, recurring=True), TODAY)
    assert not task_overdue(TaskFacts(due=DUE, completed_on=dt.date(2026, 7, 1)), TODAY)


def _t(series, comparator=">=", goal=D(100), deadline=dt.date(2026, 12, 31), **kw):
    return TargetFacts(comparator=comparator, goal=goal, deadline=deadline, series=tuple(series),
                       start=dt.date(2026, 1, 1), **kw)


@pytest.mark.parametrize(("facts", "today", "expected"), [
    (_t([]), TODAY, TargetStatus.NO_DATA),
    (_t([(dt.date(2026, 6, 14), D(100))]), TODAY, TargetStatus.MET),
    (_t([(dt.date(2026, 12, 14), D(80))]), dt.date(2027, 1, 5), TargetStatus.NOT_MET),
    # 40 → 70 in two months: the line reaches 100 well before December.
    (_t([(dt.date(2026, 5, 14), D(40)), (dt.date(2026, 7, 14), D(70))]), TODAY, TargetStatus.LIKELY),
    # 40 → 42 in two months: far from 100 by December.
    (_t([(dt.date(2026, 5, 14), D(40)), (dt.date(2026, 7, 14), D(42))]), TODAY, TargetStatus.AT_RISK),
    # A single figure against an even pace from January: 60% in mid-July is ahead.
    (_t([(dt.date(2026, 7, 14), D(60))]), TODAY, TargetStatus.LIKELY),
    (_t([(dt.date(2026, 7, 14), D(10))]), TODAY, TargetStatus.AT_RISK),
    # "at most 5": 3 is met; a falling trend from 9 to 7 does not get there in time.
    (_t([(dt.date(2026, 7, 14), D(3))], comparator="<=", goal=D(5)), TODAY, TargetStatus.MET),
    (_t([(dt.date(2026, 6, 14), D(9)), (dt.date(2026, 7, 14), D(8.9))], comparator="<=", goal=D(5)), TODAY,
     TargetStatus.AT_RISK),
    # 9 → 6 in a month: the falling line is under 5 by December.
    (_t([(dt.date(2026, 6, 14), D(9)), (dt.date(2026, 7, 14), D(6))], comparator="<=", goal=D(5)), TODAY,
     TargetStatus.LIKELY),
    # No value to reach: figures cannot say likely or at risk.
    (_t([(dt.date(2026, 7, 14), D(60))], goal=None), TODAY, TargetStatus.NO_DATA),
    # A range 40–60: 50 is met, 70 is not (and the deadline has passed).
    (_t([(dt.date(2026, 7, 14), D(50))], goal=D(40), goal_max=D(60)), TODAY, TargetStatus.MET),
    (_t([(dt.date(2026, 12, 14), D(70))], goal=D(40), goal_max=D(60)), dt.date(2027, 1, 2), TargetStatus.NOT_MET),
])
def test_target_code(facts, today, expected):
    assert target_code(facts, today) == expected
    assert TARGET_LABELS[expected]


def _u(key, end, percent, **kw):
    return UpdateFacts(period_key=key, period_label=f"Tháng {key[-2:]}", period_end=end,
                       percent=None if percent is None else D(percent), **kw)


def test_thin_update_reasons():
    assert thin_reasons(_u("2026-05", dt.date(2026, 5, 14), 50)) == [
        "chỉ ghi tỷ lệ 50%, không nêu kết quả thực hiện", "không nêu sản phẩm đã có", "không có tệp minh chứng"]
    assert thin_reasons(_u("2026-05", dt.date(2026, 5, 14), 50, work_done="x", outputs="y", evidence=1)) == []


def test_update_contradictions():
    prev = _u("2026-05", dt.date(2026, 5, 14), 60, disbursed=D(10))
    done_late = _u("2026-07", dt.date(2026, 7, 14), 100)
    found = update_contradictions(done_late, prev, due=DUE, completed_on=None, budget=None)
    assert any("đã quá hạn" in r for r in found)
    assert not update_contradictions(done_late, prev, due=DUE, completed_on=dt.date(2026, 7, 10), budget=None)
    down = _u("2026-06", dt.date(2026, 6, 14), 40)
    assert any("giảm" in r for r in update_contradictions(down, prev, due=None, completed_on=None, budget=None))
    paid = _u("2026-06", dt.date(2026, 6, 14), 60, disbursed=D(5_000_000))
    reasons = update_contradictions(paid, prev, due=None, completed_on=None, budget=D(1_000_000))
    assert any("tiến độ không tăng" in r for r in reasons) and any("vượt kinh phí" in r for r in reasons)


def test_stalled_needs_three_flat_months():
    ends = [dt.date(2026, m, 14) for m in range(2, 8)]
    flat = [_u(f"2026-0{e.month}", e, p) for e, p in zip(ends, [10, 20, 30, 30, 30, 30], strict=True)]
    assert stalled_since(flat).period_key == "2026-04"
    moving = [_u(f"2026-0{e.month}", e, p) for e, p in zip(ends, [10, 20, 30, 30, 35, 35], strict=True)]
    assert stalled_since(moving) is None
    assert stalled_since(flat[:3]) is None
    done = flat[:-1] + [_u("2026-07", ends[-1], 100)]
    assert stalled_since(done) is None


def test_figure_contradictions():
    assert figure_contradictions(value=None, numerator=D(12), denominator=D(10), percent_unit=True,
                                 cumulative=False, prev_value=None) == [
        "tử số 12 lớn hơn mẫu số 10", "tỷ lệ 120% vượt 100%"]
    down = figure_contradictions(value=D(3), numerator=None, denominator=None, percent_unit=False,
                                 cumulative=True, prev_value=D(5), prev_label="Tháng 5/2026")
    assert down == ["chỉ tiêu lũy kế giảm từ 5 (tháng 5/2026) xuống 3"]
    assert figure_contradictions(value=D(3), numerator=None, denominator=None, percent_unit=False,
                                 cumulative=False, prev_value=D(5)) == []


def test_recurring_tasks_are_judged_per_cycle():
    """An annual task restarts each year; a continuous one is judged month by month."""
    dec = _u("2026-12", dt.date(2026, 12, 14), 100, disbursed=D(50))
    jan = _u("2027-01", dt.date(2027, 1, 14), 10, disbursed=D(60))
    assert any("giảm" in r for r in update_contradictions(jan, dec, due=None, completed_on=None, budget=None))
    assert not any("giảm" in r for r in update_contradictions(jan, dec, due=None, completed_on=None, budget=None,
                                                              recurrence="annual"))
    may = _u("2026-05", dt.date(2026, 5, 14), 60)
    jun = _u("2026-06", dt.date(2026, 6, 14), 40)
    assert any("giảm" in r for r in update_contradictions(jun, may, due=None, completed_on=None, budget=None,
                                                          recurrence="annual"))  # same year: a real drop
    assert not update_contradictions(jun, may, due=None, completed_on=None, budget=None, recurrence="continuous")
    late = _u("2026-07", dt.date(2026, 7, 14), 100)
    assert not update_contradictions(late, None, due=DUE, completed_on=None, budget=None, recurrence="annual")
    ends = [dt.date(2026, m, 14) for m in range(2, 8)]
    flat = [_u(f"2026-0{e.month}", e, p) for e, p in zip(ends, [10, 20, 30, 30, 30, 30], strict=True)]
    assert stalled_since(flat, recurrence="annual").period_key == "2026-04"
    assert stalled_since(flat, recurrence="continuous") is None
    # Three flat months that straddle a new year are not one cycle of an annual task.
    straddle = [_u("2026-11", dt.date(2026, 11, 14), 30), _u("2026-12", dt.date(2026, 12, 14), 30),
                _u("2027-01", dt.date(2027, 1, 14), 30), _u("2027-02", dt.date(2027, 2, 14), 30)]
    assert stalled_since(straddle).period_key == "2026-11"
    assert stalled_since(straddle, recurrence="annual") is None


def test_stalled_counts_reporting_months_not_days():
    """Three reporting months, by key: 2026-02 → 2026-05 is three months even across February."""
    ups = [_u("2026-02", dt.date(2026, 2, 14), 30), _u("2026-03", dt.date(2026, 3, 14), 30),
           _u("2026-04", dt.date(2026, 4, 14), 30), _u("2026-05", dt.date(2026, 5, 14), 30)]
    assert stalled_since(ups).period_key == "2026-02"
    assert stalled_since(ups[1:]) is None  # only two months flat
    gap = [ups[0], ups[3]]  # a unit that skipped two months and came back at the same percent
    assert stalled_since(gap).period_key == "2026-02"
