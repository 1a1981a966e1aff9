"""Unit list and the unit page: its plans, tasks, figures, warnings and people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.planning.selectors.history import current_successors
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can, scope
from theodoi.web.forms import UnitFilterForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import plans as plan_sel
from theodoi.web.selectors import units as sel
from theodoi.web.selectors.targets import targets as target_list
from theodoi.web.selectors.tasks import TaskFilter
from theodoi.web.selectors.tasks import tasks as task_list
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
    plans = plan_sel.plan_queryset(request.user).filter(issuer=unit).order_by("-issued_date")[:50]
    tasks = task_list(request.user, TaskFilter(lead=unit), day)
    targets = target_list(request.user, unit=unit, today=day)
    alive = unit.is_active_on(day)  # an abolished unit still lists the (abolished) units it had
    children = sel.in_tree_order(list(sel.units(request.user, under=unit, day=day if alive else None)
                                      .filter(parent=unit)))
    show_people = can(request.user, "view", unit)
    people = sel.people(request.user, unit) if show_people else []
    return render(request, "web/unit_detail.html", {
        "unit": unit, "plans": plans, "tasks": tasks[:100], "task_count": len(tasks),
        "overdue": [t for t in tasks if t["overdue"]], "targets": targets[:50],
        "children": children, "people": people,
        "ancestors": unit.ancestors(), "successors": [] if alive else current_successors(unit, day),
        "second_factor_off": _second_factor_resettable(request.user, unit, people),
    })


def _second_factor_resettable(user, unit: Unit, people) -> set[int]:
    """Ids of the people whose second factor the viewer, an administrator over ``unit``, may turn off
    (the page of that action checks again, person by person)."""
    if not people or not scope(user, "manage").covers(unit):
        return set()
    from theodoi.tenancy.models import SecondFactor

    ids = {m.user_id for m in people if m.user_id != user.pk}
    return set(SecondFactor.objects.filter(user_id__in=ids, confirmed_at__isnull=False).values_list("user_id",
                                                                                                    flat=True))
