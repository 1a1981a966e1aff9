"""Operations dashboard (IOC) for a unit and its subtree; every number links to its list.

``?period=`` reads a month (2026-11), a quarter (2026-Q3) or a year (2026) as it stood at its
end; ``/dashboard/<unit>/export.xlsx|pdf`` downloads the same dashboard.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from theodoi.domain.text import shorten
from theodoi.planning.selectors.completeness import unit_completeness
from theodoi.planning.selectors.warnings import warnings_head
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can
from theodoi.web import charts
from theodoi.web.selectors import dashboard as sel
from theodoi.web.selectors import leader, people, ranking
from theodoi.web.views.common import get_allowed, today

WARNINGS_SHOWN = 10  # the warnings the page lists (it counts them all)
TONE_COLORS = {"ok": "#1b6e3a", "warn": "#c98a00", "bad": "#a61b1b", "muted": "#8e99a6", "info": "#2f7fc1"}


def _url(name: str, **query: str) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def _status_bars(counts: list[sel.Count_]) -> list[charts.Bar]:
    return [charts.Bar(c.label, c.n, url=c.url, color=TONE_COLORS.get(c.tone, "")) for c in counts]


def dashboard_data(user: Any, unit: Unit, period_key: str | None) -> dict[str, Any]:
    """Everything the dashboard shows for ``unit`` in the period asked for (the page and its downloads)."""
    now = today()
    period = leader.pick_period(period_key, now)
    day = leader.as_of(period, now)
    d = sel.build(user, unit, day, through=period.end, days=leader.trend_days(period))
    ranked = ranking.rank(d.children, d.tasks, d.targets)
    trends = leader.unit_trends(d, period, now)
    warning_count, warnings = warnings_head(day, user=user, unit=unit, first=WARNINGS_SHOWN)
    return {
        "unit": unit, "d": d, "period": period, "day": day, "ranked": ranked,
        "late": leader.late_units(d.children, d.tasks, d.targets, day),
        "scorecard": leader.scorecard(d.children, d.targets),
        "unit_trend": trends, "target_trends": d.trend_targets,
        "completeness": unit_completeness(unit, leader.last_month_of(period), items=False),
        "warning_count": warning_count, "warnings": warnings,  # how many, and the first WARNINGS_SHOWN
    }


@login_required
def dashboard(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    user = request.user
    unit = get_allowed(Unit.objects.all(), user, slug=slug) if slug else sel.default_unit(user)
    if unit is None:
        return render(request, "web/dashboard_empty.html", status=200)
    data = dashboard_data(user, unit, request.GET.get("period"))
    d, period, trend = data["d"], data["period"], data["unit_trend"]
    overdue_bars = [
        charts.Bar(name, len(rows), url=_url("task_list", lead=slug_, overdue="on") if slug_ else "",
                   color=TONE_COLORS["bad"])
        for name, slug_, rows in d.overdue_groups[:10]
    ]
    here = reverse("dashboard_unit", args=[unit.slug])
    quarter, month = leader.previous_of_kind(period, "quarter"), leader.previous_of_kind(period, "month")
    return render(request, "web/dashboard.html", {
        **data,
        "period_options": leader.period_options(period, today()),
        "here": here, "last_quarter": quarter, "last_month": month,
        "task_chart": charts.stacked_bar(_status_bars(d.task_status), title=_("Nhiệm vụ theo tình trạng")),
        "target_chart": charts.stacked_bar(_status_bars(d.target_status), title=_("Chỉ tiêu theo tình trạng")),
        "overdue_chart": charts.bar_chart(overdue_bars, title=_("Nhiệm vụ quá hạn theo đơn vị chủ trì")),
        "unit_trend_chart": charts.multi_line(
            [charts.Series(name, [charts.Point(m.key, v) for m, v in zip(trend.months, values, strict=True)], color)
             for (name, values), color in zip(trend.series[:8], charts.PALETTE, strict=False)],
            title=_("Điểm của các đơn vị theo tháng"), lo=0, hi=100) if trend.series else "",
        "target_trend_charts": [
            (t, charts.line_chart([charts.Point(k, v) for k, v in t["_series"][-12:]],
                                  title=_("Số liệu theo kỳ: %(t)s") % {"t": shorten(t["text"], 60)},
                                  target=t["target_value"])) for t in data["target_trends"]],
        "unit_trend_rows": [(name, color, values) for (name, values), color
                            in zip(trend.series[:8], charts.PALETTE, strict=False)],
        "overdue_count": sum(len(g[2]) for g in d.overdue_groups),
        "urls": {
            "tasks": _url("task_list", lead=unit.slug), "targets": _url("target_list", unit=unit.slug),
            "overdue": _url("task_list", lead=unit.slug, overdue="on"),
            "overdue_groups": _url("overdue", unit=unit.slug), "warnings": _url("warnings", unit=unit.slug),
            "sent": _url("completeness", unit=unit.slug, state="sent"),
            "expected": _url("completeness", unit=unit.slug),
            "missing": _url("completeness", unit=unit.slug, state="missing"),
            "budget": _url("task_list", lead=unit.slug, funded="on"),
        },
        "disbursed_pct": (d.disbursed * 100 / d.budget) if d.budget else None,
        "ancestors": unit.ancestors(),
        "may_hand_over": can(user, "manage", unit),
        # who did what: for the unit's leaders and its standing office, not for every reader
        "people": people.person_scores(unit, d.tasks, d.targets, period)
        if can(user, "approve", unit) or can(user, "manage", unit) else None,
    })


@login_required
def dashboard_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The dashboard as a spreadsheet or a PDF, for the period asked for."""
    from theodoi.web import dashboard_export as export

    if fmt not in export.FORMATS:
        raise Http404(_("Không có định dạng tải về này."))
    unit = get_allowed(Unit.objects.all(), request.user, slug=slug)
    data = dashboard_data(request.user, unit, request.GET.get("period"))
    body = export.build(data, fmt)
    response = HttpResponse(body, content_type=export.FORMATS[fmt])
    name = f"bang-dieu-hanh-{unit.slug}-{data['period'].key}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
