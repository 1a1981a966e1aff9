"""What a recipient received for a period: each sender's report, on time, late or not at all (a selector).

A recipient's own report (the Sở's to the UBND tỉnh, the Tỉnh ủy's to the Central Committee)
aggregates what it received. The senders that count here are the bodies that write a report of
their own and whose line leads to the recipient (``lines.senders``): Xã Phong Thổ for the Sở, the
Đảng ủy xã for the Tỉnh ủy, the communes and Sở for the UBND tỉnh. The recipient's own offices,
its front and steering committee (a commune's Phòng Văn hóa - Xã hội) and a committee's own boards
(the Đảng ủy's Ban Xây dựng Đảng) feed it through their updates and figures, not through reports.

For each such sender:

* **received through this instance** — its report for the period was sent (``submitted``) or
  accepted: on time or late as ``Report.on_time`` says (the duty's due day), and its figures are
  those frozen in the report at signing (``data["figures"]``), not today's;
* **received from another instance** (``exchange.Submission``, docs/exchange.md): the province
  stored the sender's figures as approved figures when it arrived, so the live figures of its
  subtree *are* what it sent; on time against the due date of its line;
* **not received** — its figures are the live ones on the system, and the report says so.

The figures then combine by the one rule (``domain.aggregate``, through ``figures.target_rows``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from theodoi.reporting import lines, periods
from theodoi.tenancy.models import Unit, UnitKind

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
VIA_REPORT, VIA_EXCHANGE, LIVE = "report", "exchange", "live"


@dataclass
class Received:
    """One sender of a recipient and what came from it for the period."""

    unit: Unit
    state: str  # ON_TIME, LATE or MISSING
    via: str  # VIA_REPORT, VIA_EXCHANGE or LIVE (nothing received)
    due: dt.date
    sent_on: dt.date | None = None
    number: str = ""
    figures: list[dict[str, Any]] | None = None  # frozen in the sender's signed report (VIA_REPORT)

    @property
    def frozen(self) -> bool:
        """Its figures come from its signed report, not from the live data."""
        return self.via == VIA_REPORT and self.figures is not None

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit.name, "unit_id": self.unit.pk, "kind": self.unit.kind, "state": self.state,
                "via": self.via,
                "due": self.due.isoformat(), "sent_on": self.sent_on.isoformat() if self.sent_on else None,
                "number": self.number, "frozen": self.frozen}


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def submissions(units: list[Unit], kind: str, period: Any) -> dict[int, Any]:
    """The latest accepted ``exchange.Submission`` of each unit's report for the period (by unit id)."""
    from theodoi.exchange.models import Submission, SubmissionState

    out: dict[int, Any] = {}
    for s in (Submission.objects.filter(unit__in=units, kind=kind, period_key=period.key,
                                        state=SubmissionState.ACCEPTED).order_by("report_version", "pk")):
        out[s.unit_id] = s
    return out


def submission_on_time(sub: Any, due: dt.date) -> bool:
    """A report received from another instance is on time when it arrived by the due day."""
    day = _day(sub.received_at)
    return day is None or day <= due


def report_senders(unit: Unit, kind: str, period: Any) -> list[Unit]:
    """The senders that write a report of their own (see the module docstring), in the inbox's order."""
    internal = (*lines.OFFICE_KINDS, UnitKind.FRONT, UnitKind.PARTY)
    return [s for s in lines.senders(unit, kind, period) if not (s.parent_id == unit.pk and s.kind in internal)]


def received(unit: Unit, kind: str, period: Any) -> list[Received]:
    """What came from each of ``unit``'s report senders for the period (see the module docstring)."""
    from theodoi.reporting.models import Report, ReportState

    outside = report_senders(unit, kind, period)
    if not outside:
        return []
    reports = {r.unit_id: r for r in Report.objects.filter(unit__in=outside, kind=kind, period_key=period.key,
                                                            state__in=(ReportState.SUBMITTED, ReportState.ACCEPTED))}
    subs = submissions(outside, kind, period)
    duties = lines.duties_of(kind)
    found: dict[Any, Unit | None] = {}  # the Party bodies above the senders, each level asked once
    out = []
    for sender in outside:
        due = periods.due(period, lines.line_of(sender, kind, period, duties, found=found).due_day)
        report, sub = reports.get(sender.pk), subs.get(sender.pk)
        if report is not None:
            sent_on = _day(report.submitted_at)
            on_time = report.on_time if report.on_time is not None else (sent_on is None or sent_on <= due)
            frozen = report.data.get("figures") if isinstance(report.data, dict) else None
            out.append(Received(sender, ON_TIME if on_time else LATE, VIA_REPORT, due, sent_on,
                                report.number, frozen if isinstance(frozen, list) else None))
        elif sub is not None:
            out.append(Received(sender, ON_TIME if submission_on_time(sub, due) else LATE, VIA_EXCHANGE,
                                due, _day(sub.received_at)))
        else:
            out.append(Received(sender, MISSING, LIVE, due))
    return out
