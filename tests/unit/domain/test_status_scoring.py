"""The status entry points the pages use, and the explained ranking score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from theodoi.domain.scoring import UnitFacts, score_unit
from theodoi.domain.status import TargetStatus, TaskStatus, target_status, task_status

TODAY = dt.date(2026, 7, 20)


def test_every_status_has_its_official_label():
    assert [s.label for s in TaskStatus] == [
        "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn", "Đang thực hiện quá hạn",
        "Chưa triển khai", "Tạm dừng", "Dừng"]
    assert [s.label for s in TargetStatus] == [
        "Đạt", "Có khả năng đạt", "Nguy cơ không đạt", "Không đạt", "Chưa có số liệu"]


@pytest.mark.parametrize(("kw", "expected"), [
    ({"due": dt.date(2026, 6, 30), "completed_on": None, "percent": D(40)}, TaskStatus.OVERDUE),
    ({"due": dt.date(2026, 12, 31), "completed_on": None, "percent": D(40)}, TaskStatus.ON_TRACK),
    ({"due": dt.date(2026, 12, 31), "completed_on": None, "percent": None}, TaskStatus.NOT_STARTED),
    ({"due": dt.date(2026, 6, 30), "completed_on": dt.date(2026, 6, 1), "percent": D(100)}, TaskStatus.DONE_ON_TIME),
    ({"due": dt.date(2026, 6, 30), "completed_on": None, "percent": D(10), "run_state": "paused"}, TaskStatus.PAUSED),
])
def test_task_status(kw, expected):
    st = task_status(today=TODAY, **kw)
    assert st is expected
    assert st.is_overdue == (expected is TaskStatus.OVERDUE)


def test_target_status_from_a_value_and_from_a_series():
    kw = {"comparator": ">=", "goal": D(95), "deadline": dt.date(2026, 12, 31), "today": TODAY}
    assert target_status(value=None, **kw) is TargetStatus.NO_DATA
    assert target_status(value=D(96), **kw) is TargetStatus.MET
    rising = ((dt.date(2026, 3, 14), D(60)), (dt.date(2026, 6, 14), D(80)))
    flat = ((dt.date(2026, 3, 14), D(60)), (dt.date(2026, 6, 14), D(61)))
    assert target_status(value=None, series=rising, **kw) is TargetStatus.LIKELY
    assert target_status(value=None, series=flat, **kw) is TargetStatus.AT_RISK
    late = {**kw, "deadline": dt.date(2026, 6, 30)}
    assert target_status(value=D(80), **late) is TargetStatus.NOT_MET


def test_score_is_a_weighted_mean_and_skips_what_cannot_be_measured():
    full = score_unit(UnitFacts(1.0, 0.5, 1.0, 0.0))
    assert full.total == pytest.approx(30 + 15 + 20 + 0)
    assert [c.weight for c in full.components] == [30, 30, 20, 20]
    partial = score_unit(UnitFacts(1.0, 1.0, 1.0, None))
    assert partial.total == pytest.approx(100)
    assert "không tính: Đạt chỉ tiêu" in partial.explanation
    assert score_unit(UnitFacts(None, None, None, None)).total is None
    with pytest.raises(ValueError):
        score_unit(UnitFacts(1.5, 0, 0, 0))
