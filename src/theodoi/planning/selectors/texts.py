"""Formatting for warning reasons: numbers, money and dates (from ``domain``), unit labels."""

from __future__ import annotations

from theodoi.domain.checks import fmt_date, fmt_money, fmt_num

__all__ = ["fmt_date", "fmt_money", "fmt_num", "unit_label"]

# Units whose name repeats in every commune ("Phòng Văn hóa - Xã hội"): shown with their parent.
_LOCAL_KINDS = {"office", "village", "front", "digital_team", "other"}


def unit_label(unit) -> str:
    """"Phòng Kinh tế – Xã Bình Lư" for a unit whose name alone is ambiguous; the name otherwise."""
    if unit.kind in _LOCAL_KINDS and unit.parent_id:
        parent = unit.parent  # cached by select_related where it matters
        return f"{unit.name} – {parent.display_name}"
    return unit.name
