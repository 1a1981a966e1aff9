"""Report pages: a unit's reports with its children's sending status, one report's page, files, actions.

Thin: permissions via ``tenancy.permissions``, writes via ``reporting.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.reporting import builders, draft, periods, selectors, services
from theodoi.reporting.models import Report, ReportKind
from theodoi.reporting.signing import SigningError
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can, units_for


def _report(request, uid) -> Report:
    report = get_object_or_404(Report.objects.select_related("unit"), uid=uid)
    if not can(request.user, "view", report):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo này."))
    return report


@login_required
def index(request):
    unit = units_for(request.user, "view").order_by("depth", "name").first()
    if unit is None:
        raise PermissionDenied(_("Bạn chưa thuộc đơn vị nào."))
    return redirect("reporting:unit", slug=unit.slug)


@login_required
def unit_reports(request, slug):
    unit = get_object_or_404(Unit, slug=slug)
    if not can(request.user, "view", unit):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo của đơn vị này."))
    kind = request.GET.get("kind") if request.GET.get("kind") in ReportKind.values else ReportKind.MONTHLY
    key = request.GET.get("period") or periods.current(kind, timezone.localdate()).key
    try:
        key = periods.parse(kind, key).key
    except periods.PeriodError as exc:
        messages.error(request, str(exc))
        key = periods.current(kind, timezone.localdate()).key
    if request.method == "POST":
        try:
            report = services.open_report(unit, request.POST.get("kind", ""), request.POST.get("period", ""),
                                          request.user)
        except services.ReportError as exc:
            messages.error(request, str(exc))
            return redirect("reporting:unit", slug=unit.slug)
        return redirect("reporting:detail", uid=report.uid)
    children = selectors.children_status(unit, kind, key)
    return render(request, "reporting/unit.html", {
        "unit": unit, "reports": selectors.reports_of(unit, request.user), "kinds": ReportKind.choices,
        "kind": kind, "period": key, "children": children, "summary": selectors.children_summary(children),
        "can_write": can(request.user, "report", unit),
    })


@login_required
def detail(request, uid):
    report = _report(request, uid)
    can_write = can(request.user, "report", report) and not report.is_frozen
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(_("Bạn không có quyền sửa báo cáo này."))
        narrative = {key: request.POST.get(key, "") for key in draft.KEYS}
        try:
            services.edit(report, request.user, narrative=narrative, version=int(request.POST.get("version", 0)),
                          signer_name=request.POST.get("signer_name"), signer_title=request.POST.get("signer_title"),
                          sign_mode=request.POST.get("sign_mode"))
            messages.success(request, _("Đã lưu nội dung báo cáo."))
        except (services.ReportError, ValueError) as exc:
            messages.error(request, str(exc))
        return redirect("reporting:detail", uid=report.uid)
    issued = timezone.localtime(report.finalised_at).date() if report.finalised_at else timezone.localdate()
    snap = services.current_data(report)
    doc = builders.compose_report(report, snap, issued)
    sections = [(key, label, report.narrative.get(key, "")) for key, label in draft.SECTIONS]
    return render(request, "reporting/detail.html", {
        "report": report, "doc": doc, "sections": sections, "can_write": can_write, "line": snap.get("line", {}),
        "check": selectors.before_signing(report, snap) if not report.is_frozen else None,
        "can_sign": can(request.user, "approve", report) and not report.is_frozen,
        "can_send": can(request.user, "report", report) and report.state == "final",
        "can_judge": can(request.user, "manage", report) and report.state in ("submitted", "accepted"),
    })


@login_required
def download(request, uid, fmt):
    report = _report(request, uid)
    if fmt not in builders.FORMATS:
        raise Http404(_("Định dạng không hỗ trợ."))
    content = services.render(report, fmt)
    response = HttpResponse(content, content_type=builders.FORMATS[fmt])
    name = f"bao-cao-{report.unit.slug}-{report.period_key}{'' if report.is_frozen else '-du-thao'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def confirm_sign(request, uid):
    """The step before signing: the whole report as it will be signed, its warnings, an explicit confirmation."""
    report = _report(request, uid)
    if not can(request.user, "approve", report) or report.is_frozen:
        raise PermissionDenied(_("Bạn không có quyền ký báo cáo này."))
    snap = services.current_data(report)
    doc = builders.compose_report(report, snap, timezone.localdate())
    return render(request, "reporting/confirm.html", {
        "report": report, "doc": doc, "check": selectors.before_signing(report, snap), "line": snap.get("line", {}),
    })


@login_required
@require_POST
def action(request, uid, name):
    report = _report(request, uid)
    try:
        if name == "finalise":
            check = selectors.before_signing(report, services.current_data(report))
            if request.POST.get("confirm") != "yes" or (check["empty"] and request.POST.get("confirm_empty") != "yes"):
                messages.error(request, _("Hãy xem lại báo cáo và xác nhận trước khi ký."))
                return redirect("reporting:confirm_sign", uid=report.uid)
            services.finalise(report, request.user)
            messages.success(request, _("Đã ký số và phát hành báo cáo."))
        elif name == "submit":
            services.submit(report, request.user)
            messages.success(request, _("Đã gửi báo cáo lên cấp trên."))
        elif name == "return":
            services.return_report(report, request.user, request.POST.get("reason", ""))
            messages.success(request, _("Đã trả lại báo cáo."))
        elif name == "accept":
            services.accept(report, request.user)
            messages.success(request, _("Đã tiếp nhận báo cáo."))
        else:
            raise Http404(_("Thao tác không hợp lệ."))
    except (services.ReportError, SigningError) as exc:
        messages.error(request, str(exc))
    return redirect("reporting:detail", uid=report.uid)
