"""Report kinds and their reporting periods (Decree 09/2019, via ``theodoi.domain.periods``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from theodoi.domain.periods import REPORT_KIND as KIND_OF_PERIOD


class PeriodError(ValueError):
    """A period key that does not name a period of the report's kind (Vietnamese message)."""


def parse(kind: str, key: str) -> Any:
    """The Period of ``kind`` named by ``key`` ("2026-05", "2026-Q2", "2026-H1", "2026")."""
    from theodoi.domain.periods import Period

    if kind not in KIND_OF_PERIOD:
        raise PeriodError(_("Loại báo cáo không hợp lệ: %(kind)s.") % {"kind": kind})
    try:
        period = Period.parse(str(key).strip())
    except (ValueError, TypeError, KeyError) as exc:
        raise PeriodError(_("Kỳ báo cáo không hợp lệ: %(key)s.") % {"key": key}) from exc
    if period.kind != KIND_OF_PERIOD[kind]:
        raise PeriodError(_("Kỳ %(key)s không phải kỳ của loại báo cáo này.") % {"key": key})
    return period


def following(period: Any) -> Any:
    """The next period of the same kind."""
    from theodoi.domain.periods import Period

    return Period.for_date(period.kind, period.end + dt.timedelta(days=1))


def year_start(period: Any) -> dt.date:
    """First day of the reporting year that contains the period's end (for "sum" indicators)."""
    from theodoi.domain.periods import Period

    return Period.for_date("year", period.end).start


def due(period: Any, due_day: int = 15) -> dt.date:
    from theodoi.domain.periods import due_date

    return due_date(period, due_day)


def phrase(period: Any) -> str:
    """How the period is named in a title: "tháng 5 năm 2026", "quý II năm 2026"."""
    return period.words_vi


def current(kind: str, today: dt.date) -> Any:
    """The period of ``kind`` containing ``today``'s reporting month."""
    from theodoi.domain.periods import Period

    return Period.for_date(KIND_OF_PERIOD[kind], today)
