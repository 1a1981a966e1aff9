"""What the public portal (and the public API) may show: the only reader for anonymous pages.

Guarantees, whoever asks:

* a plan is shown only when ``Document.is_public`` and not ``confidential`` (and not a stub);
* a target only when not ``confidential``; a task only when ``is_public`` and not ``confidential``;
* progress and figures come from **approved** updates and measurements only;
* budget and disbursement only for tasks with ``finance_public``;
* nothing about people (who reported, who approved, contacts of citizens), no difficulties,
  proposals, review notes or evidence files.

Every function returns plain dataclasses so templates and API schemas cannot reach into
related objects the rules above did not vet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from theodoi.domain import periods
from theodoi.domain.status import TASK_LABELS, comparator_sign, task_code
from theodoi.domain.text import shorten, vi_sort_key
from theodoi.planning.models import Document, ProgressUpdate, ReviewState, Target, Task
from theodoi.planning.selectors.history import PlanEnd, end_label, plan_ends
from theodoi.planning.selectors.status import target_rows, task_facts
from theodoi.planning.selectors.texts import unit_label
from theodoi.portal.models import Feedback
from theodoi.tenancy.models import Unit, UnitKind


@dataclass
class PublicUpdate:
    period_key: str
    period_end: dt.date
    percent: Decimal | None
    work_done: str
    outputs_delivered: str
    period_label: str = ""


@dataclass
class PublicTask:
    uid: str
    code: str
    title: str
    description: str
    lead_unit: str
    outputs: str
    deadline_text: str
    due_date: dt.date | None
    status: str
    status_code: str
    percent: Decimal | None
    period_key: str
    period_label: str
    finance_public: bool
    budget: Decimal | None
    disbursed_total: Decimal | None
    plan_uid: str
    plan_label: str
    updates: list[PublicUpdate] = field(default_factory=list)
    section: str = ""  # the title of the group the task belongs to ("" at the plan's top level)


@dataclass
class PublicTarget:
    uid: str
    code: str
    text: str
    area: str
    comparator: str
    goal: Decimal | None
    goal_max: Decimal | None
    unit_of_measure: str
    deadline_year: int | None
    value: Decimal | None
    period_key: str
    period_label: str
    status: str
    status_code: str


@dataclass
class PublicPlan:
    uid: str
    number: str
    title: str
    doc_type: str
    issuer: str
    issuer_slug: str
    province: str
    province_slug: str
    issued_date: dt.date | None
    period_start: int | None
    period_end: int | None
    status: str
    ended_on: dt.date | None = None  # last day of the issuer, when it ceased to exist (planning.selectors.history)
    handed_to: list[str] = field(default_factory=list)  # units now carrying out its tasks
    targets: list[PublicTarget] = field(default_factory=list)
    tasks: list[PublicTask] = field(default_factory=list)
    task_sections: list[tuple[str, list[PublicTask]]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.number or self.doc_type




def period_label(key: str) -> str:
    """"Tháng 5/2026"-style label of a period key; the key itself if it cannot be read."""
    if not key:
        return ""
    try:
        return str(periods.as_period(key).label(gettext))
    except (ValueError, TypeError, AttributeError):
        return key


def public_documents() -> QuerySet[Document]:
    return Document.objects.public().select_related("issuer", "issuer__parent")


def public_tasks_qs() -> QuerySet[Task]:
    return Task.objects.filter(is_public=True, confidential=False, document__in=public_documents())


def public_targets_qs() -> QuerySet[Target]:
    return Target.objects.filter(confidential=False, document__in=public_documents())


class _Provinces:
    """Every province, loaded once, to name the province of any unit by its materialised path."""

    def __init__(self) -> None:
        self.by_path = {u.path: u for u in Unit.objects.filter(kind=UnitKind.PROVINCE)}

    def of(self, unit: Unit | None) -> Unit | None:
        if unit is None:
            return None
        return next((p for path, p in self.by_path.items() if unit.path.startswith(path)), None)


def _plan(doc: Document, provinces: _Provinces, ends: dict[int, PlanEnd] | None = None) -> PublicPlan:
    prov = provinces.of(doc.issuer)
    end = (ends or {}).get(doc.pk)
    return PublicPlan(
        uid=str(doc.uid), number=doc.number, title=doc.title, doc_type=doc.get_doc_type_display(),
        issuer=unit_label(doc.issuer) if doc.issuer else doc.issuer_name,
        issuer_slug=doc.issuer.slug if doc.issuer else "",
        province=prov.name if prov else "", province_slug=prov.slug if prov else "",
        issued_date=doc.issued_date, period_start=doc.period_start, period_end=doc.period_end,
        status=end_label(end) if end else doc.get_status_display(),
        ended_on=end.last_day if end else None, handed_to=[unit_label(u) for u in end.receivers] if end else [],
    )


PLANS_PER_PAGE = 30


def _plans_qs(q: str, province: str) -> QuerySet[Document]:
    from theodoi.web.selectors.search import search

    qs = search(public_documents(), q, ("number", "title", "issuer_name", "issuer__name"))
    if province:
        unit = Unit.objects.filter(slug=province).first()
        if unit is None:
            return qs.none()
        qs = qs.filter(issuer__path__startswith=unit.path)
    return qs.order_by("-issued_date", "number", "id")


def search_plans(q: str = "", province: str = "") -> list[PublicPlan]:
    """Public plans, newest first, filtered by a diacritic-insensitive query and a province slug."""
    provinces = _Provinces()
    docs = list(_plans_qs(q, province))
    ends = plan_ends(docs, timezone.localdate())
    return [_plan(d, provinces, ends) for d in docs]


def plans_page(q: str = "", province: str = "", page: Any = 1) -> tuple[Page, list[PublicPlan]]:
    """One page of :func:`search_plans`, cut in the database: a country's plans cost one page."""
    paged = Paginator(_plans_qs(q, province), PLANS_PER_PAGE).get_page(page)
    provinces = _Provinces()
    ends = plan_ends(list(paged.object_list), timezone.localdate())
    return paged, [_plan(d, provinces, ends) for d in paged.object_list]


def provinces_with_plans() -> list[tuple[str, str]]:
    """(slug, name) of the provinces that have at least one public plan, for the filter."""
    provinces = _Provinces()
    paths = set(public_documents().exclude(issuer=None).values_list("issuer__path", flat=True))
    found = {p.pk: p for path, p in provinces.by_path.items() if any(x.startswith(path) for x in paths)}
    return sorted(((p.slug, p.name) for p in found.values()), key=lambda sn: vi_sort_key(sn[1]))


def group_by_province(plans: list[PublicPlan]) -> list[tuple[str, list[PublicPlan]]]:
    groups: dict[str, list[PublicPlan]] = defaultdict(list)
    for p in plans:
        groups[p.province or _("Trung ương")].append(p)
    return sorted(groups.items(), key=lambda kv: vi_sort_key(kv[0]))


@dataclass
class _Approved:
    """Approved updates of each task (oldest first), as the status rule and the page need them."""

    rows: dict[int, list[dict]]

    def updates(self, task_id: int) -> list[PublicUpdate]:
        return [PublicUpdate(r["period_key"], r["period_end"], r["percent"], r["work_done"],
                             r["outputs_delivered"], period_label(r["period_key"]))
                for r in self.rows.get(task_id, [])]

    def disbursed(self, task_id: int) -> Decimal | None:
        values = [r["disbursed_total"] for r in self.rows.get(task_id, []) if r["disbursed_total"] is not None]
        return values[-1] if values else None


def _approved(task_ids: list[int]) -> _Approved:
    out: dict[int, list[dict]] = defaultdict(list)
    rows = (ProgressUpdate.objects.filter(task_id__in=task_ids, state=ReviewState.APPROVED)
            .order_by("task_id", "period_end", "id")
            .values("task_id", "period_key", "period_end", "percent", "work_done", "outputs_delivered",
                    "disbursed_total", "submitted_at"))
    for r in rows:
        out[r["task_id"]].append(dict(r))
    return _Approved(out)


def _status(t: Task, approved: list[dict], today: dt.date) -> tuple[str, str]:
    """(code, label) of a task from its approved updates only: a submitted but unapproved
    update must not change what the public sees, not even the status."""
    facts = task_facts(t, approved, today, public=True)
    code = task_code(facts, today)
    return code.value, str(TASK_LABELS[code])


def task_items(qs: QuerySet[Task], today: dt.date | None = None) -> list[PublicTask]:
    """Public rows of the (already public) tasks in ``qs``: two queries whatever their number."""
    today = today or timezone.localdate()
    tasks = list(qs.select_related("document", "lead_unit", "lead_unit__parent", "parent")
                 .order_by("document_id", "position", "id"))
    approved = _approved([t.pk for t in tasks])
    items = []
    for t in tasks:
        ups = approved.updates(t.pk)
        code, label = _status(t, approved.rows.get(t.pk, []), today)
        items.append(PublicTask(
            uid=str(t.uid), code=t.code, title=t.title, description=t.description,
            lead_unit=unit_label(t.lead_unit) if t.lead_unit else t.lead_unit_name, outputs=t.outputs,
            deadline_text=t.deadline_text, due_date=t.due_date, status=label, status_code=code,
            percent=ups[-1].percent if ups else None, period_key=ups[-1].period_key if ups else "",
            period_label=ups[-1].period_label if ups else "",
            finance_public=t.finance_public,
            budget=t.budget_planned if t.finance_public else None,
            disbursed_total=approved.disbursed(t.pk) if t.finance_public else None,
            plan_uid=str(t.document.uid), plan_label=t.document.number or shorten(t.document.title, 60),
            updates=ups, section=t.parent.title if t.parent else "",
        ))
    return items


def target_items(qs: QuerySet[Target], today: dt.date | None = None) -> list[PublicTarget]:
    """Public rows of the (already public) targets in ``qs`` with the latest approved figure."""
    today = today or timezone.localdate()
    targets = list(qs.select_related("document", "indicator").order_by("document_id", "position", "id"))
    return [
        PublicTarget(
            uid=str(r.target.uid), code=r.target.code, text=r.target.text, area=r.target.get_area_display(),
            comparator=comparator_sign(r.target.comparator), goal=r.target.value, goal_max=r.target.value_max,
            unit_of_measure=r.target.unit_of_measure,
            deadline_year=r.target.deadline_year, value=r.value, period_key=r.period_key,
            period_label=period_label(r.period_key),
            status=str(r.label), status_code=r.code,
        )
        for r in target_rows(targets, today)
    ]


def _uuid(uid: str) -> UUID:
    try:
        return UUID(str(uid))
    except ValueError as exc:
        raise Http404(_("Không tìm thấy nội dung yêu cầu.")) from exc


def task_sections(tasks: list[PublicTask], groups: set[str]) -> list[tuple[str, list[PublicTask]]]:
    """The tasks under the headings of the plan (its group tasks), in the plan's order, so a long
    plan reads as a few sections a phone opens one at a time; tasks outside any group come under ""."""
    sections: dict[str, list[PublicTask]] = {}
    for t in tasks:
        if t.uid in groups:
            sections.setdefault(t.title, [])
            continue
        sections.setdefault(t.section, []).append(t)
    return [(title, rows) for title, rows in sections.items() if rows]


def plan_page(uid: str, today: dt.date | None = None) -> tuple[Document, PublicPlan]:
    """The public plan with its public targets and tasks; 404 when not public (or missing)."""
    doc = public_documents().filter(uid=_uuid(uid)).first()
    if doc is None:
        raise Http404(_("Không tìm thấy kế hoạch công khai."))
    plan = _plan(doc, _Provinces(), plan_ends([doc], today or timezone.localdate()))
    plan.targets = target_items(public_targets_qs().filter(document=doc), today)
    plan.tasks = task_items(public_tasks_qs().filter(document=doc), today)
    plan.task_sections = task_sections(plan.tasks, {str(u) for u in public_tasks_qs().filter(
        document=doc, children__isnull=False).values_list("uid", flat=True)})
    return doc, plan


def task_page(uid: str, today: dt.date | None = None) -> tuple[Task, PublicTask]:
    """The public task; 404 when it, or its plan, is not public."""
    task = public_tasks_qs().select_related("document").filter(uid=_uuid(uid)).first()
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ công khai."))
    return task, task_items(Task.objects.filter(pk=task.pk), today)[0]


def published_feedback(doc: Document, task: Task | None = None) -> QuerySet[Feedback]:
    """Answered feedback shown publicly: on the plan itself (task None) or on one task."""
    qs = Feedback.objects.published().filter(document=doc)
    return qs.filter(task=task) if task is not None else qs.filter(task__isnull=True)


def plan_feedback(doc: Document) -> list[Feedback]:
    """Every answered feedback shown publicly about a plan and its tasks (the API's list)."""
    return list(Feedback.objects.published().filter(document=doc).select_related("task"))


def finance_summary(plan: PublicPlan) -> dict[str, Decimal | int] | None:
    """Totals over the tasks whose finance is public, or None when none is."""
    shown = [t for t in plan.tasks if t.finance_public]
    if not shown:
        return None
    return {
        "tasks": len(shown),
        "budget": sum((t.budget or Decimal(0) for t in shown), Decimal(0)),
        "disbursed": sum((t.disbursed_total or Decimal(0) for t in shown), Decimal(0)),
    }


def staff_feedback(user: Any, status: str = "") -> QuerySet[Feedback]:
    """The feedback a staff member may read (of ``status`` when given), at most 500, for the staff list."""
    from theodoi.tenancy.permissions import restrict

    qs = restrict(Feedback.objects.all(), user, "view").select_related("document", "task")
    return (qs.filter(status=status) if status else qs)[:500]


def feedback_of_uid(uid: Any) -> Feedback | None:
    """One feedback by its uid, with what its page shows (the page checks who may see it)."""
    return Feedback.objects.select_related("document", "task", "answered_by").filter(uid=uid).first()
