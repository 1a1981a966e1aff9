"""Vietnamese numbers and dates: "1.234,5", "45,5%", "50.000.000 đồng", "15/10/2026",
and the place-and-date line of an official document ("Bình Lư, ngày 05 tháng 6 năm 2026").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_GROUPED_COMMAS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_number(text: str | int | float | Decimal | None) -> Decimal | None:
    """A number as people type it, Vietnamese or not: "1.234,5", "1234,5", "1,234.5",
    "1234.5", "45%" → Decimal; blank → None; anything else → ValueError.

    "3.000" is three thousand (a dot followed by three digits groups thousands in
    Vietnamese); "0,623" and "1.5" are decimals.
    """
    if text is None:
        return None
    if isinstance(text, Decimal | int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    s = str(text).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not s:
        return None
    if _GROUPED_DOTS.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMAS.match(s) and not re.match(r"^[+-]?\d{1,3},\d{3}$", s):
        s = s.replace(",", "")
    elif _PLAIN.match(s):
        s = s.replace(",", ".")
    else:
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude it
        raise ValueError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return value


def format_number(value: int | float | Decimal, decimals: int = 2) -> str:
    """"1.234,5": "." between thousands, "," before decimals, at most ``decimals`` places,
    trailing zeros dropped (12,50 → "12,5"; 3,00 → "3")."""
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    frac = frac.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups) + ("," + frac if frac else "")
    return "0" if text == "0" else sign + text


def decimals_of(value: int | float | Decimal | None, most: int = 4) -> int:
    """How many decimals ``value`` was written with (0,6230 stored → 3; 12 → 0), at most ``most``."""
    if value is None:
        return 0
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not d.is_finite():
        return 0
    exponent = d.normalize().as_tuple().exponent
    return min(most, max(0, -int(exponent)))


def format_exact(value: int | float | Decimal, most: int = 4) -> str:
    """A number at the precision it was written with ("0,623", not "0,62"), up to ``most`` decimals."""
    return format_number(value, decimals_of(value, most))


def format_percent(value: int | float | Decimal, decimals: int = 1) -> str:
    """A value already in percent (45.5) as "45,5%"."""
    return f"{format_number(value, decimals)}%"


def format_money_vnd(value: int | float | Decimal) -> str:
    """Đồng, whole: "50.000.000 đồng"."""
    return f"{format_number(value, 0)} đồng"


def format_date_vi(day: dt.date) -> str:
    """"15/10/2026" (day and month with two digits, as official documents write them)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def date_line_vi(place: str, day: dt.date) -> str:
    """The place and date line of Decree 30/2020: "Bình Lư, ngày 05 tháng 6 năm 2026".

    Days below 10 and the months January and February take a leading zero (the decree's
    Appendix I: "ngày 05 tháng 02 năm 2026"); other months are written plainly.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    line = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {line}" if place else line[0].upper() + line[1:]
