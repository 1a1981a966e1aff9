"""Warnings, overdue tasks grouped by lead unit, and the "6 rõ" incomplete-task list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.tenancy.models import Unit
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import tracking
from theodoi.web.selectors.tasks import TaskFilter, group_by_lead, tasks
from theodoi.web.views.common import get_allowed, today
from theodoi.web.views.tasks import TASK_COLUMNS


def _unit(request: HttpRequest) -> Unit | None:
    slug = request.GET.get("unit")
    return get_allowed(Unit.objects.all(), request.user, slug=slug) if slug else None


def _as_row(w: Any) -> dict[str, Any]:
    get = w.get if isinstance(w, dict) else (lambda k, d="": getattr(w, k, d))
    return {
        "severity": str(get("severity", "")), "code": str(get("code", "")),
        "message": str(get("message", "") or w), "unit": str(get("unit", "") or ""),
        "_url": str(get("url", "") or ""),
    }


WARNING_COLUMNS = [
    Column("severity", gettext_lazy("Mức độ")), Column("message", gettext_lazy("Cảnh báo")),
    Column("unit", gettext_lazy("Đơn vị")), Column("code", gettext_lazy("Mã")),
]


@login_required
def warning_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    found = tracking.warnings(request.user, _unit(request))
    rows = [_as_row(w) for w in (found or [])]
    listing = Listing(_("Cảnh báo"), WARNING_COLUMNS, rows, "canh-bao")
    intro = _("Chưa có dữ liệu cảnh báo.") if found is None else ""
    return respond(request, listing, "web/list.html", {"intro": intro}, fmt)


OVERDUE_COLUMNS = [Column("lead_unit", gettext_lazy("Đơn vị chủ trì")), *[
    c for c in TASK_COLUMNS if c.key != "lead_unit"]]


@login_required
def overdue_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    rows = tasks(request.user, TaskFilter(lead=_unit(request), overdue=True), today())
    groups = group_by_lead(rows)
    ordered = [r for _name, _slug, rs in groups for r in rs]
    listing = Listing(_("Nhiệm vụ quá hạn theo đơn vị chủ trì"), OVERDUE_COLUMNS, ordered, "qua-han")
    return respond(request, listing, "web/overdue.html", {"groups": groups}, fmt)


SIX_COLUMNS = [
    Column("code", gettext_lazy("Mã")), Column("title", gettext_lazy("Nhiệm vụ"), "link"),
    Column("missing", gettext_lazy("Còn thiếu")), Column("lead_unit", gettext_lazy("Chủ trì")),
]


@login_required
def six_clear_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    found = tracking.six_clear(request.user)
    rows = [_six_row(x) for x in (found or [])]
    listing = Listing(_("Nhiệm vụ chưa đủ “6 rõ”"), SIX_COLUMNS, rows, "6-ro")
    intro = _("“6 rõ”: rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm, rõ thẩm quyền.")
    if found is None:
        intro += " " + _("Chưa có dữ liệu.")
    return respond(request, listing, "web/list.html", {"intro": intro}, fmt)


def _six_row(x: Any) -> dict[str, Any]:
    task = x.get("task") if isinstance(x, dict) else getattr(x, "task", x)
    missing = x.get("missing") if isinstance(x, dict) else getattr(x, "missing", [])
    labels = [str(getattr(m, "label", m)) for m in (missing or [])]
    return {
        "code": task.code, "title": task.title, "missing": ", ".join(labels),
        "lead_unit": task.lead_unit_name or (task.lead_unit.name if task.lead_unit_id else ""),
        "_url": f"/tasks/{task.uid}/",
    }
