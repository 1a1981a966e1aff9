"""Vietnamese number and date formatting for warning reasons (domain.numbers when present)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def fmt_num(value: Decimal | int | float) -> str:
    """1234.5 -> "1.234,5"; integers without decimals."""
    try:
        from theodoi.domain.numbers import format_number

        return format_number(value)
    except ImportError:  # pragma: no cover - domain not installed yet
        d = Decimal(str(value)).quantize(Decimal("0.1"))
        whole, _, frac = f"{d:,.1f}".partition(".")
        whole = whole.replace(",", ".")
        return whole if frac in ("0", "") else f"{whole},{frac}"


def fmt_money(value: Decimal | int) -> str:
    return f"{fmt_num(Decimal(value).quantize(Decimal(1)))} đồng"


def fmt_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


# Units whose name repeats in every commune ("Phòng Văn hóa - Xã hội"): shown with their parent.
_LOCAL_KINDS = {"office", "village", "front", "digital_team", "other"}


def unit_label(unit) -> str:
    """"Phòng Kinh tế – Xã Bình Lư" for a unit whose name alone is ambiguous; the name otherwise."""
    if unit.kind in _LOCAL_KINDS and unit.parent_id:
        parent = unit.parent  # cached by select_related where it matters
        return f"{unit.name} – {parent.display_name}"
    return unit.name
