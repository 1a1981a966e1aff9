"""Task list (filters, search, exports) and the task page (updates, evidence, review, audit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.audit.services import history
from theodoi.planning.models import ProgressUpdate, Task
from theodoi.planning.selectors.obligations import sent_late
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can, reopenable, restrict
from theodoi.web.forms import TaskFilterForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors import facts
from theodoi.web.selectors.tasks import TaskFilter, task_list_rows, task_rows
from theodoi.web.selectors.units import in_tree_order
from theodoi.web.views.common import get_allowed, own_unit_filter, today

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


def _lead_choices(user) -> list[tuple[str, str]]:
    """Lead units of the readable tasks and the readable units above them (a dashboard links
    a commune's subtree as ``?lead=<commune>``), in tree order."""
    from theodoi.tenancy.permissions import restrict
    from theodoi.web.selectors.tasks import task_queryset

    paths = set(task_queryset(user).exclude(lead_unit=None).values_list("lead_unit__path", flat=True))
    prefixes = {p[: i + 1] for p in paths for i, ch in enumerate(p) if ch == "/" and i}
    # The lead units of tasks the user reads are named on those tasks already, so they are
    # choices even where the user may not open the unit itself (a leader reads a task led by
    # a sibling office); the units above them only where the user may read them.
    above = restrict(Unit.objects.filter(path__in=prefixes), user, "view").values_list("pk", flat=True)
    units = Unit.objects.filter(Q(path__in=paths) | Q(pk__in=above))
    return [(u.slug, u.name) for u in in_tree_order(list(units.only("slug", "name", "path")))]


@login_required
def task_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    units = _lead_choices(request.user)
    params, own = own_unit_filter(request, "lead", fmt)
    asked = params.get("lead")
    if asked and asked not in {slug for slug, _name in units}:
        # A unit that leads nothing itself (a village): still a valid, empty filter when readable.
        units.append((asked, get_allowed(Unit.objects.all(), request.user, slug=asked).name))
    form = TaskFilterForm(params or None, status_choices=facts.task_status_choices(), unit_choices=units)
    data = form.cleaned_data if form.is_valid() else {}
    lead = Unit.objects.filter(slug=data["lead"]).first() if data.get("lead") else None
    f = TaskFilter(q=data.get("q", ""), lead=lead, status=data.get("status", ""),
                   overdue=bool(data.get("overdue")), funded=bool(data.get("funded")))
    rows, totals = task_list_rows(request.user, f, today())  # whole rows built for the page shown only
    listing = Listing(_("Nhiệm vụ"), TASK_COLUMNS, rows, "nhiem-vu", meta=totals)
    return respond(request, listing, "web/list.html", {"filter_form": form, "own_unit": own}, fmt)


@login_required
def task_detail(request: HttpRequest, uid: str) -> HttpResponse:
    task = get_allowed(Task.objects.select_related("document", "lead_unit", "responsible_person"),
                       request.user, uid=uid)
    row = task_rows(request.user, Task.objects.filter(pk=task.pk), today())[0]
    updates = list(
        restrict(ProgressUpdate.objects.filter(task=task), request.user, "view")
        .select_related("unit", "submitted_by", "reviewed_by").prefetch_related("evidence")
        .order_by("-period_end", "-id")
    )
    approvable = set(
        restrict(ProgressUpdate.objects.filter(task=task), request.user, "approve").values_list("pk", flat=True)
    )
    reopen_ok = set(reopenable(ProgressUpdate.objects.filter(task=task), request.user).values_list("pk", flat=True))
    for u in updates:
        u.can_review = u.pk in approvable
        u.can_reopen = u.pk in reopen_ok
        u.sent_late = sent_late(u, task.document.monthly_due_day)
    trail = list(history(task))
    for u in updates[:12]:
        trail += list(history(u))
    trail.sort(key=lambda e: e.seq, reverse=True)
    science = _science(task) if task.is_science_task else {}
    return render(request, "web/task_detail.html", {**science,
        "task": task, "row": row, "updates": updates, "trail": trail[:60],
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
