"""Unit list and the unit page: its plans, tasks, figures, warnings and people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.tenancy.models import Unit
from theodoi.web.forms import UnitFilterForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import units as sel
from theodoi.web.selectors.pages import unit_page
from theodoi.web.views.common import get_allowed, today

UNIT_COLUMNS = [
    Column("name", gettext_lazy("Tên đơn vị"), "link"),
    Column("kind", gettext_lazy("Loại")),
    Column("parent", gettext_lazy("Cấp trên")),
    Column("tasks", gettext_lazy("Nhiệm vụ chủ trì"), "num"),
]


@login_required
def unit_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    day = today()
    qs = sel.units(request.user, q=data.get("q", ""), kind=data.get("kind", ""), day=day,
                   ended=bool(data.get("ended")))
    listing = Listing(_("Đơn vị"), UNIT_COLUMNS, sel.unit_rows(qs, day), "don-vi")
    return respond(request, listing, "web/list.html", {"filter_form": form}, fmt)


@login_required
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_allowed(Unit.objects.select_related("parent"), request.user, slug=slug)
    day = today()
    page = unit_page(request.user, unit, day)
    tasks = page.tasks
    return render(request, "web/unit_detail.html", {
        "unit": unit, "plans": page.plans, "tasks": tasks[:100], "task_count": len(tasks),
        "overdue": [t for t in tasks if t["overdue"]], "targets": page.targets[:50],
        "children": page.children, "people": page.people,
        "ancestors": unit.ancestors(), "successors": page.successors,
        "second_factor_off": page.second_factor_off,
    })
