"""Reading reports: a unit's list, and which children have sent theirs (on time or late)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from theodoi.domain.text import vi_sort_key
from theodoi.reporting.models import Report, ReportState
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Unit

SENT = (ReportState.SUBMITTED, ReportState.ACCEPTED)


def reports_of(unit: Unit, user: Any) -> QuerySet[Report]:
    """The reports of ``unit`` the user may read, newest period first."""
    qs = Report.objects.filter(unit=unit).select_related("unit").order_by("-period_key", "kind")
    return permissions.restrict(qs, user, "view")


def children_status(unit: Unit, kind: str, period_key: str) -> list[dict[str, Any]]:
    """The unit's inbox: one row per unit whose report of the period comes here (``lines.senders``: the
    duties the plans name, else the line of its side), with its report if sent, on time or late, returned;
    in Vietnamese alphabetical order. A report received from the unit's own instance (``exchange``) counts as
    sent (``submission``), on time by the day it arrived (``reporting.received``)."""
    from theodoi.reporting import lines, periods, received

    period = periods.parse(kind, period_key)
    senders = lines.senders(unit, kind, period)
    named = Unit.objects.select_related("parent").in_bulk([u.pk for u in senders])  # named with their place
    children = sorted((named.get(u.pk, u) for u in senders), key=lambda u: (u.position, vi_sort_key(u.name)))
    reports = {r.unit_id: r for r in Report.objects.filter(unit__in=children, kind=kind, period_key=period_key)}
    subs = received.submissions(children, kind, period)
    rows = []
    for child in children:
        r = reports.get(child.pk)
        sent = r is not None and r.state in SENT
        assert r is not None or not sent
        sub = subs.get(child.pk) if not sent else None
        on_time = r.on_time if r is not None and sent else None
        if sub is not None:
            on_time = received.submission_on_time(sub, periods.due(period, lines.line_of(child, kind, period).due_day))
        rows.append({"unit": child, "report": r if sent else None, "draft": r if r and not sent else None,
                     "submission": sub, "on_time": on_time,
                     "returned": r is not None and r.state == ReportState.RETURNED,
                     "returned_reason": r.returned_reason if r else ""})
    return rows


def children_summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many children sent on time, late, were returned, or have not sent (for the parent's page)."""
    return {
        "on_time": sum(1 for r in rows if (r["report"] or r.get("submission")) and r["on_time"]),
        "late": sum(1 for r in rows if (r["report"] or r.get("submission")) and not r["on_time"]),
        "returned": sum(1 for r in rows if r["returned"] and not r.get("submission")),
        "missing": sum(1 for r in rows if not r["report"] and not r.get("submission") and not r["returned"]),
        "total": len(rows),
    }


def before_signing(report: Report, snap: dict[str, Any]) -> dict[str, Any]:
    """What the leader must see before signing: whether the report is empty, and why it is incomplete.

    ``empty`` — no target, no task and nothing sent by a unit reporting to it: a report that says
    nothing (it may still be signed, after a second explicit confirmation). ``warnings`` —
    Vietnamese sentences: units that have not sent, targets without figures, figures footnoted as
    contradictory, overdue tasks without a reason, no signer's name, no recipient.
    """
    from django.utils.translation import gettext as _

    tasks = snap["task_counts"]["total"]
    targets = snap["targets"]
    empty = not targets and not tasks
    warnings: list[str] = []
    if empty:
        warnings.append(_("Báo cáo không có chỉ tiêu và nhiệm vụ nào: văn bản chỉ có khung, không có nội dung."))
    rows = children_status(report.unit, report.kind, report.period_key) if snap.get("senders") else []
    missing = [r["unit"].name for r in rows if not r["report"] and not r.get("submission")]
    if missing:
        warnings.append(_("%(n)s đơn vị chưa gửi báo cáo kỳ này: %(names)s.")
                        % {"n": len(missing), "names": ", ".join(missing[:8]) + ("…" if len(missing) > 8 else "")})
    no_data = sum(1 for t in targets if t["value"] is None)
    if no_data:
        warnings.append(_("%(n)s/%(total)s chỉ tiêu chưa có số liệu được duyệt.") % {"n": no_data,
                                                                                 "total": len(targets)})
    if snap.get("flagged"):
        warnings.append(_("%(n)s số liệu mâu thuẫn (ghi chú trong báo cáo): đề nghị đơn vị rà soát trước khi ký.")
                        % {"n": len(snap["flagged"])})
    no_reason = sum(1 for late in snap["late"] if not late["reason"])
    if no_reason:
        warnings.append(_("%(n)s nhiệm vụ quá hạn chưa nêu nguyên nhân.") % {"n": no_reason})
    if not report.signer_name.strip():
        warnings.append(_("Chưa có họ tên người ký."))
    if not snap.get("line", {}).get("recipient"):
        warnings.append(_("Chưa xác định được cơ quan nhận báo cáo."))
    return {"empty": empty, "warnings": warnings}
