"""Deadlines as plans write them."""

from __future__ import annotations

import datetime as dt

import pytest

from theodoi.domain.deadlines import parse_deadline

D = dt.date


@pytest.mark.parametrize(("text", "kind", "due", "start", "recurrence"), [
    ("Quý II/2026", "quarter", D(2026, 6, 30), D(2026, 4, 1), None),
    ("quý IV năm 2025", "quarter", D(2025, 12, 31), D(2025, 10, 1), None),
    ("Năm 2026", "year", D(2026, 12, 31), D(2026, 1, 1), None),
    ("2027", "year", D(2027, 12, 31), D(2027, 1, 1), None),
    ("Tháng 10/2025", "month", D(2025, 10, 31), D(2025, 10, 1), None),
    ("02/2028", "month", D(2028, 2, 29), D(2028, 2, 1), None),
    ("Trước ngày 30/6/2026", "date", D(2026, 6, 30), None, None),
    ("ngày 15 tháng 9 năm 2026", "date", D(2026, 9, 15), None, None),
    ("6 tháng đầu năm 2026", "half", D(2026, 6, 30), D(2026, 1, 1), None),
    ("6 tháng cuối năm 2026", "half", D(2026, 12, 31), D(2026, 7, 1), None),
    ("2025 - 2026", "range", D(2026, 12, 31), D(2025, 1, 1), None),
    ("Giai đoạn 2026-2030", "range", D(2030, 12, 31), D(2026, 1, 1), None),
    ("Từ năm 2025 đến năm 2027", "range", D(2027, 12, 31), D(2025, 1, 1), None),
    ("Hằng năm", "recurring", None, None, "annual"),
    ("hàng năm", "recurring", None, None, "annual"),
    ("2025 và những năm tiếp theo", "recurring", None, D(2025, 1, 1), "annual"),
    ("Thường xuyên", "recurring", None, None, "continuous"),
    ("Nhiệm vụ thường xuyên", "recurring", None, None, "continuous"),
])
def test_deadlines(text, kind, due, start, recurrence):
    d = parse_deadline(text)
    assert (d.kind, d.due, d.start, d.recurrence) == (kind, due, start, recurrence)


@pytest.mark.parametrize("text", ["", None, "   ", "khi có chỉ đạo", "\x00\ufffd", "9999"])
def test_unreadable_deadlines_are_none_and_never_raise(text):
    d = parse_deadline(text)
    assert (d.kind, d.due, d.start, d.recurrence) == ("none", None, None, None)


def test_impossible_date_falls_back_to_its_year():
    d = parse_deadline("31/02/2026")
    assert (d.kind, d.due) == ("year", dt.date(2026, 12, 31))
