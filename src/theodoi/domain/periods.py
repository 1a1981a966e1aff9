"""Reporting periods of Decree 09/2019/NĐ-CP.

The data of a monthly report runs from the 15th of the previous month to the 14th of the
month it is named after; quarters, halves and years are cut off the same way (the year
from 15/12 of the previous year to 14/12). A period is named by its key: ``2026-05``
(month), ``2026-Q2`` (quarter), ``2026-H1`` (half-year), ``2026`` (year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

CUTOFF_DAY = 14  # the last day of a reporting month
KINDS = ("month", "quarter", "half", "year")


def gettext_noop(message: str) -> str:
    """Marks a name for ``makemessages`` (domain/ imports no Django); the edge translates it."""
    return message


# The one vocabulary of period kinds and period names (Vietnamese msgids; English in the
# catalogue). A half-year is the kind ``half``, the key ``2026-H1``/``2026-H2``, the kind name
# "6 tháng" and the names "6 tháng đầu năm 2026" / "6 tháng cuối năm 2026" on every form, page,
# report, export, mail and in the CLI; a reporting duty's frequency ``biannual`` (the plan
# schema's word) is that kind too (``FREQUENCY_KIND``).
KIND_LABELS = {
    "month": gettext_noop("Tháng"), "quarter": gettext_noop("Quý"), "half": gettext_noop("6 tháng"),
    "year": gettext_noop("Năm"),
}
NAMES = {
    ("month", 0): gettext_noop("Tháng %(m)s/%(y)s"),
    ("quarter", 0): gettext_noop("Quý %(q)s/%(y)s"),
    ("half", 1): gettext_noop("6 tháng đầu năm %(y)s"),
    ("half", 2): gettext_noop("6 tháng cuối năm %(y)s"),
    ("year", 0): gettext_noop("Năm %(y)s"),
}
# the kinds of report (``reporting.models.ReportKind``) and of duty frequency, as period kinds
REPORT_KIND = {"monthly": "month", "quarterly": "quarter", "half": "half", "annual": "year"}
FREQUENCY_KIND = {"monthly": "month", "quarterly": "quarter", "biannual": "half", "annual": "year"}
_MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_COUNT = {"month": 12, "quarter": 4, "half": 2, "year": 1}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KEY = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])|[Hh]([12])))?$")


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: ``kind`` ∈ KINDS, ``year``, and ``index`` (1-based) in the year."""

    year: int
    kind: str
    index: int

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if not 1 <= self.index <= _COUNT[self.kind]:
            raise ValueError(f"{self.kind} index out of range: {self.index}")
        if not 1900 <= self.year <= 9998:
            raise ValueError(f"year out of range: {self.year}")

    # -- naming ------------------------------------------------------------------------
    @classmethod
    def parse(cls, key: str) -> Period:
        """The period named by ``key``; ValueError for anything else."""
        m = _KEY.match(str(key).strip())
        if not m:
            raise ValueError(f"not a period key: {key!r}")
        year = int(m.group(1))
        if m.group(2):
            return cls(year, "month", int(m.group(2)))
        if m.group(3):
            return cls(year, "quarter", int(m.group(3)))
        if m.group(4):
            return cls(year, "half", int(m.group(4)))
        return cls(year, "year", 1)

    @property
    def key(self) -> str:
        return {
            "month": f"{self.year}-{self.index:02d}",
            "quarter": f"{self.year}-Q{self.index}",
            "half": f"{self.year}-H{self.index}",
            "year": f"{self.year}",
        }[self.kind]

    def label(self, translate: Callable[[str], str] | None = None, *, sentence: bool = False) -> str:
        """The period's name from ``NAMES`` in the language of ``translate`` (``gettext`` at the
        edge; Vietnamese without it): "Tháng 5/2026", "Quý II/2026", "6 tháng đầu năm 2026",
        "Năm 2026"; ``sentence``: as inside a sentence ("tháng 5/2026", "first half of 2026")."""
        template = NAMES[(self.kind, self.index if self.kind == "half" else 0)]
        text = (translate or str)(template) % {"m": self.index, "q": _ROMAN[min(self.index, 4)], "y": self.year}
        return text[:1].lower() + text[1:] if sentence else text

    @property
    def label_vi(self) -> str:
        """"Tháng 5/2026", "Quý II/2026", "6 tháng đầu năm 2026", "Năm 2026"."""
        return self.label()

    @property
    def words_vi(self) -> str:
        """How a title names the period: "tháng 5 năm 2026", "quý II năm 2026",
        "6 tháng đầu năm 2026", "năm 2026"."""
        if self.kind == "month":
            return f"tháng {self.index} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.index]} năm {self.year}"
        return self.label_vi[:1].lower() + self.label_vi[1:]

    def __str__(self) -> str:
        return self.key

    # -- dates -------------------------------------------------------------------------
    @property
    def end(self) -> dt.date:
        """The cut-off day: the 14th of the period's last month."""
        return dt.date(self.year, self.index * _MONTHS_IN[self.kind], CUTOFF_DAY)

    @property
    def start(self) -> dt.date:
        """The 15th of the month before the period's first month."""
        first = (self.index - 1) * _MONTHS_IN[self.kind] + 1
        if first == 1:
            return dt.date(self.year - 1, 12, CUTOFF_DAY + 1)
        return dt.date(self.year, first - 1, CUTOFF_DAY + 1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def for_date(cls, kind: str, day: dt.date) -> Period:
        """The period of ``kind`` whose data range holds ``day``."""
        month = reporting_month_number(day)
        year = day.year + 1 if (day.month == 12 and day.day > CUTOFF_DAY) else day.year
        return cls(year, kind, (month - 1) // _MONTHS_IN[kind] + 1)

    def previous(self) -> Period:
        return Period.for_date(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        return Period.for_date(self.kind, self.end + dt.timedelta(days=1))

    def months(self) -> list[Period]:
        """The reporting months that make up this period, oldest first."""
        first = (self.index - 1) * _MONTHS_IN[self.kind] + 1
        return [Period(self.year, "month", m) for m in range(first, first + _MONTHS_IN[self.kind])]


def reporting_month_number(day: dt.date) -> int:
    """1..12: the reporting month a day belongs to (15/12 already counts as January)."""
    if day.day <= CUTOFF_DAY:
        return day.month
    return 1 if day.month == 12 else day.month + 1


def current_reporting_month(day: dt.date) -> Period:
    """The reporting month that holds ``day`` (15/4..14/5 is month 5)."""
    return Period.for_date("month", day)


def due_date(period: Period, due_day: int = 15) -> dt.date:
    """When the report of ``period`` is due, for a plan whose reports are due on ``due_day``.

    The report is due on ``due_day`` of the month in which the period is cut off; a due
    day before the cut-off (the 5th, say) falls in the following month. Days past the end
    of a short month fall on its last day (the 31st in February is the 28th or 29th).
    """
    if not 1 <= int(due_day) <= 31:
        raise ValueError(f"due day out of range: {due_day}")
    year, month = period.end.year, period.end.month
    if due_day < CUTOFF_DAY:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, min(int(due_day), calendar.monthrange(year, month)[1]))


def as_period(period: Period | str) -> Period:
    """A Period from a Period or its key ("2026-05")."""
    return Period.parse(period) if isinstance(period, str) else period


def open_period(day: dt.date, due_day: int = 15, kind: str = "month") -> Period:
    """The period being reported on ``day`` under a duty due on ``due_day``: the earliest period
    of ``kind`` whose report is not yet due (its due date is ``day`` or later).

    This is the one rule behind the reporting forms, the home page, the reminders and the
    warnings. For a due day of the 5th, May's report (data 15/4..14/5) is due on 5 June, so on
    3 June the open month is May, on 6 June it is June; for the 15th, on 3 June it is June.
    """
    p = Period.for_date(kind, day).previous()
    while due_date(p, due_day) < day:
        p = p.next()
    return p


def closed_period(day: dt.date, due_day: int = 15, kind: str = "month") -> Period:
    """The latest period whose report was due before ``day`` (the one warnings check)."""
    return open_period(day, due_day, kind).previous()


def is_future(period: Period, day: dt.date, due_day: int = 15) -> bool:
    """Whether nothing can be reported yet for ``period`` on ``day``: it comes after the period
    open on that day (``open_period`` of its kind). Earlier periods stay reportable, late."""
    return period > open_period(day, due_day, period.kind)


def is_late(period: Period, day: dt.date, due_day: int = 15) -> bool:
    """Whether a report of ``period`` made on ``day`` is late (its due date has passed)."""
    return day > due_date(period, due_day)


def reportable_months(day: dt.date, due_day: int = 15, n: int = 6) -> list[Period]:
    """The period picker of the forms: the month open on ``day`` and the ``n - 1`` before it,
    newest first (a late month is still reported, and marked late)."""
    return list(reversed(last_months(open_period(day, due_day), n)))


def last_months(period: Period, n: int) -> list[Period]:
    """``n`` periods of ``period``'s kind ending with ``period``, oldest first."""
    out = [period]
    while len(out) < n:
        out.insert(0, out[0].previous())
    return out
