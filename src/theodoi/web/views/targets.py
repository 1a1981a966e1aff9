"""Target list and the target page: figures over time against the target value."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.planning.models import Target
from theodoi.tenancy.permissions import can
from theodoi.web import charts
from theodoi.web.forms import TargetFilterForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import facts
from theodoi.web.selectors.pages import target_figures, target_outlook, trail
from theodoi.web.selectors.targets import target_list_rows, target_rows
from theodoi.web.selectors.units import unit_of_slug
from theodoi.web.views.common import get_allowed, own_unit_context, own_unit_filter, today

TARGET_COLUMNS = [
    Column("code", gettext_lazy("Mã")),
    Column("text", gettext_lazy("Chỉ tiêu"), "link"),
    Column("target_value", gettext_lazy("Mục tiêu"), "goal"),
    Column("unit_of_measure", gettext_lazy("Đơn vị tính"), "uom"),
    Column("latest_value", gettext_lazy("Số liệu mới nhất"), "num"),
    Column("period", gettext_lazy("Kỳ"), "period"),
    Column("status", gettext_lazy("Tình trạng"), "status"),
    Column("plan", gettext_lazy("Văn bản")),
]


@login_required
def target_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    params, own = own_unit_filter(request, "unit", fmt)
    form = TargetFilterForm(params or None, status_choices=facts.target_status_choices())
    data = form.cleaned_data if form.is_valid() else {}
    unit = unit_of_slug(params.get("unit"))
    rows = target_list_rows(request.user, q=data.get("q", ""), status=data.get("status", ""), unit=unit,
                            today=today())  # whole rows built for the page shown only
    listing = Listing(_("Chỉ tiêu"), TARGET_COLUMNS, rows, "chi-tieu")
    return respond(request, listing, "web/list.html", {"filter_form": form, **own_unit_context(own, params)}, fmt)


def target_forecast(target: Target, day: Any) -> dict[str, Any] | None:
    """The target's forecast (``web.selectors.pages.target_outlook``) with its outlook's words, for the page."""
    o = target_outlook(target, day)
    if o is None:
        return None
    view = facts.outlook_view(o.f.outlook)
    return {"f": o.f, "deadline": o.deadline, "label": view.label, "tone": view.tone}


@login_required
def target_detail(request: HttpRequest, uid: str) -> HttpResponse:
    target = get_allowed(Target.objects.select_related("document", "indicator", "responsible_unit",
                                                        "responsible_unit__parent"),
                         request.user, uid=uid)
    row = target_rows(request.user, Target.objects.filter(pk=target.pk), today())[0]
    figures = target_figures(request.user, target)
    # the official combined value of each period (approved figures, the target's declared rule)
    points = [charts.Point(key, value) for key, value in row["_series"]]
    chart = charts.line_chart(points, title=_("Số liệu theo kỳ"), target=target.value) if points else ""
    return render(request, "web/target_detail.html", {
        "target": target, "row": row, "figures": figures, "chart": chart, "trail": trail(target, figures),
        "forecast": target_forecast(target, today()),
        "can_report": can(request.user, "report", target), "can_manage": can(request.user, "manage", target),
        "reporting_units": target.reporting_units.select_related("parent"),
    })
