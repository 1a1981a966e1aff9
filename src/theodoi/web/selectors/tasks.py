"""Task rows for lists, exports and the dashboard: status, lead unit, deadline, latest progress.

Status is the official one of ``planning.selectors.status.task_rows`` (approved updates,
recurrence, completion), the same the reports and warnings use; nothing here decides what
"overdue" means. "Latest progress" is the newest update the reader may see (it may still
wait for approval: ``review_state`` says so).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Q, QuerySet

from theodoi.planning.models import Document, ProgressUpdate, Task, TaskState
from theodoi.planning.selectors import status as official
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict
from theodoi.tenancy.tree import in_tree_order
from theodoi.web.listing import LazyRows
from theodoi.web.selectors import facts
from theodoi.web.selectors.search import search


@dataclass(frozen=True)
class TaskFilter:
    q: str = ""
    lead: Unit | None = None  # lead unit's subtree
    status: str = ""
    plan_id: int | None = None
    overdue: bool = False
    funded: bool = False  # with a planned budget or a disbursement


def task_queryset(user: Any) -> QuerySet[Task]:
    return restrict(Task.objects.all(), user, "view")


LATEST_FIELDS = ("task_id", "percent", "period_key", "state", "disbursed_total")  # what the rows show


def latest_updates(user: Any, task_ids: Iterable[int], through: dt.date | None = None) -> dict[int, dict[str, Any]]:
    """The newest readable update of each task: the one the task's stored state names (two
    queries), or, where the reader may not read that one or the task has no state yet, the
    newest of the others they may read (one more query, for those tasks only). ``through``: the
    newest of a period ending by that day (a past period): the stored one where its period ends by
    then (it is the newest of those too), else the newest of those the reader may read."""
    ids = list(task_ids)
    newest = dict(TaskState.objects.filter(task_id__any=ids).values_list("task_id", "latest_update_pk"))
    qs = restrict(ProgressUpdate.objects.filter(pk__any=[pk for pk in newest.values() if pk]), user, "view")
    if through is not None:
        qs = qs.filter(period_end__lte=through)
    latest = {u["task_id"]: u for u in qs.order_by().values(*LATEST_FIELDS)}  # no ordering: one row per task
    rest = [pk for pk in ids if pk not in latest and (pk not in newest or newest[pk])]
    if rest:
        qs = restrict(ProgressUpdate.objects.filter(task_id__any=rest), user, "view")
        if through is not None:
            qs = qs.filter(period_end__lte=through)
        for u in qs.order_by("task_id", "-period_end", "-id").values(*LATEST_FIELDS):
            latest.setdefault(u["task_id"], u)
    return latest


def _status_of(t: Any, st: Any, view: Any, upd: dict) -> dict[str, Any]:
    """The status, progress and money columns of a task's row (its whole row and its light row)."""
    return {
        "status": view.label, "status_code": st.code, "overdue": st.overdue, "tone": view.tone,
        "days_overdue": st.days_overdue,
        "percent": upd.get("percent"), "approved_percent": st.percent, "period": upd.get("period_key", ""),
        "last_sent_period": st.last_period, "reported_closed": st.reported_this_period,
        "review_state": upd.get("state", ""),
        "budget": t.budget_planned, "disbursed": upd.get("disbursed_total"),
    }



def task_rows(user: Any, qs: QuerySet[Task], today: dt.date | None = None,
              through: dt.date | None = None) -> list[dict[str, Any]]:
    """Rows with the official status; ``qs`` must already be restricted (three queries in all).
    ``through``: a past period's end, whose rows count only the updates of periods up to it
    (``planning.selectors.status.task_rows``)."""
    today = today or dt.date.today()
    tasks = list(qs.select_related("document", "lead_unit", "lead_unit__parent").defer(*official.PLAN_TEXT)
                 .order_by("document__issued_date", "position", "id"))
    latest = latest_updates(user, [t.pk for t in tasks], through)
    rows = []
    for t, st in zip(tasks, official.task_rows(tasks, today, through=through), strict=True):
        upd = latest.get(t.pk) or {}
        view = facts.task_view(st.code)
        rows.append({
            "code": t.code, "title": t.title,
            "plan": t.document.number or t.document.title,
            "lead_unit": unit_label(t.lead_unit) if t.lead_unit else t.lead_unit_name,
            "lead_slug": t.lead_unit.slug if t.lead_unit else "",
            "lead_path": t.lead_unit.path if t.lead_unit else "",
            "deadline": t.deadline_text, "due_date": t.due_date,
            **_status_of(t, st, view, upd),
            "uid": str(t.uid), "_url": t.get_absolute_url(), "_pk": t.pk,
        })
    return rows


# what the status of a task needs from its row and its plan's (``status.task_rows``)
_LIGHT = ("id", "position", "due_date", "completed_on", "run_state", "recurrence", "budget_planned", "document",
          "document__issued_date", "document__monthly_due_day")
# what a light row reads of each task: its status's inputs (``_LIGHT``) and the row's own columns
_ROW = ("uid", "code", "title", "lead_unit", "lead_unit_name")
_FIELDS = tuple(f for f in (*_LIGHT, *_ROW) if "__" not in f)  # read as values, the plans apart
# the keys of ``task_rows`` a light row leaves out: the plan's name, the deadline as written, the link
HEAVY_KEYS = ("plan", "deadline", "_url")


def unit_labels(ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """(``unit_label``, slug, path) of each unit, read once (one query): rows of many tasks or targets
    name a few units each many times."""
    return {u.pk: (unit_label(u), u.slug, u.path)
            for u in Unit.objects.filter(pk__any=set(ids)).select_related("parent")}


class LightTask:
    """A task as ``light_tasks`` reads it: its columns of ``_LIGHT`` and ``_ROW`` as plain attributes (a
    foreign key as its ``…_id``), its plan as the plan's object; not a model instance (building
    one per task cost six times the query's own reading of the rows)."""

    __slots__ = ("budget_planned", "code", "completed_on", "document", "document_id", "due_date", "id",
                 "lead_unit_id", "lead_unit_name", "position", "recurrence", "run_state", "title", "uid")

    def __init__(self, values: tuple[Any, ...], plans: dict[int, Document]) -> None:
        (self.id, self.position, self.due_date, self.completed_on, self.run_state, self.recurrence,
         self.budget_planned, self.document_id, self.uid, self.code, self.title, self.lead_unit_id,
         self.lead_unit_name) = values  # in the order of _FIELDS
        self.document = plans[self.document_id]

    @property
    def pk(self) -> int:
        return cast(int, self.id)


def light_tasks(qs: QuerySet[Task]) -> list[Any]:
    """The tasks of ``qs`` (already restricted) with only what their status and light rows read
    (``LightTask``), in the order of ``task_rows``; their plans read apart, one object each (a plan
    has many tasks)."""
    rows = list(qs.order_by("document__issued_date", "position", "id").values_list(*_FIELDS))
    at = _FIELDS.index("document")
    plans = Document.objects.only(*(f.split("__")[1] for f in _LIGHT if "__" in f)).in_bulk({r[at] for r in rows})
    return [LightTask(r, plans) for r in rows if r[at] in plans]  # a plan deleted in between: its tasks with it


def task_light_rows(user: Any, tasks: list[Task], today: dt.date, through: dt.date | None = None, *,
                    histories: dict[int, official.TaskHistory] | None = None,
                    units: dict[int, tuple[str, str, str]] | None = None) -> list[dict[str, Any]]:
    """``task_rows`` of ``light_tasks`` without ``HEAVY_KEYS``: every other key has the same value
    (``tests/web/test_light_rows.py``), but no object per row beyond the task's own light one, and
    each unit and label is read once: what a page that counts, ranks and groups every task (the
    dashboard) reads, while it shows a few. ``histories``: the tasks' summaries of the updates up to
    ``through`` when the caller has them (``status.task_rows``); ``units``: the ``unit_labels`` of
    their lead units when the caller has them (the dashboard reads its tasks' and targets' at once)."""
    latest = latest_updates(user, [t.pk for t in tasks], through)
    if units is None:
        units = unit_labels(t.lead_unit_id for t in tasks if t.lead_unit_id)
    views: dict[str, facts.StatusView] = {}
    rows = []
    for t, st in zip(tasks, official.task_rows(tasks, today, through=through, histories=histories),
                     strict=True):
        upd = latest.get(t.pk) or {}
        view = views.get(st.code) or views.setdefault(st.code, facts.task_view(st.code))
        label, slug, path = units[t.lead_unit_id] if t.lead_unit_id else (t.lead_unit_name, "", "")
        rows.append({
            "code": t.code, "title": t.title, "lead_unit": label, "lead_slug": slug, "lead_path": path,
            "due_date": t.due_date,
            **_status_of(t, st, view, upd),
            "uid": str(t.uid), "_pk": t.pk,
        })
    return rows


def _filtered(user: Any, f: TaskFilter) -> QuerySet[Task]:
    qs = task_queryset(user).filter(children__isnull=True)
    if f.plan_id:
        qs = qs.filter(document_id=f.plan_id)
    if f.lead is not None:
        qs = qs.filter(lead_unit__path__startswith=f.lead.path)
    return search(qs, f.q, ("code", "title", "lead_unit_name", "outputs", "lead_unit__name"))


def tasks(user: Any, f: TaskFilter, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Filtered, searched, permission-restricted task rows (group headings left out: they are
    not reported on; the plan page shows them as headings)."""
    rows = task_rows(user, _filtered(user, f), today)
    if f.status:
        rows = [r for r in rows if r["status_code"] == f.status]
    if f.overdue:
        rows = [r for r in rows if r["overdue"]]
    if f.funded:
        rows = [r for r in rows if r["budget"] or r["disbursed"]]
    return rows




def task_list_rows(user: Any, f: TaskFilter, today: dt.date | None = None) -> tuple[LazyRows, dict[str, Any]]:
    """The rows of ``tasks``, and their planned and disbursed totals, for a list that shows a page:
    the ids in their order from SQL with each task's planned budget and latest readable
    disbursement (a few narrow queries), the filters applied to those, and whole rows built only for
    the rows read (``LazyRows``). Every task's status is judged (from the stored state) only for a
    filter on it (``status``, ``overdue``); otherwise none is but the page's: ``status.task_rows``
    keeps every task it is given, one row each, in order (``tests/web/test_list_keys.py``)."""
    today = today or dt.date.today()
    qs = _filtered(user, f)
    if f.status or f.overdue:
        light = light_tasks(qs)  # each plan one object, not one per task
        candidates = [(t.pk, t.budget_planned) for t, st in zip(light, official.task_rows(light, today), strict=True)
                      if not (f.status and st.code != f.status) and not (f.overdue and not st.overdue)]
    else:
        candidates = list(qs.order_by("document__issued_date", "position", "id").values_list("pk", "budget_planned"))
    latest = latest_updates(user, [pk for pk, _b in candidates])
    kept = []
    for pk, budget in candidates:
        disbursed = (latest.get(pk) or {}).get("disbursed_total")
        if f.funded and not (budget or disbursed):
            continue
        kept.append((pk, budget, disbursed))

    def build(ids: list[int]) -> list[dict[str, Any]]:
        by_id = {r["_pk"]: r for r in task_rows(user, Task.objects.filter(pk__in=ids), today)}
        return [by_id[pk] for pk in ids]

    totals = {"budget_total": sum(b or 0 for _pk, b, _d in kept), "disbursed_total": sum(d or 0 for *_x, d in kept)}
    return LazyRows([pk for pk, _b, _d in kept], build), totals


def group_by_lead(rows: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(lead unit name, slug, rows) groups, the largest group first."""
    groups: dict[str, tuple[str, str, list[dict[str, Any]]]] = {}
    for r in rows:
        key = r["lead_slug"] or r["lead_unit"] or "—"
        groups.setdefault(key, (r["lead_unit"] or "—", r["lead_slug"], []))[2].append(r)
    return sorted(groups.values(), key=lambda g: (-len(g[2]), g[0]))


def lead_choices(user: Any) -> list[tuple[str, str]]:
    """Lead units of the readable tasks and the readable units above them (a dashboard links
    a commune's subtree as ``?lead=<commune>``), in tree order."""
    paths = set(task_queryset(user).exclude(lead_unit=None).order_by()  # one row per unit, not per task
                .values_list("lead_unit__path", flat=True).distinct())
    prefixes = {p[: i + 1] for p in paths for i, ch in enumerate(p) if ch == "/" and i}
    # The lead units of tasks the user reads are named on those tasks already, so they are
    # choices even where the user may not open the unit itself (a leader reads a task led by
    # a sibling office); the units above them only where the user may read them.
    above = restrict(Unit.objects.filter(path__in=prefixes), user, "view").values_list("pk", flat=True)
    units = Unit.objects.filter(Q(path__in=paths) | Q(pk__in=above))
    return [(u.slug, unit_label(u)) for u in in_tree_order(list(units.select_related("parent")))]


def money_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The budget and disbursement of the listed tasks (the list's footer and its JSON twin's meta)."""
    return {"budget_total": sum(r["budget"] or 0 for r in rows),
            "disbursed_total": sum(r["disbursed"] or 0 for r in rows)}


def directable(task_ids: set[int], user: Any) -> set[int]:
    """Which of these tasks ``user`` may pause or stop (one query, none for no task)."""
    if not task_ids:
        return set()
    return set(restrict(Task.objects.filter(pk__in=task_ids), user, "direct").values_list("pk", flat=True))
