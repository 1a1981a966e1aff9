"""Plan list (search, filters, exports) and the plan page (document, cascade, targets, tasks)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.planning.models import Document
from theodoi.planning.selectors.history import plan_end
from theodoi.tenancy.permissions import can
from theodoi.web import charts
from theodoi.web.forms import PlanFilterForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import plans as sel
from theodoi.web.selectors.targets import target_queryset, target_rows
from theodoi.web.selectors.tasks import task_queryset, task_rows
from theodoi.web.views.common import get_allowed, today

PLAN_COLUMNS = [
    Column("number", gettext_lazy("Số, ký hiệu"), "link"),
    Column("title", gettext_lazy("Trích yếu")),
    Column("issuer", gettext_lazy("Cơ quan ban hành")),
    Column("issued_date", gettext_lazy("Ngày ban hành"), "date"),
    Column("status", gettext_lazy("Tình trạng")),
    Column("tasks", gettext_lazy("Nhiệm vụ"), "num"),
    Column("targets", gettext_lazy("Chỉ tiêu"), "num"),
]


@login_required
def plan_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    form = PlanFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    docs = sel.plans(request.user, q=data.get("q", ""), status=data.get("status", ""))
    listing = Listing(_("Kế hoạch"), PLAN_COLUMNS, sel.plan_rows(docs, today()), "ke-hoach")
    return respond(request, listing, "web/list.html", {"filter_form": form}, fmt)


@login_required
def plan_detail(request: HttpRequest, uid: str) -> HttpResponse:
    from django.shortcuts import render

    doc = get_allowed(Document.objects.select_related("issuer", "issuer__parent"), request.user, uid=uid)
    day = today()
    tasks = task_rows(request.user, task_queryset(request.user).filter(document=doc), day)
    targets = target_rows(request.user, target_queryset(request.user).filter(document=doc), day)
    for t in targets:
        t["spark"] = charts.sparkline(t["trend"], title=_("Xu hướng số liệu"))
    by_status: dict[str, list] = {}
    for t in tasks:
        by_status.setdefault(t["status"], [t["tone"], 0])[1] += 1
    tone_colors = {"ok": "#1b6e3a", "warn": "#c98a00", "bad": "#a61b1b", "muted": "#8e99a6", "info": "#2f7fc1"}
    status_chart = charts.stacked_bar(
        [charts.Bar(label, n, color=tone_colors.get(tone, "")) for label, (tone, n) in by_status.items()],
        title=_("Nhiệm vụ theo tình trạng"),
    ) if tasks else ""
    from theodoi.planning.selectors.carry_over import offers
    from theodoi.planning.selectors.plans_due import plan_dues
    from theodoi.planning.selectors.relink import suggestions
    from theodoi.web.views.plans_due import forms_for

    may_manage = can(request.user, "manage", doc)
    return render(request, "web/plan_detail.html", {
        "doc": doc, "cascade": sel.cascade(request.user, doc), "tasks": tasks, "targets": targets,
        "status_chart": status_chart, "can_manage": may_manage,
        "dues": plan_dues(request.user, doc, day), **forms_for(request.user, doc),
        "end": (end := plan_end(doc, day)), "may_hand_over": end is not None and may_manage,
        "relink_count": len(suggestions(doc)) if targets and may_manage else 0,
        "carry_count": len(offers(doc, day)) if may_manage else 0,
    })
