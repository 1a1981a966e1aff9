"""Target list and the target page: figures over time against the target value."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.audit.services import history
from theodoi.domain.forecast import AT_RISK, LIKELY, UNCERTAIN, forecast
from theodoi.planning.models import Measurement, Target
from theodoi.planning.selectors.obligations import sent_late
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can, reopenable, restrict
from theodoi.web import charts
from theodoi.web.forms import TargetFilterForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import facts
from theodoi.web.selectors.targets import target_list_rows, target_rows
from theodoi.web.views.common import get_allowed, own_unit_filter, today

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
    unit = Unit.objects.filter(slug=params.get("unit")).first() if params.get("unit") else None
    rows = target_list_rows(request.user, q=data.get("q", ""), status=data.get("status", ""), unit=unit,
                            today=today())  # whole rows built for the page shown only
    listing = Listing(_("Chỉ tiêu"), TARGET_COLUMNS, rows, "chi-tieu")
    return respond(request, listing, "web/list.html", {"filter_form": form, "own_unit": own}, fmt)


OUTLOOK = {LIKELY: (gettext_lazy("Có khả năng đạt"), "ok"), UNCERTAIN: (gettext_lazy("Chưa chắc đạt"), "warn"),
           AT_RISK: (gettext_lazy("Nguy cơ không đạt"), "bad")}


def target_forecast(target: Target, day: Any) -> dict[str, Any] | None:
    """The target's forecast at its deadline (``domain.forecast``) from the official series, for the page."""
    from theodoi.planning.selectors.status import target_deadline, target_start, target_status

    deadline = target_deadline(target)
    f = forecast(target_status(target, day).series, deadline, target.value, target.comparator, target.value_max,
                 baseline=target.baseline, start=target_start(target), today=day)
    if f is None:
        return None
    label, tone = OUTLOOK[f.outlook]
    return {"f": f, "deadline": deadline, "label": label, "tone": tone}


@login_required
def target_detail(request: HttpRequest, uid: str) -> HttpResponse:
    target = get_allowed(Target.objects.select_related("document", "indicator", "responsible_unit"),
                         request.user, uid=uid)
    row = target_rows(request.user, Target.objects.filter(pk=target.pk), today())[0]
    figures = list(
        restrict(Measurement.objects.filter(target=target), request.user, "view")
        .select_related("unit", "entered_by", "reviewed_by").prefetch_related("evidence")
        .order_by("-period_end", "unit__path")
    )
    approvable = set(
        restrict(Measurement.objects.filter(target=target), request.user, "approve").values_list("pk", flat=True)
    )
    reopen_ok = set(reopenable(Measurement.objects.filter(target=target), request.user).values_list("pk", flat=True))
    for m in figures:
        m.can_review = m.pk in approvable
        m.can_reopen = m.pk in reopen_ok
        m.sent_late = sent_late(m, target.document.monthly_due_day)
    # the official combined value of each period (approved figures, the target's declared rule)
    points = [charts.Point(key, value) for key, value in row["_series"]]
    chart = charts.line_chart(points, title=_("Số liệu theo kỳ"), target=target.value) if points else ""
    trail = list(history(target))
    for m in figures[:12]:
        trail += list(history(m))
    trail.sort(key=lambda e: e.seq, reverse=True)
    return render(request, "web/target_detail.html", {
        "target": target, "row": row, "figures": figures, "chart": chart, "trail": trail[:60],
        "forecast": target_forecast(target, today()),
        "can_report": can(request.user, "report", target), "can_manage": can(request.user, "manage", target),
        "reporting_units": target.reporting_units.all(),
    })
