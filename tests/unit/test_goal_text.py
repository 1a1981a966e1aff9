"""A target's goal as the plan wrote it (domain.status.goal_text, domain.numbers.format_exact)."""

from __future__ import annotations

from decimal import Decimal

from theodoi.domain.numbers import decimals_of, format_exact
from theodoi.domain.status import goal_text


def test_numbers_keep_the_precision_they_were_written_with():
    assert format_exact(Decimal("0.6230")) == "0,623"  # stored with four places, written with three
    assert format_exact(Decimal("100.0000")) == "100"
    assert format_exact(Decimal("1234.5")) == "1.234,5"
    assert decimals_of(Decimal("0.12345")) == 4 and decimals_of(None) == 0


def test_goals_read_as_written():
    assert goal_text(">", Decimal("0.6230")) == "> 0,623"
    assert goal_text(">=", Decimal("1"), Decimal("2"), "sản phẩm") == "1–2 sản phẩm"  # a range, not "≥ 1"
    assert goal_text("", Decimal("95"), None, "%") == "≥ 95%"  # the percent sign set close, as in figures
    assert goal_text(">=", "0.623", None, "chỉ số") == "≥ 0,623"  # an index has no unit; a report's string
    assert goal_text("<=", None, "5", "%") == "≤ 5%"
    assert goal_text(">=", None) == ""  # never "≥ —"
    assert goal_text("<=", None, Decimal("5")) == "≤ 5"
    assert goal_text(">=", Decimal("3"), Decimal("3")) == "≥ 3"
