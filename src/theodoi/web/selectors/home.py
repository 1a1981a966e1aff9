"""What a signed-in person must do now: tasks and targets to report, items waiting for approval."""

from __future__ import annotations

from typing import Any

from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState, RunState, Target, Task
from theodoi.tenancy.permissions import restrict, units_for


def to_report(user: Any, period_key: str) -> list[dict[str, Any]]:
    """Active tasks the user reports for, with the state of this period's update (one query each)."""
    tasks = list(
        restrict(Task.objects.filter(run_state=RunState.ACTIVE, children__isnull=True), user, "report")
        .select_related("lead_unit", "document").order_by("due_date", "position")[:200]
    )
    states = dict(
        ProgressUpdate.objects.filter(task__in=tasks, period_key=period_key)
        .values_list("task_id", "state")
    )
    return [{"task": t, "state": states.get(t.pk, ""), "done": states.get(t.pk) in
             (ReviewState.SUBMITTED, ReviewState.APPROVED)} for t in tasks]


def figures_to_report(user: Any, period_key: str) -> list[dict[str, Any]]:
    units = units_for(user, "report")
    targets = list(
        restrict(Target.objects.filter(responsible_unit__in=units), user, "report")
        .select_related("document", "responsible_unit").order_by("document", "position")[:200]
    )
    states = dict(
        Measurement.objects.filter(target__in=targets, period_key=period_key).values_list("target_id", "state")
    )
    return [{"target": t, "state": states.get(t.pk, ""), "done": states.get(t.pk) in
             (ReviewState.SUBMITTED, ReviewState.APPROVED)} for t in targets]


def awaiting_approval(user: Any) -> tuple[list[ProgressUpdate], list[Measurement]]:
    updates = list(
        restrict(ProgressUpdate.objects.filter(state=ReviewState.SUBMITTED), user, "approve")
        .select_related("task", "unit", "submitted_by").order_by("submitted_at")[:200]
    )
    figures = list(
        restrict(Measurement.objects.filter(state=ReviewState.SUBMITTED), user, "approve")
        .select_related("target", "unit", "submitted_by").order_by("submitted_at")[:200]
    )
    return updates, figures
