"""Task list (filters, search, exports) and the task page (updates, evidence, review, audit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.planning.models import Task
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can
from theodoi.web.forms import TaskFilterForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import facts
from theodoi.web.selectors.pages import continued, task_updates, trail
from theodoi.web.selectors.tasks import TaskFilter, lead_choices, task_list_rows, task_rows
from theodoi.web.selectors.units import unit_of_slug
from theodoi.web.views.common import get_allowed, own_unit_context, own_unit_filter, today

TASK_COLUMNS = [
    Column("code", gettext_lazy("Mã")),
    Column("title", gettext_lazy("Nhiệm vụ"), "link"),
    Column("lead_unit", gettext_lazy("Chủ trì")),
    Column("deadline", gettext_lazy("Thời hạn")),
    Column("due_date", gettext_lazy("Hạn"), "date"),
    Column("status", gettext_lazy("Tình trạng"), "status"),
    Column("percent", gettext_lazy("Tiến độ"), "percent"),
    Column("period", gettext_lazy("Kỳ báo cáo gần nhất"), "period"),
    Column("plan", gettext_lazy("Văn bản")),
    Column("budget", gettext_lazy("Kinh phí dự kiến"), "money"),
    Column("disbursed", gettext_lazy("Đã giải ngân (lũy kế)"), "money"),
]


@login_required
def task_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    units = lead_choices(request.user)
    params, own = own_unit_filter(request, "lead", fmt)
    asked = params.get("lead")
    if asked and asked not in {slug for slug, _name in units}:
        # A unit that leads nothing itself (a village): still a valid, empty filter when readable.
        units.append((asked, unit_label(get_allowed(Unit.objects.select_related("parent"), request.user, slug=asked))))
    form = TaskFilterForm(params or None, status_choices=facts.task_status_choices(), unit_choices=units)
    data = form.cleaned_data if form.is_valid() else {}
    lead = unit_of_slug(data.get("lead"))
    f = TaskFilter(q=data.get("q", ""), lead=lead, status=data.get("status", ""),
                   overdue=bool(data.get("overdue")), funded=bool(data.get("funded")))
    rows, totals = task_list_rows(request.user, f, today())  # whole rows built for the page shown only
    listing = Listing(_("Nhiệm vụ"), TASK_COLUMNS, rows, "nhiem-vu", meta=totals)
    return respond(request, listing, "web/list.html", {"filter_form": form, **own_unit_context(own, params)}, fmt)


@login_required
def task_detail(request: HttpRequest, uid: str) -> HttpResponse:
    task = get_allowed(Task.objects.select_related("document", "lead_unit", "responsible_person"),
                       request.user, uid=uid)
    row = task_rows(request.user, Task.objects.filter(pk=task.pk), today())[0]
    updates = task_updates(request.user, task)
    science = _science(task) if task.is_science_task else {}
    return render(request, "web/task_detail.html", {**science, "earlier": continued(request.user, task),
        "task": task, "row": row, "updates": updates, "trail": trail(task, updates),
        "can_report": can(request.user, "report", task), "can_direct": can(request.user, "direct", task),
        "can_manage": can(request.user, "manage", task),
        "coordinating": task.coordinating_units.all(), "targets": task.targets.all(),
        "stages": task.stages.all(), "title": _("Nhiệm vụ"),
    })


def _science(task: Task) -> dict:
    """The reconciliation of a science task for its page, the findings in the reader's language."""
    from theodoi.planning.selectors.lifecycle import reconcile
    from theodoi.planning.selectors.warnings import period_name

    r = reconcile(task)
    return {"r": r, "findings": [f.render(_, period_name) for f in r.findings]}
