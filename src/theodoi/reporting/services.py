"""Writing reports: draft, edit, finalise (freeze, PDF, sign, audit), submit, return, accept.

Every function checks permissions with ``tenancy.permissions``, runs in one
transaction and records an audit event; errors carry a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from theodoi.audit import anchors
from theodoi.audit.chains import chain_of
from theodoi.audit.services import chain_head, record, snapshot
from theodoi.reporting import builders, certificates, data, draft, layout, lines, periods, signing
from theodoi.reporting.models import Report, ReportKind, ReportState
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Membership, Role, Unit


class ReportError(Exception):
    """A refused report operation; ``str(exc)`` is the Vietnamese reason."""


def _require(user: Any, action: permissions.Action, obj: Any, message: str) -> None:
    if user is not None and not permissions.can(user, action, obj):
        raise ReportError(message)


def _locked(report_id: int) -> Report:
    return Report.objects.select_for_update().select_related("unit").get(pk=report_id)


def open_report(unit: Unit, kind: str, period_key: str, user: Any = None) -> Report:
    """The report of ``unit`` for the period, created as a draft (narrative drafted) if missing.

    ``user`` None means the system (command line).
    """
    if kind not in ReportKind.values:
        raise ReportError(f"Loại báo cáo không hợp lệ: {kind}.")
    try:
        period = periods.parse(kind, period_key)
    except periods.PeriodError as exc:
        raise ReportError(str(exc)) from exc
    existing = Report.objects.filter(unit=unit, kind=kind, period_key=period.key).first()
    if existing is not None:
        return existing
    _require(user, "report", unit, "Bạn không có quyền lập báo cáo của đơn vị này.")
    with transaction.atomic():
        snap = data.gather(unit, kind, period)
        line = lines.line_of(unit, kind, period)
        report, created = Report.objects.get_or_create(
            unit=unit, kind=kind, period_key=period.key,
            defaults={"narrative": draft.default_narrative(snap), "due_date": periods.due(period, line.due_day),
                      "recipient": line.recipient,
                      "created_by": user if getattr(user, "is_authenticated", False) else None},
        )
        if created:
            report.signer_name, report.signer_title = default_signer(unit)
            report.sign_mode = "TM" if snap["frame"]["collective"] else ""
            report.save(update_fields=["signer_name", "signer_title", "sign_mode"])
            record("create", report, actor=user or "dòng lệnh", after=snapshot(report))
    return report


def default_signer(unit: Unit) -> tuple[str, str]:
    """The unit's leader (name, title) as the default signer."""
    m = (Membership.objects.filter(unit=unit, role=Role.LEADER).select_related("user").order_by("pk").first())
    if m is None:
        return "", ""
    return str(m.user), m.title


def current_data(report: Report) -> dict[str, Any]:
    """Frozen figures of a finalised report; live figures of a draft."""
    if report.is_frozen and report.data:
        return report.data
    return data.gather(report.unit, report.kind, periods.parse(report.kind, report.period_key))


def render(report: Report, fmt: str, today: dt.date | None = None) -> bytes:
    """The report as ``fmt`` (docx, xlsx, pdf); a finalised PDF is the signed file itself."""
    if fmt == "pdf" and report.is_frozen and report.pdf:
        with report.pdf.open("rb") as f:
            return f.read()
    issued = (timezone.localtime(report.finalised_at).date() if report.finalised_at
              else today or timezone.localdate())
    return builders.build(report, current_data(report), fmt, issued)


@transaction.atomic
def edit(report: Report, user: Any, *, narrative: dict[str, Any], version: int, signer_name: str | None = None,
         signer_title: str | None = None, sign_mode: str | None = None) -> Report:
    """Save the officer's narrative (figures are not editable). Refused once finalised or on a stale version."""
    r = _locked(report.pk)
    _require(user, "report", r, "Bạn không có quyền sửa báo cáo này.")
    if r.is_frozen:
        raise ReportError("Báo cáo đã ký, không sửa được nữa.")
    if version != r.version:
        raise ReportError("Báo cáo vừa được người khác sửa; hãy tải lại trang rồi sửa lại.")
    before = snapshot(r)
    r.narrative = draft.clean(narrative, current_data(r))
    for field, value in (("signer_name", signer_name), ("signer_title", signer_title)):
        if value is not None:
            setattr(r, field, value.strip()[:150])
    if sign_mode is not None:
        if sign_mode not in ("", "TM", "KT", "TL", "Q"):
            raise ReportError("Thẩm quyền ký phải là TM, KT, TL, Q hoặc để trống.")
        r.sign_mode = sign_mode
    r.version += 1
    r.save()
    record("edit", r, actor=user, before=before, after=snapshot(r))
    return r


def _next_number(unit: Unit, year: int) -> str:
    used = (Report.objects.filter(unit=unit, finalised_at__year=year).exclude(number="")
            .values_list("number", flat=True))
    numbers = [int(n) for n in used if n.isdigit()]
    return str(max(numbers, default=0) + 1)


@transaction.atomic
def finalise(report: Report, user: Any, *, now: dt.datetime | None = None) -> Report:
    """Freeze the figures, number the report, produce and sign the PDF, record its hash.

    The leader of the unit finalises (``user`` None = the command line). Nothing is
    saved when signing fails.
    """
    r = _locked(report.pk)
    _require(user, "approve", r, "Chỉ lãnh đạo đơn vị được ký, phát hành báo cáo.")
    if r.is_frozen:
        raise ReportError("Báo cáo đã được ký trước đó.")
    now = now or timezone.now()
    certificates.check(r.unit)  # a missing or locked key (or token) stops here, before anything is built
    r.data = data.gather(r.unit, r.kind, periods.parse(r.kind, r.period_key))
    r.narrative = draft.clean(r.narrative, r.data)
    r.number = _next_number(r.unit, timezone.localtime(now).year)
    r.finalised_at = now
    if user is not None and not r.signer_name:
        r.signer_name = str(user)
    # the audit chain's head goes into the signed file: the parent unit keeps an anchor of the
    # trail outside this database (audit/anchors.py)
    unsigned = builders.build(r, r.data, "pdf", timezone.localtime(now).date(), draft=False,
                              keywords=anchors.pdf_keyword(chain_head(chain_of(r))))
    post = layout.signature_lines(r.data["frame"], r.sign_mode, r.signer_title)[-1]
    signed = certificates.sign(r.unit, unsigned, reason=f"{r.get_kind_display()} {r.period_key}",
                               location=r.data["frame"]["place"], name=r.signer_name, post=post, when=now)
    r.sha256 = signing.sha256(signed)
    r.pdf.save(f"{r.unit.slug}-{r.kind}-{r.period_key}-v{r.version}.pdf", ContentFile(signed), save=False)
    r.state = ReportState.FINAL
    r.finalised_by = user if getattr(user, "is_authenticated", False) else None
    r.save()
    record("finalise", r, actor=user or "dòng lệnh", after=snapshot(r),
           reason=f"Ký số báo cáo, SHA-256 {r.sha256}")
    return r


@transaction.atomic
def submit(report: Report, user: Any, *, now: dt.datetime | None = None) -> Report:
    """Send a finalised report to the body its reporting line names (``lines.line_of``: the duty of
    the plan, else the superior on its side); ``on_time`` compares with the duty's due date."""
    r = _locked(report.pk)
    _require(user, "report", r, "Bạn không có quyền gửi báo cáo này.")
    if r.state != ReportState.FINAL:
        raise ReportError("Chỉ gửi được báo cáo đã ký và chưa gửi.")
    before = snapshot(r)
    if r.recipient_id is None:
        r.recipient = lines.line_of(r.unit, r.kind, periods.parse(r.kind, r.period_key)).recipient
    if r.recipient_id is None:
        raise ReportError("Không xác định được cơ quan nhận báo cáo (kế hoạch không nêu, đơn vị không có cấp trên).")
    now = now or timezone.now()
    r.state = ReportState.SUBMITTED
    r.submitted_at = now
    r.submitted_by = user if getattr(user, "is_authenticated", False) else None
    r.on_time = r.due_date is None or timezone.localtime(now).date() <= r.due_date
    r.save()
    record("submit", r, actor=user or "dòng lệnh", before=before, after=snapshot(r))
    return r


@transaction.atomic
def return_report(report: Report, user: Any, reason: str) -> Report:
    """The parent unit sends a submitted report back with a reason; it becomes a new draft version."""
    r = _locked(report.pk)
    _require(user, "manage", r, "Chỉ lãnh đạo hoặc văn phòng của cấp trên được trả lại báo cáo.")
    if r.state not in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        raise ReportError("Chỉ trả lại được báo cáo đã gửi.")
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("Phải ghi lý do trả lại báo cáo.")
    before = snapshot(r)
    r.state = ReportState.RETURNED
    r.returned_reason = reason[:2000]
    r.version += 1
    r.pdf = None
    r.sha256 = ""
    r.number = ""
    r.finalised_at = None
    r.save()
    record("return", r, actor=user, before=before, after=snapshot(r), reason=reason)
    return r


@transaction.atomic
def accept(report: Report, user: Any) -> Report:
    """The parent unit acknowledges a submitted report."""
    r = _locked(report.pk)
    _require(user, "manage", r, "Chỉ lãnh đạo hoặc văn phòng của cấp trên được tiếp nhận báo cáo.")
    if r.state != ReportState.SUBMITTED:
        raise ReportError("Chỉ tiếp nhận được báo cáo đã gửi.")
    before = snapshot(r)
    r.state = ReportState.ACCEPTED
    r.save()
    record("accept", r, actor=user, before=before, after=snapshot(r))
    return r
