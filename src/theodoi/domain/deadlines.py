"""Deadlines as plans write them: a date, a month, a quarter, a half-year, a year, a stage,
or a recurrence ("hằng năm", "thường xuyên").

``parse_deadline("Quý II/2026")`` gives kind ``quarter``, due 30/06/2026 and start
01/04/2026. Deadlines are calendar dates (a task due in "Quý II/2026" is due on the last
day of June), not reporting periods. Anything unreadable gives kind ``none``: the text is
always kept beside the parsed value, so nothing is lost.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from theodoi.domain.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d\d)"


@dataclass(frozen=True)
class Deadline:
    kind: str  # date | month | quarter | half | year | range | recurring | none
    due: dt.date | None = None
    start: dt.date | None = None
    recurrence: str | None = None  # annual | continuous

    @property
    def is_recurring(self) -> bool:
        return self.recurrence is not None


NONE = Deadline("none")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_deadline(text: str | None) -> Deadline:
    """Read one deadline cell or phrase; never raises."""
    s = fold(text or "")
    s = re.sub(r"\s+", " ", s).strip(" .;:")
    if not s:
        return NONE
    recurrence = None
    if re.search(r"\b(thuong xuyen|lien tuc)\b", s):
        recurrence = "continuous"
    elif re.search(r"\b(hang nam|moi nam|nhung nam tiep theo|cac nam tiep theo)\b", s):
        recurrence = "annual"

    # A full date: 30/6/2026, 30-6-2026, ngày 30 tháng 6 năm 2026.
    m = (re.search(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR + r"\b", s)
         or re.search(r"\bngay (\d{1,2}) thang (\d{1,2}) nam " + _YEAR, s))
    if m:
        day = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day:
            return Deadline("date", day, None, recurrence)

    # A stage: 2025-2026, 2025 - 2030, giai đoạn 2026-2030, từ năm 2025 đến năm 2027.
    m = (re.search(_YEAR + r"\s*[-–—]\s*" + _YEAR, s)
         or re.search(r"tu (?:nam )?" + _YEAR + r"\s*(?:den|toi)\s*(?:nam )?" + _YEAR, s))
    if m and int(m.group(2)) >= int(m.group(1)):
        y0, y1 = int(m.group(1)), int(m.group(2))
        return Deadline("range", dt.date(y1, 12, 31), dt.date(y0, 1, 1), recurrence)

    m = re.search(r"\bquy ([ivx]+|[1-4])\b\s*(?:/|nam|-)?\s*" + _YEAR, s)
    if m:
        q = ROMAN.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        if q:
            y = int(m.group(2))
            return Deadline("quarter", _month_end(y, q * 3), dt.date(y, q * 3 - 2, 1), recurrence)

    m = re.search(r"\b6 thang (dau|cuoi) (?:nam )?" + _YEAR, s)
    if m:
        y, first = int(m.group(2)), m.group(1) == "dau"
        return Deadline("half", _month_end(y, 6 if first else 12), dt.date(y, 1 if first else 7, 1),
                        recurrence)

    m = (re.search(r"\bthang (\d{1,2})\s*(?:/|nam|-)\s*" + _YEAR, s)
         or re.search(r"(?<![\d/])(\d{1,2})\s*/\s*" + _YEAR + r"\b", s))
    if m and 1 <= int(m.group(1)) <= 12:
        y, mo = int(m.group(2)), int(m.group(1))
        return Deadline("month", _month_end(y, mo), dt.date(y, mo, 1), recurrence)

    m = re.search(r"\b" + _YEAR + r"\b", s)
    if m:
        y = int(m.group(1))
        if recurrence:  # "2025 và những năm tiếp theo", "hằng năm từ 2026"
            return Deadline("recurring", None, dt.date(y, 1, 1), recurrence)
        return Deadline("year", dt.date(y, 12, 31), dt.date(y, 1, 1), None)

    if recurrence:
        return Deadline("recurring", None, None, recurrence)
    return NONE
