"""Warnings, overdue tasks grouped by lead unit, and the "6 rõ" incomplete-task list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from theodoi.planning.models import DocStatus, Task
from theodoi.planning.selectors.six_clear import Incomplete, incomplete_tasks
from theodoi.planning.selectors.texts import unit_label
from theodoi.planning.selectors.warnings import STALLED, Warning, listed_warnings
from theodoi.tenancy.models import Unit
from theodoi.web.listing import Column, LazyRows, Listing, respond
from theodoi.web.selectors.tasks import TaskFilter, directable, group_by_lead, tasks
from theodoi.web.views.common import get_allowed, own_unit_context, own_unit_filter, today
from theodoi.web.views.tasks import TASK_COLUMNS


def _unit(request: HttpRequest, params: Any = None) -> Unit | None:
    slug = (request.GET if params is None else params).get("unit")
    return get_allowed(Unit.objects.all(), request.user, slug=slug) if slug else None


# The tracking selectors' labels are plain Vietnamese; marked so the English pages translate them.
_MSGIDS = (
    gettext_noop("Chưa cập nhật tiến độ"), gettext_noop("Nhiệm vụ quá hạn"), gettext_noop("Báo cáo sơ sài"),
    gettext_noop("Số liệu mâu thuẫn"), gettext_noop("Không có tiến triển 3 tháng"),
    gettext_noop("Đối soát nhiệm vụ KH&CN chưa khớp"), gettext_noop("Chưa xây dựng kế hoạch cấp dưới"),
    gettext_noop("Dưới chỉ tiêu hệ thống tự đo"),
    gettext_noop("Cao"), gettext_noop("Trung bình"), gettext_noop("Thấp"),
)
SEVERITY_TONES = {"high": "bad", "medium": "warn", "low": "info"}


def warning_row(w: Warning) -> dict[str, Any]:
    return {
        "severity": _(w.severity_label), "severity_code": w.severity, "tone": SEVERITY_TONES[w.severity],
        "kind": w.label, "code": w.code, "subject": w.subject_text, "reason": w.reason,
        "unit": unit_label(w.unit) if w.unit else "", "unit_slug": w.unit.slug if w.unit else "", "_url": w.url,
    }


WARNING_COLUMNS = [
    Column("severity", gettext_lazy("Mức độ"), "status"), Column("kind", gettext_lazy("Loại cảnh báo")),
    Column("subject", gettext_lazy("Nội dung"), "link"), Column("reason", gettext_lazy("Lý do")),
    Column("unit", gettext_lazy("Đơn vị chịu trách nhiệm")),
]


def _with_actions(rows: list[dict[str, Any]], found: list[Warning], user: Any) -> list[dict[str, Any]]:
    """A stalled task's warning carries the leader's button: pause or stop it (one query)."""
    from django.urls import reverse

    allowed = directable({w.task.pk for w in found if w.code == STALLED and w.task is not None}, user)
    for row, w in zip(rows, found, strict=True):
        if w.code == STALLED and w.task is not None and w.task.pk in allowed:
            row["_action_url"] = reverse("task_run_state", args=[w.task.uid]) + "?from=stalled"
            row["_action_label"] = _("Tạm dừng / dừng")
    return rows


@login_required
def warning_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    params, own = own_unit_filter(request, "unit", fmt)
    keys, build = listed_warnings(today(), user=request.user, unit=_unit(request, params),
                                  code=request.GET.get("code", ""))

    def rows_of(some: list[Any]) -> list[dict[str, Any]]:  # the rows of the page shown (an export: all)
        found = build(some)
        return _with_actions([warning_row(w) for w in found], found, request.user)

    listing = Listing(_("Cảnh báo"), WARNING_COLUMNS, LazyRows(keys, rows_of), "canh-bao")
    return respond(request, listing, "web/list.html", own_unit_context(own, params), fmt)


OVERDUE_COLUMNS = [Column("lead_unit", gettext_lazy("Đơn vị chủ trì")), *[
    c for c in TASK_COLUMNS if c.key != "lead_unit"]]


@login_required
def overdue_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    params, own = own_unit_filter(request, "unit", fmt)
    rows = tasks(request.user, TaskFilter(lead=_unit(request, params), overdue=True), today())
    groups = group_by_lead(rows)
    ordered = [r for _name, _slug, rs in groups for r in rs]
    listing = Listing(_("Nhiệm vụ quá hạn theo đơn vị chủ trì"), OVERDUE_COLUMNS, ordered, "qua-han")
    return respond(request, listing, "web/overdue.html", {"groups": groups, **own_unit_context(own, params)}, fmt)


SIX_COLUMNS = [
    Column("code", gettext_lazy("Mã")), Column("title", gettext_lazy("Nhiệm vụ"), "link"),
    Column("missing", gettext_lazy("Còn thiếu")), Column("lead_unit", gettext_lazy("Chủ trì")),
]


@login_required
def six_clear_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    params, own = own_unit_filter(request, "unit", fmt)
    unit = _unit(request, params)
    qs = None
    if unit is not None:  # the unit's own plans and the tasks its subtree leads
        qs = Task.objects.filter(Q(document__issuer__path__startswith=unit.path)
                                 | Q(lead_unit__path__startswith=unit.path),
                                 document__status=DocStatus.ACTIVE, children__isnull=True)
    rows = [_six_row(x) for x in incomplete_tasks(request.user, qs)]
    listing = Listing(_("Nhiệm vụ chưa đủ “6 rõ”"), SIX_COLUMNS, rows, "6-ro")
    intro = _("“6 rõ”: rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm, rõ thẩm quyền.")
    return respond(request, listing, "web/list.html", {"intro": intro, **own_unit_context(own, params)}, fmt)


def _six_row(x: Incomplete) -> dict[str, Any]:
    task = x.task
    return {
        "code": task.code, "title": task.title, "missing": ", ".join(x.missing_labels),
        "lead_unit": unit_label(task.lead_unit) if task.lead_unit else task.lead_unit_name,
        "_url": task.get_absolute_url(),
    }
