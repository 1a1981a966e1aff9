"""What a unit must report for a month: its tasks' updates and its targets' figures, with their state.

A task needs an update from its lead unit when its plan is active and issued by the
end of the period, it is not a group heading, it is running (not paused or stopped),
it had started by the end of the period and was not completed before the period began. A target needs a figure
from its responsible unit, from the units named to report on it (``Target.reporting_units``,
villages included) and from every unit that has already reported on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from theodoi.domain import periods
from theodoi.planning.models import (
    DocStatus,
    Measurement,
    ProgressUpdate,
    ReviewState,
    RunState,
    Target,
    Task,
)
from theodoi.planning.selectors.status import PLAN_TEXT
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import scope, units_for

MISSING = "missing"
STATE_LABELS = {
    MISSING: _("Chưa nhập"), ReviewState.DRAFT: _("Chưa gửi"), ReviewState.SUBMITTED: _("Đã gửi"),
    ReviewState.RETURNED: _("Bị trả lại"), ReviewState.APPROVED: _("Đã duyệt"),
}


@dataclass
class Obligation:
    """One thing to report: a task's update or a target's figure, for one unit and one period."""

    kind: str  # "task" | "target"
    obj: Task | Target
    unit: Unit
    period_key: str
    due: dt.date
    state: str  # "missing" or a ReviewState value
    item: ProgressUpdate | Measurement | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    @property
    def done(self) -> bool:
        """Sent (submitted or approved): nothing left for the unit to do this period."""
        return self.state in (ReviewState.SUBMITTED, ReviewState.APPROVED)

    @property
    def late(self) -> bool:
        sent_at = getattr(self.item, "submitted_at", None)
        return bool(sent_at and sent_at.date() > self.due)

    @property
    def version(self) -> int | None:
        return self.item.version if self.item is not None else None


def expected_tasks(units: QuerySet[Unit] | Iterable[Unit], period: Any) -> QuerySet[Task]:
    """Tasks whose lead unit is among ``units`` and that need an update for ``period``."""
    return (Task.objects.filter(lead_unit__in=units, document__status=DocStatus.ACTIVE, run_state=RunState.ACTIVE,
                                children__isnull=True)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=period.end))
            .filter(Q(document__issued_date__isnull=True) | Q(document__issued_date__lte=period.end))
            .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=period.start))
            .exclude(Exists(ProgressUpdate.objects.filter(  # approved at 100% in an earlier month
                task=OuterRef("pk"), state=ReviewState.APPROVED, percent__gte=100, period_end__lt=period.start)))
            .select_related("document", "lead_unit", "lead_unit__parent").defer(*PLAN_TEXT)
            .order_by("lead_unit__path", "document_id", "position"))


def expected_pairs(units: QuerySet[Unit] | Iterable[Unit]) -> set[tuple[int, int]]:
    """(target id, unit id) of the figures ``units`` owe: responsible units, units named to report
    and units that already report (three queries)."""
    unit_ids = [u.pk for u in units] if not isinstance(units, QuerySet) else list(units.values_list("pk", flat=True))
    active = Target.objects.filter(document__status=DocStatus.ACTIVE)
    pairs: set[tuple[int, int]] = set(active.filter(responsible_unit_id__any=unit_ids)
                                      .values_list("pk", "responsible_unit_id"))
    pairs |= set(Target.reporting_units.through.objects.filter(
        unit_id__any=unit_ids, target__document__status=DocStatus.ACTIVE).values_list("target_id", "unit_id"))
    # no order: the model's ordering would join the plans and units and put each figure's period in the
    # DISTINCT, one row per figure instead of one per pair. The active targets as a semi-join (``IN``),
    # not a join on the figures: PostgreSQL reads the (target, unit) pairs from the unique index
    # (target, unit, period) in its order, index only, and keeps each pair once as it goes, instead of
    # joining every figure of all time with its target and plan and hashing them (docs/scale.md).
    pairs |= set(Measurement.objects.filter(unit_id__any=unit_ids, target_id__in=active.values("pk"))
                 .order_by().values_list("target_id", "unit_id").distinct())
    return pairs


def expected_targets(units: QuerySet[Unit] | Iterable[Unit]) -> list[tuple[Target, Unit]]:
    """(target, unit) pairs that need a figure (``expected_pairs``), with their objects."""
    pairs = expected_pairs(units)
    targets = Target.objects.select_related("document").in_bulk({t for t, _u in pairs})
    unit_map = Unit.objects.select_related("parent").in_bulk({u for _t, u in pairs})
    out = [(targets[t], unit_map[u]) for t, u in pairs]
    out.sort(key=lambda p: (p[1].path, p[0].document_id, p[0].position))
    return out


def states_for_units(units: QuerySet[Unit] | Iterable[Unit], period: Any) -> list[tuple[int, str]]:
    """(unit id, state) of every obligation of ``units`` for ``period``, as ``obligations_for_units``
    gives them, read as ids and states only (a few narrow queries: no task, target or item object),
    for a caller that counts them (the dashboard's completeness panel)."""
    period = periods.as_period(period)
    tasks = list(expected_tasks(units, period).values_list("pk", "lead_unit_id"))
    # no order (one item per task or target, unit and period: a dict): the models' orderings would join
    # the tasks, targets, plans and units to sort rows that are only looked up
    updates = {(t, u): st for t, u, st in ProgressUpdate.objects.filter(
        task_id__any=[pk for pk, _u in tasks], period_key=period.key).order_by()
        .values_list("task_id", "unit_id", "state")}
    out = [(unit_id, updates.get((pk, unit_id), MISSING)) for pk, unit_id in tasks]
    pairs = expected_pairs(units)
    figures = {(t, u): st for t, u, st in Measurement.objects.filter(
        target_id__any={t for t, _u in pairs}, period_key=period.key).order_by()
        .values_list("target_id", "unit_id", "state")}
    out += [(unit_id, figures.get((pk, unit_id), MISSING)) for pk, unit_id in pairs]
    return out


def obligations_for_units(units: QuerySet[Unit] | Iterable[Unit], period: Any) -> list[Obligation]:
    """Every obligation of ``units`` for ``period`` (a Period or its key), in a few queries."""
    period = periods.as_period(period)
    tasks = list(expected_tasks(units, period))
    updates: dict[tuple[int, int | None], ProgressUpdate] = {
        (u.task_id, u.unit_id): u for u in ProgressUpdate.objects.filter(
        task__in=[t.pk for t in tasks], period_key=period.key)}
    out = []
    for t in tasks:
        item = updates.get((t.pk, t.lead_unit_id))
        # expected_tasks gives tasks whose lead unit is among ``units``: never None
        out.append(Obligation("task", t, cast(Unit, t.lead_unit), period.key,
                              periods.due_date(period, t.document.monthly_due_day),
                              item.state if item else MISSING, item))
    pairs = expected_targets(units)
    figures = {(m.target_id, m.unit_id): m for m in Measurement.objects.filter(
        target_id__in={t.pk for t, _u in pairs}, period_key=period.key)}
    docs_due = {}
    for target, unit in pairs:
        if target.document_id not in docs_due:
            docs_due[target.document_id] = periods.due_date(period, target.document.monthly_due_day)
        figure = figures.get((target.pk, unit.pk))
        out.append(Obligation("target", target, unit, period.key, docs_due[target.document_id],
                              figure.state if figure else MISSING, figure))
    return out


def open_obligations(user: Any, today: dt.date) -> list[Obligation]:
    """What ``user`` must report now: each plan's items in that plan's open period
    (``periods.open_period`` for its due day), so a plan due on the 5th asks for May on 3 June
    while a plan due on the 15th asks for June."""
    if scope(user, "report").everything:
        return []
    units = list(units_for(user, "report"))
    days = _due_days(units)
    out: list[Obligation] = []
    for due_day in sorted(days):
        period = periods.open_period(today, due_day)
        out += [o for o in obligations_for_units(units, period) if o.obj.document.monthly_due_day == due_day]
    return out


def _due_days(units: list[Unit]) -> set[int]:
    """The monthly due days of the active plans the units report on."""
    day = "document__monthly_due_day"
    active = {"document__status": DocStatus.ACTIVE}
    return {*Task.objects.filter(lead_unit__in=units, **active).values_list(day, flat=True).distinct(),
            *Target.objects.filter(responsible_unit__in=units, **active).values_list(day, flat=True).distinct(),
            *Target.objects.filter(reporting_units__in=units, **active).values_list(day, flat=True).distinct(),
            *Measurement.objects.filter(unit__in=units).order_by().values_list(f"target__{day}", flat=True).distinct()}


def obligations(user: Any, period: Any) -> list[Obligation]:
    """What ``user`` must report for ``period``: obligations of the units they report for."""
    if scope(user, "report").everything:
        return []  # a superuser reports for nobody in particular
    return obligations_for_units(units_for(user, "report"), period)


@dataclass
class PeriodChoice:
    """One month of the forms' period picker, with the state of this item for it."""

    period: Any
    due: dt.date
    state: str  # "missing" or a ReviewState value
    is_open: bool  # the month being reported now
    overdue: bool  # due date passed and not sent: still reportable, marked late

    @property
    def key(self) -> str:
        return str(self.period.key)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))


def period_choices(states: dict[str, str], today: dt.date, due_day: int, n: int = 6) -> list[PeriodChoice]:
    """The open month and the ``n - 1`` before it (``domain.periods.reportable_months``), newest first."""
    open_ = periods.open_period(today, due_day)
    out = []
    for p in periods.reportable_months(today, due_day, n):
        state = states.get(p.key, MISSING)
        due = periods.due_date(p, due_day)
        sent = state in (ReviewState.SUBMITTED, ReviewState.APPROVED)
        out.append(PeriodChoice(p, due, state, p == open_, not sent and periods.is_late(p, today, due_day)))
    return out


def task_period_choices(task: Task, today: dt.date) -> list[PeriodChoice]:
    states = dict(ProgressUpdate.objects.filter(task=task, unit=task.lead_unit)
                  .values_list("period_key", "state"))
    return period_choices(states, today, task.document.monthly_due_day)


def target_period_choices(target: Target, unit: Unit, today: dt.date) -> list[PeriodChoice]:
    states = dict(Measurement.objects.filter(target=target, unit=unit).values_list("period_key", "state"))
    return period_choices(states, today, target.document.monthly_due_day)


def late_obligations(user: Any, today: dt.date) -> list[Obligation]:
    """What ``user`` has not sent for each plan's last closed month (``periods.closed_period``):
    still reportable from the forms, and marked late when sent."""
    if scope(user, "report").everything:
        return []
    units = list(units_for(user, "report"))
    out: list[Obligation] = []
    for day in sorted(_due_days(units)):
        closed = periods.closed_period(today, day)
        out += [x for x in obligations_for_units(units, closed)
                if x.obj.document.monthly_due_day == day and not x.done]
    return out


def sent_late(item: Any, due_day: int) -> bool:
    """Whether an update or figure was sent after its period's due date (``domain.periods.is_late``
    on the Hanoi date it was submitted): the mark shown beside it."""
    from django.utils import timezone

    sent_at = getattr(item, "submitted_at", None)
    if not sent_at:
        return False
    return periods.is_late(periods.Period.parse(item.period_key), timezone.localtime(sent_at).date(), due_day)


def stored_update(task: Task, period_key: str) -> ProgressUpdate | None:
    """The lead unit's update of ``task`` for the period (the one the form edits), if any."""
    return ProgressUpdate.objects.filter(task=task, unit=task.lead_unit, period_key=period_key).first()


def stored_figure(target: Target, unit: Unit, period_key: str) -> Measurement | None:
    """``unit``'s figure of ``target`` for the period (the one the form edits), if any."""
    return Measurement.objects.filter(target=target, unit=unit, period_key=period_key).first()
