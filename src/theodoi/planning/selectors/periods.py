"""Reporting months around a day, for a plan's due day (Decree 09/2019: month M = 15/(M-1)..14/M)."""

from __future__ import annotations

import datetime as dt
from typing import Any

DAY = dt.timedelta(days=1)


def as_period(period: Any) -> Any:
    """A Period from a Period or its key ("2026-05")."""
    from theodoi.domain.periods import Period

    return Period.parse(period) if isinstance(period, str) else period


def month_of(day: dt.date) -> Any:
    from theodoi.domain.periods import current_reporting_month

    return current_reporting_month(day)


def due_of(period: Any, due_day: int) -> dt.date:
    from theodoi.domain.periods import due_date

    return due_date(period, due_day)


def previous(period: Any) -> Any:
    return month_of(period.start - DAY)


def following(period: Any) -> Any:
    return month_of(period.end + DAY)


def open_period(today: dt.date, due_day: int = 15) -> Any:
    """The month being reported now: the earliest whose due date is today or later."""
    p = previous(month_of(today))
    while due_of(p, due_day) < today:
        p = following(p)
    return p


def closed_period(today: dt.date, due_day: int = 15) -> Any:
    """The latest month whose due date has passed (its report should be in)."""
    return previous(open_period(today, due_day))


def last_months(period: Any, n: int) -> list[Any]:
    """``n`` months ending with ``period``, oldest first."""
    out = [period]
    while len(out) < n:
        out.insert(0, previous(out[0]))
    return out
