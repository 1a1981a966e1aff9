"""What the task and target pages show, besides their status row: the reported updates or
figures the reader may see (with what the reader may do to each), their audit trail, the
target's forecast. The views parse the request, call these and render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from theodoi.audit.services import history
from theodoi.domain.forecast import Forecast
from theodoi.planning.models import Measurement, ProgressUpdate, Target, Task
from theodoi.planning.selectors.obligations import sent_late
from theodoi.planning.selectors.status import row_forecast, target_deadline, target_status
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import reopenable, restrict
from theodoi.tenancy.tree import in_tree_order


def reported(user: Any, qs: QuerySet[Any], due_day: int, order: tuple[str, ...],
             related: tuple[str, ...]) -> list[Any]:
    """The updates or figures of ``qs`` the user may read, newest first, each marked
    ``can_review``, ``can_reopen`` (tenancy.permissions) and ``sent_late`` (its duty's due day)."""
    items = list(restrict(qs, user, "view").select_related(*related).prefetch_related("evidence").order_by(*order))
    approvable = set(restrict(qs, user, "approve").values_list("pk", flat=True))
    reopen_ok = set(reopenable(qs, user).values_list("pk", flat=True))
    for item in items:
        item.can_review = item.pk in approvable
        item.can_reopen = item.pk in reopen_ok
        item.sent_late = sent_late(item, due_day)
    return items


def trail(obj: Model, items: list[Any], most: int = 60) -> list[Any]:
    """The audit events of ``obj`` and of its 12 latest items, newest first."""
    events = list(history(obj))
    for item in items[:12]:
        events += list(history(item))
    events.sort(key=lambda e: e.id, reverse=True)  # id orders records across chains
    return events[:most]


def task_updates(user: Any, task: Task) -> list[ProgressUpdate]:
    return reported(user, ProgressUpdate.objects.filter(task=task), task.document.monthly_due_day,
                    ("-period_end", "-id"), ("unit", "unit__parent", "submitted_by", "reviewed_by"))


def target_figures(user: Any, target: Target) -> list[Measurement]:
    return reported(user, Measurement.objects.filter(target=target), target.document.monthly_due_day,
                    ("-period_end", "unit__path"), ("unit", "unit__parent", "entered_by", "reviewed_by"))


@dataclass(frozen=True)
class Outlook:
    f: Forecast
    deadline: dt.date | None


def target_outlook(target: Target, day: dt.date) -> Outlook | None:
    """The target's forecast at its deadline (``domain.forecast``) from its official series
    (``planning.selectors.status``), None without a deadline, a goal or enough figures."""
    f = row_forecast(target_status(target, day), day)
    return Outlook(f, target_deadline(target)) if f is not None else None


def continued(user: Any, task: Task) -> list[dict[str, Any]]:
    """The tasks of a replaced plan that ``task`` continues, each with its 12 latest readable
    reports (their history stays theirs)."""
    return [{"task": old, "updates": list(restrict(ProgressUpdate.objects.filter(task=old), user, "view")
                                          .order_by("-period_end", "-id")[:12])}
            for old in restrict(task.continues.select_related("document"), user, "view")]


@dataclass
class UnitPage:
    plans: list[Any]
    tasks: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    children: list[Any]
    people: list[Any]
    successors: list[Any]
    second_factor_off: set[int]


def unit_page(user: Any, unit: Unit, day: dt.date) -> UnitPage:
    """The unit page: the plans it issued (the latest 50), the tasks it leads and the targets it
    answers for (official rows), its units below (an abolished unit still lists the abolished
    units it had), its people when the reader may see them, its successors once abolished, and
    the people whose second factor the reader may turn off."""
    from theodoi.planning.selectors.history import current_successors
    from theodoi.tenancy.permissions import can
    from theodoi.web.selectors import plans as plan_sel
    from theodoi.web.selectors import units as unit_sel
    from theodoi.web.selectors.targets import targets
    from theodoi.web.selectors.tasks import TaskFilter, tasks

    alive = unit.is_active_on(day)
    people = unit_sel.people(user, unit) if can(user, "view", unit) else []
    return UnitPage(
        plans=list(plan_sel.plan_queryset(user).filter(issuer=unit).order_by("-issued_date")[:50]),
        tasks=tasks(user, TaskFilter(lead=unit), day), targets=targets(user, unit=unit, today=day),
        children=in_tree_order(list(unit_sel.units(user, under=unit, day=day if alive else None)
                                             .filter(parent=unit))),
        people=people, successors=[] if alive else current_successors(unit, day),
        second_factor_off=second_factor_resettable(user, unit, people),
    )


def second_factor_resettable(user: Any, unit: Unit, people: list[Any]) -> set[int]:
    """Ids of the people whose second factor the viewer, an administrator over ``unit``, may turn off
    (the page of that action checks again, person by person)."""
    from theodoi.tenancy.models import SecondFactor
    from theodoi.tenancy.permissions import scope

    if not people or not scope(user, "manage").covers(unit):
        return set()
    ids = {m.user_id for m in people if m.user_id != user.pk}
    return set(SecondFactor.objects.filter(user_id__in=ids, confirmed_at__isnull=False)
               .values_list("user_id", flat=True))
