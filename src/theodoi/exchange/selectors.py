"""What a unit's bulk export holds: the rows of each kind, read with the reader's permissions.

* task assignments: the tasks (not group headings) of the plans issued in the unit's
  subtree and the tasks led there, that the reader may see;
* progress: one row per task led in the subtree and period, with the update if there is one;
* figures: one row per target the subtree answers for (its responsible unit, or the unit
  itself for its own plans' targets) and period, plus every figure already entered in the
  subtree for that period (villages' figures too).

The period of a row is the one asked for or, without one, the period open today under the
plan's monthly due day (``domain.periods.open_period``, the rule of the reporting forms).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from theodoi.domain.periods import Period, open_period
from theodoi.exchange.format import FIGURE, PROGRESS, TASK
from theodoi.planning.models import Document, Measurement, ProgressUpdate, Target, Task
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict


def _plan_name(doc: Document) -> str:
    return doc.number or doc.title


def _period_for(doc: Document, period: Period | None, today: dt.date) -> Period:
    return period if period is not None else open_period(today, doc.monthly_due_day or 15)


def _tasks(user: Any, unit: Unit, plan: Document | None) -> QuerySet[Task]:
    qs = restrict(Task.objects.filter(children__isnull=True), user, "view").filter(
        Q(lead_unit__path__startswith=unit.path) | Q(document__issuer__path__startswith=unit.path))
    if plan is not None:
        qs = qs.filter(document=plan)
    return qs.select_related("document", "lead_unit", "lead_unit__parent", "responsible_person").order_by(
        "document__issued_date", "document_id", "position", "id")


def task_rows(user: Any, unit: Unit, plan: Document | None = None) -> list[dict[str, Any]]:
    rows = []
    for t in _tasks(user, unit, plan):
        rows.append({
            "kind": TASK, "uid": str(t.uid), "version": t.version, "code": t.code, "name": t.title,
            "plan": _plan_name(t.document),
            "lead_unit": t.lead_unit.slug if t.lead_unit else "",
            "lead_unit_label": unit_label(t.lead_unit) if t.lead_unit else t.lead_unit_name,
            "responsible_person": t.responsible_person.username if t.responsible_person else "",
            "coordinating_text": t.coordinating_text, "responsibility": t.responsibility, "outputs": t.outputs,
            "approving_authority": t.approving_authority, "deadline_text": t.deadline_text,
            "start_date": t.start_date, "due_date": t.due_date, "budget_planned": t.budget_planned,
            "funding_source": t.funding_source,
        })
    return rows


def progress_rows(user: Any, unit: Unit, plan: Document | None = None, period: Period | None = None,
                  today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    tasks = [t for t in _tasks(user, unit, plan) if t.lead_unit and t.lead_unit.path.startswith(unit.path)]
    wanted = {t.pk: _period_for(t.document, period, today).key for t in tasks}
    updates = {
        (u.task_id, u.period_key): u
        for u in restrict(ProgressUpdate.objects.filter(task_id__in=list(wanted)), user, "view")
        if wanted.get(u.task_id) == u.period_key
    }
    rows = []
    for t in tasks:
        key = wanted[t.pk]
        u = updates.get((t.pk, key))
        assert t.lead_unit is not None
        row: dict[str, Any] = {
            "kind": PROGRESS, "uid": str(t.uid), "unit": t.lead_unit.slug, "period": key,
            "version": u.version if u else None, "code": t.code, "name": t.title, "plan": _plan_name(t.document),
            "unit_name": unit_label(t.lead_unit), "state": u.get_state_display() if u else "",
        }
        for f in ("percent", "work_done", "outputs_delivered", "disbursed_total", "difficulties", "proposals"):
            row[f] = getattr(u, f) if u else None
        rows.append(row)
    return rows


def _targets(user: Any, unit: Unit, plan: Document | None) -> QuerySet[Target]:
    qs = restrict(Target.objects.all(), user, "view").filter(
        Q(responsible_unit__path__startswith=unit.path)
        | Q(responsible_unit__isnull=True, document__issuer__path__startswith=unit.path))
    if plan is not None:
        qs = qs.filter(document=plan)
    return qs.select_related("document", "responsible_unit", "indicator").order_by(
        "document__issued_date", "document_id", "position", "id")


def figure_rows(user: Any, unit: Unit, plan: Document | None = None, period: Period | None = None,
                today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    targets = list(_targets(user, unit, plan))
    wanted = {t.pk: _period_for(t.document, period, today).key for t in targets}
    entered = [m for m in restrict(Measurement.objects.filter(target_id__in=list(wanted)), user, "view")
               .filter(unit__path__startswith=unit.path).select_related("unit", "unit__parent")
               .order_by("unit__path") if wanted.get(m.target_id) == m.period_key]
    by_target: dict[int, list[Measurement]] = {}
    for m in entered:
        by_target.setdefault(m.target_id, []).append(m)
    rows = []
    for t in targets:
        own = t.responsible_unit if t.responsible_unit else unit
        figures = by_target.get(t.pk, [])
        pairs: list[tuple[Unit, Measurement | None]] = [(m.unit, m) for m in figures]
        if not any(m.unit_id == own.pk for m in figures):
            pairs.insert(0, (own, None))
        for who, m in pairs:
            rows.append({
                "kind": FIGURE, "uid": str(t.uid), "unit": who.slug, "period": wanted[t.pk],
                "version": m.version if m else None, "code": t.code, "name": t.text, "plan": _plan_name(t.document),
                "unit_name": unit_label(who), "state": m.get_state_display() if m else "",
                "unit_of_measure": t.unit_of_measure,
                "value": m.value if m else None, "numerator": m.numerator if m else None,
                "denominator": m.denominator if m else None, "source": m.source if m else "",
                "note": m.note if m else "",
            })
    return rows


def export_tables(user: Any, unit: Unit, plan: Document | None = None, period: Period | None = None,
                  kinds: tuple[str, ...] = (TASK, PROGRESS, FIGURE),
                  today: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows of each asked kind, in the format's kind order."""
    builders = {TASK: lambda: task_rows(user, unit, plan),
                PROGRESS: lambda: progress_rows(user, unit, plan, period, today),
                FIGURE: lambda: figure_rows(user, unit, plan, period, today)}
    return {k: builders[k]() for k in (TASK, PROGRESS, FIGURE) if k in kinds}


def kpi_rows(owner: Unit, catalogue: list[Any]) -> list[dict[str, Any]]:
    """What ``owner`` may map to national KPIs: each indicator of the plans issued in its subtree
    (once), and each target without an indicator; with its mapping and the likeliest KPIs."""
    from theodoi.exchange import kpi
    from theodoi.exchange.models import KpiMapping

    mine = {("i", m.indicator_id) if m.indicator_id else ("t", m.target_id): m
            for m in KpiMapping.objects.filter(owner=owner)}
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    for t in (Target.objects.filter(document__issuer__path__startswith=owner.path)
              .exclude(document__status="stub").select_related("indicator", "document")
              .order_by("document__issued_date", "document_id", "position", "id")):
        ref: tuple[str, int] = ("i", t.indicator_id) if t.indicator_id else ("t", t.pk)
        if ref in seen:
            continue
        seen.add(ref)
        label = t.indicator.name if t.indicator else t.text
        rows.append({
            "ref": f"indicator:{t.indicator.code}" if t.indicator else f"target:{t.uid}",
            "label": label, "code": t.indicator.code if t.indicator else t.code,
            "plan": _plan_name(t.document), "mapping": mine.get(ref),
            "suggestions": kpi.suggest(label, catalogue, unit_of_measure=t.unit_of_measure),
        })
    return rows
