"""Operations dashboard (IOC) for a unit and its subtree; every number links to its list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from theodoi.planning.selectors.completeness import unit_completeness
from theodoi.planning.selectors.warnings import compute_warnings
from theodoi.tenancy.models import Unit
from theodoi.web import charts
from theodoi.web.selectors import dashboard as sel
from theodoi.web.selectors import ranking
from theodoi.web.views.common import current_period, get_allowed, today

TONE_COLORS = {"ok": "#1b6e3a", "warn": "#c98a00", "bad": "#a61b1b", "muted": "#8e99a6", "info": "#2f7fc1"}


def _url(name: str, **query: str) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def _status_bars(counts: list[sel.Count_]) -> list[charts.Bar]:
    return [charts.Bar(c.label, c.n, url=c.url, color=TONE_COLORS.get(c.tone, "")) for c in counts]


@login_required
def dashboard(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    user = request.user
    unit = get_allowed(Unit.objects.all(), user, slug=slug) if slug else sel.default_unit(user)
    if unit is None:
        return render(request, "web/dashboard_empty.html", status=200)
    day, period = today(), current_period()
    d = sel.build(user, unit, day)
    ranked = ranking.rank(d.children, d.tasks, d.targets)
    overdue_bars = [
        charts.Bar(name, len(rows), url=_url("task_list", lead=slug_, overdue="on") if slug_ else "",
                   color=TONE_COLORS["bad"])
        for name, slug_, rows in d.overdue_groups[:10]
    ]
    warnings = compute_warnings(day, user=user, unit=unit)
    completeness = unit_completeness(unit, period)
    return render(request, "web/dashboard.html", {
        "unit": unit, "d": d, "period": period, "ranked": ranked,
        "task_chart": charts.stacked_bar(_status_bars(d.task_status), title=_("Nhiệm vụ theo tình trạng")),
        "target_chart": charts.stacked_bar(_status_bars(d.target_status), title=_("Chỉ tiêu theo tình trạng")),
        "overdue_chart": charts.bar_chart(overdue_bars, title=_("Nhiệm vụ quá hạn theo đơn vị chủ trì")),
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
        "completeness": completeness,
        "warnings": warnings[:10], "warning_count": len(warnings),
        "ancestors": unit.ancestors(),
    })
