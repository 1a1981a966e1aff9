"""The "6 rõ" check: a task is properly assigned only when all six are clear.

rõ người (a responsible unit and person), rõ việc (the work), rõ thời gian (a deadline
or a recurrence), rõ trách nhiệm (the responsibility), rõ sản phẩm (the output),
rõ thẩm quyền (the approving authority). Targets must have a measurable indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from theodoi.planning.models import DocStatus, Target, Task
from theodoi.tenancy.permissions import restrict


@dataclass(frozen=True)
class Clear:
    code: str
    label: Any


PERSON = Clear("nguoi", _("Rõ người"))
WORK = Clear("viec", _("Rõ việc"))
TIME = Clear("thoi_gian", _("Rõ thời gian"))
RESPONSIBILITY = Clear("trach_nhiem", _("Rõ trách nhiệm"))
OUTPUT = Clear("san_pham", _("Rõ sản phẩm"))
AUTHORITY = Clear("tham_quyen", _("Rõ thẩm quyền"))
SIX = (PERSON, WORK, TIME, RESPONSIBILITY, OUTPUT, AUTHORITY)


def missing_of(task: Task) -> list[Clear]:
    """Which of the six a task lacks (empty list: properly assigned)."""
    out = []
    if task.lead_unit_id is None or task.responsible_person_id is None:
        out.append(PERSON)
    if not (task.title or "").strip():
        out.append(WORK)
    if task.due_date is None and not task.recurrence:
        out.append(TIME)
    if not (task.responsibility or "").strip():
        out.append(RESPONSIBILITY)
    if not (task.outputs or "").strip():
        out.append(OUTPUT)
    if not (task.approving_authority or "").strip():
        out.append(AUTHORITY)
    return out


@dataclass
class Incomplete:
    task: Task
    missing: list[Clear]

    @property
    def missing_labels(self) -> list[str]:
        return [str(m.label) for m in self.missing]


def incomplete_tasks(user: Any = None, qs: QuerySet[Task] | None = None) -> list[Incomplete]:
    """Tasks of active plans (not group headings) missing any of the "6 rõ", for the standing office."""
    qs = qs if qs is not None else Task.objects.filter(document__status=DocStatus.ACTIVE, children__isnull=True)
    if user is not None:
        qs = restrict(qs, user, "view")
    out = []
    for t in qs.select_related("lead_unit", "lead_unit__parent", "document").order_by("document_id", "position"):
        missing = missing_of(t)
        if missing:
            out.append(Incomplete(t, missing))
    return out


six_clear = incomplete_tasks


def unmeasurable_targets(user: Any = None, qs: QuerySet[Target] | None = None) -> QuerySet[Target]:
    """Targets of active plans with no measurable indicator behind them (no indicator, or no value to reach)."""
    qs = qs if qs is not None else Target.objects.filter(document__status=DocStatus.ACTIVE)
    qs = qs.filter(Q(indicator__isnull=True) | Q(value__isnull=True))
    return restrict(qs, user, "view") if user is not None else qs


@dataclass
class Worklist:
    """A plan's own tasks (not group headings) with what each lacks, and its targets."""

    tasks: list[Incomplete]
    targets: list[Target]

    @property
    def incomplete(self) -> list[Incomplete]:
        return [x for x in self.tasks if x.missing]

    @property
    def targets_unassigned(self) -> list[Target]:
        return [t for t in self.targets if t.responsible_unit_id is None]


def plan_worklist(doc: Any) -> Worklist:
    """The "6 rõ" worklist of one plan: only that plan's tasks, in the document's order."""
    tasks = (Task.objects.filter(document=doc, children__isnull=True)
             .select_related("lead_unit", "responsible_person", "document").order_by("position", "id"))
    targets = (Target.objects.filter(document=doc).select_related("responsible_unit")
               .prefetch_related("reporting_units").order_by("position", "id"))
    return Worklist([Incomplete(t, missing_of(t)) for t in tasks], list(targets))
