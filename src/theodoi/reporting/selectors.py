"""Reading reports: a unit's list, and which children have sent theirs (on time or late)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from theodoi.domain.text import vi_sort_key
from theodoi.reporting.models import Report, ReportState
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Unit, UnitKind

SENT = (ReportState.SUBMITTED, ReportState.ACCEPTED)


def reports_of(unit: Unit, user: Any) -> QuerySet[Report]:
    """The reports of ``unit`` the user may read, newest period first."""
    qs = Report.objects.filter(unit=unit).select_related("unit").order_by("-period_key", "kind")
    return permissions.restrict(qs, user, "view")


def children_status(unit: Unit, kind: str, period_key: str) -> list[dict[str, Any]]:
    """One row per child unit that reports (villages excluded): its report if sent, on time or late, returned."""
    children = sorted(Unit.objects.filter(parent=unit, valid_to__isnull=True).exclude(kind=UnitKind.VILLAGE),
                      key=lambda u: (u.position, vi_sort_key(u.name)))
    reports = {r.unit_id: r for r in Report.objects.filter(unit__in=children, kind=kind, period_key=period_key)}
    rows = []
    for child in children:
        r = reports.get(child.pk)
        sent = r is not None and r.state in SENT
        assert r is not None or not sent
        rows.append({"unit": child, "report": r if sent else None, "draft": r if r and not sent else None,
                     "on_time": r.on_time if r is not None and sent else None,
                     "returned": r is not None and r.state == ReportState.RETURNED,
                     "returned_reason": r.returned_reason if r else ""})
    return rows


def children_summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many children sent on time, late, were returned, or have not sent (for the parent's page)."""
    return {
        "on_time": sum(1 for r in rows if r["report"] and r["on_time"]),
        "late": sum(1 for r in rows if r["report"] and not r["on_time"]),
        "returned": sum(1 for r in rows if r["returned"]),
        "missing": sum(1 for r in rows if not r["report"] and not r["returned"]),
        "total": len(rows),
    }
