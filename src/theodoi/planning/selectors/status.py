"""Statuses of tasks and targets, in bulk, from approved updates and figures.

``task_rows`` / ``target_rows`` run a fixed number of queries whatever the number of
rows (one for the objects, one for their updates or figures), then apply the pure
rules of ``domain.status``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple, cast

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from theodoi.domain import aggregate as agg
from theodoi.domain import periods
from theodoi.domain.forecast import AT_RISK, LIKELY, UNCERTAIN, Forecast, forecast
from theodoi.domain.periods import Period
from theodoi.domain.status import (
    TARGET_LABELS,
    TASK_LABELS,
    TargetFacts,
    TargetStatus,
    TaskFacts,
    TaskStatus,
    projected,
    target_code,
    task_code,
    task_overdue,
)
from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState, Target, Task
from theodoi.tenancy.models import Unit

SENT = (ReviewState.SUBMITTED, ReviewState.APPROVED)
# a plan's whole text and extraction: never read with its rows (each row of a join would carry them)
PLAN_TEXT = ("document__source_text", "document__extraction")


@dataclass
class TaskRow:
    task: Task
    code: str
    label: str
    overdue: bool
    days_overdue: int
    percent: Decimal | None  # latest approved
    sent_percent: Decimal | None  # latest sent (submitted or approved)
    last_period: str  # key of the latest sent update
    reported_this_period: bool


def _task_updates(task_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    rows = (ProgressUpdate.objects.filter(task_id__in=task_ids, state__in=SENT)
            .order_by("period_end", "id").values("task_id", "period_key", "period_end", "percent", "state",
                                                 "work_done", "submitted_at"))
    for r in rows:
        out[r["task_id"]].append(cast(dict, r))
    return out


def _get(u: Any, name: str) -> Any:
    """An update's field, from a ProgressUpdate or from one of its ``values()`` rows."""
    return u.get(name) if isinstance(u, dict) else getattr(u, name, None)


@dataclass(frozen=True)
class TaskHistory:
    """What a task's status needs from its sent updates (submitted or approved), summarised once:
    the one summary the pages read from the stored state (``planning.models.TaskState``) and the
    reports, warnings and trends build from the history itself (``summarise``)."""

    percent: Decimal | None = None  # latest approved progress
    full_day: dt.date | None = None  # the day the first approved update at 100% was sent
    started: bool = False  # a sent update with progress or narrative
    started_public: bool = False  # the same among approved updates
    sent_ends: tuple[dt.date, ...] = ()  # period ends of the sent updates
    approved_ends: tuple[dt.date, ...] = ()
    sent_percent: Decimal | None = None  # latest sent
    last_period: str = ""  # key of the latest sent update

    def to_json(self) -> dict[str, Any]:
        def num(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        return {"percent": num(self.percent), "full_day": self.full_day.isoformat() if self.full_day else None,
                "started": self.started, "started_public": self.started_public,
                "sent_ends": [d.isoformat() for d in self.sent_ends],
                "approved_ends": [d.isoformat() for d in self.approved_ends],
                "sent_percent": num(self.sent_percent), "last_period": self.last_period}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> TaskHistory:
        def num(v: str | None) -> Decimal | None:
            return None if v is None else Decimal(v)

        if not d:
            return cls()
        return cls(percent=num(d["percent"]), full_day=dt.date.fromisoformat(d["full_day"]) if d["full_day"] else None,
                   started=d["started"], started_public=d["started_public"],
                   sent_ends=tuple(dt.date.fromisoformat(x) for x in d["sent_ends"]),
                   approved_ends=tuple(dt.date.fromisoformat(x) for x in d["approved_ends"]),
                   sent_percent=num(d["sent_percent"]), last_period=d["last_period"])


_SUMMARISED = ("period_key", "period_end", "percent", "state", "work_done", "submitted_at")


class Sent(NamedTuple):
    """One sent update (submitted or approved) as a task's status reads it. ``TaskState.sent`` keeps
    a task's, oldest first, so its ``TaskHistory`` on a past day is ``history_of`` the first ones
    (``up_to``): the dashboard's past periods and trend read them instead of every update."""

    end: dt.date  # the period's end
    key: str  # the period's key
    percent: Decimal | None
    approved: bool
    did: bool  # progress above zero or a narrative: the task has started
    full_day: dt.date | None  # approved at 100 % or more: the Hanoi day it was sent (else None)

    def to_json(self) -> list[Any]:
        return [self.end.isoformat(), self.key, None if self.percent is None else str(self.percent),
                self.approved, self.did, None if self.full_day is None else self.full_day.isoformat()]

    @classmethod
    def from_json(cls, r: list[Any]) -> Sent:
        # tuple.__new__: the NamedTuple's own __new__ is a Python call, and the trend decodes every update
        return tuple.__new__(cls, (_day(r[0]), r[1], None if r[2] is None else Decimal(r[2]), r[3], r[4],
                                   None if r[5] is None else _day(r[5])))


_day = dt.date.fromisoformat


def sent_of(sent: list[Any]) -> list[Sent]:
    """``Sent`` of a task's sent updates (ProgressUpdates or ``values()`` rows, oldest first); an
    update without a state (a caller's approved ones) counts as approved."""
    rows: list[dict[str, Any]] = sent if not sent or isinstance(sent[0], dict) else [
        {name: getattr(u, name, None) for name in _SUMMARISED} for u in sent]
    out = []
    for u in rows:
        end, p = u["period_end"], u["percent"]
        approved = u.get("state") in (None, ReviewState.APPROVED)
        full_day = completion_day(u.get("submitted_at"), end) if approved and p is not None and p >= 100 else None
        out.append(Sent(end, u["period_key"], p, approved, bool((p or 0) > 0 or u["work_done"]), full_day))
    return out


def completion_day(submitted_at: dt.datetime | None, period_end: dt.date) -> dt.date:
    """The day a task was done, from its first approved update at 100 %: the Hanoi date it was
    sent (not the UTC one), else the end of the period it reports."""
    return timezone.localtime(submitted_at).date() if submitted_at else period_end


def up_to(sent: list[Sent], day: dt.date) -> list[Sent]:
    """The sent updates of periods ending by ``day`` (``sent`` is oldest first)."""
    n = len(sent)
    while n and sent[n - 1].end > day:
        n -= 1
    return sent if n == len(sent) else sent[:n]


class _Fold:
    """The running summary of a task's ``Sent`` updates, oldest first (``history_of``)."""

    __slots__ = ("approved_ends", "full_day", "last", "percent", "sent_ends", "started", "started_public")

    def __init__(self) -> None:
        self.percent: Decimal | None = None
        self.full_day: dt.date | None = None
        self.started = self.started_public = False
        self.sent_ends: list[dt.date] = []
        self.approved_ends: list[dt.date] = []
        self.last: Sent | None = None

    def add(self, s: Sent) -> None:
        self.sent_ends.append(s.end)
        self.started = self.started or s.did
        self.last = s
        if s.approved:
            self.approved_ends.append(s.end)
            self.percent = s.percent
            self.started_public = self.started_public or s.did
            if self.full_day is None:
                self.full_day = s.full_day

    def history(self) -> TaskHistory:
        last = self.last
        return TaskHistory(
            percent=self.percent, full_day=self.full_day, started=self.started, started_public=self.started_public,
            sent_ends=tuple(self.sent_ends), approved_ends=tuple(self.approved_ends),
            sent_percent=last.percent if last else None, last_period=last.key if last else "",
        )


def history_of(sent: list[Sent]) -> TaskHistory:
    """The ``TaskHistory`` of a task's ``Sent`` updates, oldest first: the one fold behind a task's status."""
    fold = _Fold()
    for s in sent:
        fold.add(s)
    return fold.history()


def histories_up_to(sent: Sequence[Sent], days: list[dt.date]) -> list[TaskHistory]:
    """``history_of(up_to(sent, day))`` for each of ``days`` (ascending), folding ``sent`` once: the
    dashboard's trend reads each task's summary at six month ends."""
    if days != sorted(days):
        raise ValueError("histories_up_to: the days must be in ascending order")
    fold, out, i = _Fold(), [], 0
    for day in days:
        while i < len(sent) and sent[i].end <= day:
            fold.add(sent[i])
            i += 1
        out.append(fold.history())
    return out


# The stored JSON of the tasks' sent updates and of the targets' series, decoded once per process for
# each text (a text decodes to the same value wherever it is read, so an entry is never stale; the
# lists are shared: callers never change them). Bounded: a province's dashboard reads a few thousand.
DECODED_TEXTS = 8192


class Memo:
    """Answers kept per process, at most ``most`` of them: reaching it, the memo is emptied and filled
    again by the next readers. Thread-safe for the server's threads (``put`` and ``clear`` under a
    lock; a ``get`` reads the dict as it is)."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._kept: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        return self._kept.get(key)

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            if len(self._kept) >= self.most:
                self._kept.clear()
            self._kept[key] = value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


def folded_up_to(sent: Sequence[Sent], days: Sequence[dt.date]) -> tuple[TaskHistory, ...]:
    """``histories_up_to(sent, days)``, folded once per process for each list of ``stored_sent`` and
    days: the dashboard folds every task's stored updates for the same seven days on every request,
    and ``stored_sent`` hands out one shared list per stored text (decoded once; a write makes a new
    text, so a new list). Keyed by the list itself (held by the entry, so its identity is never
    reused) and the days: never stale, as long as no caller changes a list it was given, which none
    does (the lists are shared already)."""
    key, ends = id(sent), tuple(days)
    hit = _FOLDS.get(key)
    if hit is not None and hit[0] is sent and hit[1] == ends:
        return hit[2]
    out = tuple(histories_up_to(sent, list(ends)))
    _FOLDS.put(key, (sent, ends, out))  # bounded: a province's dashboard folds a few thousand
    return out


_FOLDS = Memo(DECODED_TEXTS)  # id of the list -> (the list, the days, the folds)


def summarise(sent: list[Any]) -> TaskHistory:
    """The ``TaskHistory`` of a task's sent updates (ProgressUpdates or ``values()`` rows, oldest first)."""
    return history_of(sent_of(sent))


def facts_of(task: Task, h: TaskHistory, day: dt.date, *, period: Period | None = None,
             public: bool = False) -> TaskFacts:
    """The facts behind a task's status on ``day`` from its row and the summary of its sent
    updates up to ``day``: the one builder for the staff pages, the JSON twins, the reports, the
    portal and the warnings.

    Progress and completion come from approved updates only; "started" and "reported this
    period" from every sent one, or from approved ones only when ``public`` (the portal shows
    nothing that is not approved). ``period`` is the period whose update a recurring task owes:
    by default the latest closed month of its plan (``periods.closed_period``); a report passes
    its own period.
    """
    if period is None:
        period = periods.closed_period(day, task.document.monthly_due_day or 15)
    if task.completed_on and task.completed_on <= day:
        completed: dt.date | None = task.completed_on
    elif task.recurrence or h.full_day is None:
        completed = None
    else:
        completed = min(h.full_day, day)
    ends = h.approved_ends if public else h.sent_ends
    start, end = period.start, period.end  # computed properties: once, not once per update
    return TaskFacts(
        due=task.due_date, completed_on=completed, run_state=task.run_state, percent=h.percent,
        started=h.started_public if public else h.started, recurring=bool(task.recurrence),
        reported_this_period=_any_within(ends, start, end),
    )


def _any_within(ends: tuple[dt.date, ...], start: dt.date, end: dt.date) -> bool:
    """Whether one of ``ends`` (ascending: a ``TaskHistory``'s period ends, oldest first) is within
    ``start``..``end``: the first end from ``start`` on, found by bisection (the newest first: it is
    the period's, mostly), not a scan of every month of the history."""
    if not ends:
        return False
    if start <= ends[-1] <= end:
        return True
    i = bisect_left(ends, start)
    return i < len(ends) and ends[i] <= end


def task_facts(task: Task, sent: list[Any], day: dt.date, *, period: Period | None = None,
               public: bool = False) -> TaskFacts:
    """``facts_of`` the summary of ``sent``: the task's sent updates (submitted or approved;
    ProgressUpdates or ``values()`` rows), oldest first, up to ``day``."""
    return facts_of(task, summarise(sent), day, period=period, public=public)


def approved_figures(target_ids: list[int], unit: Unit | None = None) -> dict[int, list[agg.Figure]]:
    """The approved figures ``target_rows`` reads (one query), for a caller computing several days."""
    return _figures(target_ids, unit)


def stored_histories(task_ids: list[int], through: dt.date | None = None) -> dict[int, TaskHistory]:
    """Each task's ``TaskHistory`` as the writing services keep it (``planning.models.TaskState``),
    and, for a task without a stored state (one written around the services and not yet rebuilt),
    summarised from its updates: two queries at most. ``through``: the summary of the updates of
    periods ending by that day: the stored one where no sent update is of a later period, else
    ``history_of`` the stored ``Sent`` updates up to it."""
    from theodoi.planning.models import TaskState

    out = {}
    qs = _as_text(TaskState.objects.filter(task_id__any=task_ids), "history")
    if through is not None:
        qs = qs.annotate(raw_sent=Cast("sent", output_field=TextField()))
    for row in qs.values_list("task_id", "raw", *(() if through is None else ("raw_sent",))):
        h = _history_text(row[1])
        if through is not None and h.sent_ends and h.sent_ends[-1] > through:
            h = history_of(up_to(_sent_text(row[2]), through))
        out[row[0]] = h
    missing = [pk for pk in task_ids if pk not in out]
    if missing:
        ups = _task_updates(missing)
        out.update({pk: history_of(up_to(sent_of(ups.get(pk, [])), through or dt.date.max)) for pk in missing})
    return out


def _as_text(qs: QuerySet[Any], field: str) -> QuerySet[Any]:
    """``qs`` with its JSON column ``field`` also as the stored text (``raw``), undecoded."""
    return qs.annotate(raw=Cast(field, output_field=TextField()))


@lru_cache(maxsize=DECODED_TEXTS)
def _sent_text(raw: str | None) -> list[Sent]:
    return [Sent.from_json(r) for r in json.loads(raw)] if raw else []


@lru_cache(maxsize=DECODED_TEXTS)
def _history_text(raw: str | None) -> TaskHistory:  # frozen: shared by every reader of the same text
    return TaskHistory.from_json(json.loads(raw) if raw else {})


@lru_cache(maxsize=DECODED_TEXTS)
def _series_text(raw: str | None) -> list[tuple[dt.date, Decimal | None]]:
    return decode_series(json.loads(raw)) if raw else []


def stored_sent(task_ids: list[int]) -> dict[int, list[Sent]]:
    """Each task's ``Sent`` updates as the writing services keep them (``TaskState.sent``), and, for
    a task without a stored state, from its updates: two queries at most. A caller computing the
    rows on several past days (the dashboard's trend) reads them once."""
    from theodoi.planning.models import TaskState

    out = {pk: _sent_text(raw) for pk, raw in _as_text(TaskState.objects.filter(task_id__any=task_ids), "sent")
           .values_list("task_id", "raw")}
    missing = [pk for pk in task_ids if pk not in out]
    if missing:
        ups = _task_updates(missing)
        out.update({pk: sent_of(ups.get(pk, [])) for pk in missing})
    return out


def task_rows(qs: QuerySet[Task] | Iterable[Task], today: dt.date, *, through: dt.date | None = None,
              histories: dict[int, TaskHistory] | None = None) -> list[TaskRow]:
    """One row per task, with its official status (two queries in all).

    Every sent update counts, read from the state the writing services keep (``stored_histories``).
    ``through``: only the updates of periods ending by that day count, whenever they were sent or
    approved: a past period reads the reports made for it and before it, as they stand now (the
    dashboard's period picker and trend, as a report counts: ``reporting/data.py``). ``histories``:
    the tasks' summaries when the caller has them (the trend: ``histories_up_to`` of their
    ``stored_sent``, for six days at once)."""
    tasks = list(qs.select_related("document", "lead_unit").defer(*PLAN_TEXT) if isinstance(qs, QuerySet) else qs)
    if histories is None:
        histories = stored_histories([t.pk for t in tasks], through)
    rows = []
    closed: dict[int, Period] = {}  # the period a recurring task owes, per due day of its plan
    memo = _TASKS_JUDGED
    for t in tasks:
        h = histories[t.pk]
        due_day = t.document.monthly_due_day or 15
        # everything the status reads: the summary (by identity: ``folded_up_to``'s and
        # ``_history_text``'s are shared, the entry holds it), the row's status fields, the day
        key = (id(h), t.due_date, t.completed_on, t.run_state, t.recurrence, due_day, today)
        hit = memo.get(key)
        if hit is not None and hit[0] is h:
            code_value, label, overdue, days_overdue, percent, reported = hit[1]
        else:
            if due_day not in closed:
                closed[due_day] = periods.closed_period(today, due_day)
            facts = facts_of(t, h, today, period=closed[due_day])
            code = task_code(facts, today)
            late = task_overdue(facts, today)
            code_value, label, overdue, days_overdue, percent, reported = judged = (
                code.value, TASK_LABELS[code], late or code == TaskStatus.OVERDUE,
                (today - t.due_date).days if late and t.due_date else 0, facts.percent, facts.reported_this_period)
            memo.put(key, (h, judged))
        rows.append(TaskRow(
            task=t, code=code_value, label=label, overdue=overdue, days_overdue=days_overdue,
            percent=percent, sent_percent=h.sent_percent,
            last_period=h.last_period, reported_this_period=reported,
        ))
    return rows


# Each task's and target's judgment on a day, kept per process and keyed by everything it is a
# function of: the row's status fields, the day, and the stored summary or series *by identity*
# (``_history_text``, ``folded_up_to`` and ``_series_text`` hand out one shared object per stored
# text; a write makes a new text, so a new object, so a new key; the entry holds the object, so its
# identity is never reused while the entry lives, and a hit checks it with ``is``). Never stale:
# an entry answers only for the very inputs it was computed from. The dashboard judges the same
# rows on the same seven days on every request; so do the lists on today.
JUDGED = 32768  # entries per memo; a province's dashboard keeps about 500 of tasks (shared) and 3,000 of targets


def forget_judged() -> None:
    """Empty the memos of judged rows (tests compare the first computation with the memo's answer)."""
    _TASKS_JUDGED.clear()
    _TARGETS_JUDGED.clear()


_TASKS_JUDGED = Memo(JUDGED)  # (id of the summary, status fields, day) -> (the summary, its judgment)


def task_status(task: Task, today: dt.date) -> TaskRow:
    """The status row of one task."""
    return task_rows([task], today)[0]


@dataclass
class TargetRow:
    target: Target
    code: str
    label: str
    value: Decimal | None  # latest aggregated approved value
    period_key: str
    series: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    forecast: Decimal | None = None
    unit: Unit | None = None
    # the memo's judgment this row was made from (``_judge``), which keeps its forecast once made
    judged: _Judged | None = field(default=None, repr=False, compare=False)


def target_deadline(t: Target) -> dt.date | None:
    if t.deadline:
        return t.deadline
    year = t.deadline_year or (t.document.period_end if t.document_id else None)
    return dt.date(year, 12, 31) if year else None


def target_start(t: Target) -> dt.date | None:
    """When the target's plan started (its baseline year's end, else the plan's first year)."""
    doc = t.document
    if t.baseline_year:
        return dt.date(t.baseline_year, 12, 31)
    if doc.period_start:
        return dt.date(doc.period_start, 1, 1)
    return doc.issued_date


def target_facts(t: Target, st: agg.Standing) -> TargetFacts:
    """The facts a target's status is judged on, from where it stands (``domain.aggregate.standing``):
    the one builder of the pages and the reports."""
    return TargetFacts(comparator=t.comparator, goal=t.value, deadline=target_deadline(t), series=st.judged,
                       start=target_start(t), baseline=t.baseline, goal_max=t.value_max)


def _figures(target_ids: list[int], unit: Unit | None) -> dict[int, list[agg.Figure]]:
    """Approved figures of the targets (of ``unit``'s subtree when given), as aggregate Figures."""
    qs = Measurement.objects.filter(target_id__in=target_ids, state=ReviewState.APPROVED)
    if unit is not None:
        qs = qs.filter(Q(unit__path__startswith=unit.path))
    out: dict[int, list[agg.Figure]] = defaultdict(list)
    for r in qs.values("target_id", "unit_id", "period_end", "value", "numerator", "denominator"):
        out[r["target_id"]].append(agg.Figure(r["unit_id"], r["period_end"], r["value"], r["numerator"],
                                              r["denominator"]))
    return out


def rule_key(rule: agg.Rule) -> str:
    """The aggregation rule a stored series was combined with (a changed rule makes it unusable)."""
    return f"{rule.time_how}/{rule.unit_how}/{int(rule.ratio)}"


def encode_series(pts: list[tuple[dt.date, Decimal | None]]) -> list[list[str | None]]:
    """The stored (JSON) form of a target's ``domain.aggregate.points``: what ``standing_of`` those
    points reads on any day is ``standing`` of the figures on it, so this is what the writing
    services keep (``planning.TargetState``)."""
    return [[end.isoformat(), None if v is None else str(v)] for end, v in pts]


def decode_series(rows: list[list[str | None]]) -> list[tuple[dt.date, Decimal | None]]:
    return [(_day(str(d)), None if v is None else Decimal(v)) for d, v in rows]


StoredSeries = dict[int, tuple[str, list[tuple[dt.date, Decimal | None]], list[int]]]


def stored_states(target_ids: list[int]) -> StoredSeries:
    """Each target's stored state (``planning.models.TargetState``), its series decoded once: the
    rule it was combined with, its points, the units whose figures it combines (one query). A
    caller reading the series for two scopes (the dashboard's page, its subtree, and its trend)
    passes it to ``stored_series`` twice."""
    from theodoi.planning.models import TargetState

    return {pk: (rk, _series_text(raw), units) for pk, rk, raw, units in _as_text(TargetState.objects.filter(
        target_id__any=target_ids), "series").values_list("target_id", "rule", "raw", "unit_ids")}


def stored_series(targets: list[Target], unit: Unit | None = None, *,
                  states: StoredSeries | None = None) -> dict[int, list[tuple[dt.date, Decimal | None]]]:
    """The stored points (``planning.models.TargetState``) ``target_rows`` reads, two queries, for the
    targets it answers for (a caller computing several days reads them once; ``target_rows`` reads the
    figures of the others):
    combined with the target's current rule, and, when ``unit`` is given, from figures of units
    all inside its subtree (so filtering by the subtree would change nothing). ``states``: their
    ``stored_states`` when the caller has them already."""
    if states is None:
        states = stored_states([t.pk for t in targets])
    inside: set[int] | None = None
    if unit is not None:
        wanted = {u for _rk, _series, units in states.values() for u in units}
        inside = set(Unit.objects.filter(pk__any=sorted(wanted), path__startswith=unit.path)
                     .values_list("pk", flat=True))
    out = {}
    for t in targets:
        state = states.get(t.pk)
        if state is None or state[0] != rule_key(agg.rule_of(t)):
            continue
        if inside is not None and not set(state[2]) <= inside:
            continue
        out[t.pk] = state[1]
    return out


def target_rows(qs: QuerySet[Target] | Iterable[Target], today: dt.date, unit: Unit | None = None, *,
                figures: dict[int, list[agg.Figure]] | None = None,
                stored: dict[int, list[tuple[dt.date, Decimal | None]]] | None = None) -> list[TargetRow]:
    """One row per target with its status, from approved figures of ``unit``'s subtree (all units if None),
    combined by ``domain.aggregate`` with the target's declared rule (the report's function).
    By default the combined series is the one the writing services keep (``TargetState``),
    and the figures are read only for a target it does not answer for. ``figures``: their
    ``approved_figures``, or ``stored`` their ``stored_series``, when the caller has them already."""
    targets = list(qs.select_related("document", "indicator").defer(*PLAN_TEXT) if isinstance(qs, QuerySet) else qs)
    if stored is None:
        stored = stored_series(targets, unit) if figures is None else {}
    if figures is None:
        figures = _figures([t.pk for t in targets if t.pk not in stored], unit)
    rows = []
    for t in targets:
        pts = stored.get(t.pk)
        if pts is not None:
            j: _Judged = _judge(t, pts, today)
        else:
            j = _Judged(None, t, agg.standing(figures.get(t.pk, []), agg.rule_of(t), today), today)
        st, code = j.standing, j.code
        rows.append(TargetRow(
            target=t, code=code.value, label=TARGET_LABELS[code], value=st.value,
            period_key=j.period_key, series=list(st.series), forecast=j.projected(), unit=unit, judged=j,
        ))
    return rows


_NOT_YET: Any = object()


class _Judged:
    """A target judged on a day from its points (``pts``: the stored series, None when combined from its
    figures): where it stands, its code, and, once asked, its straight-line projection and forecast."""

    __slots__ = ("_fc", "_projected", "code", "day", "facts", "period_key", "pts", "standing")

    def __init__(self, pts: list[tuple[dt.date, Decimal | None]] | None, t: Target, st: agg.Standing,
                 day: dt.date) -> None:
        self.pts, self.standing, self.day = pts, st, day
        self.facts = target_facts(t, st)
        self.code = target_code(self.facts, day)
        self.period_key = periods.current_reporting_month(st.as_of).key if st.as_of else ""
        self._projected: Any = _NOT_YET
        self._fc: Any = _NOT_YET

    def projected(self) -> Decimal | None:
        if self._projected is _NOT_YET:
            self._projected = projected(self.facts)
        return cast("Decimal | None", self._projected)

    def forecast(self, t: Target) -> Forecast | None:
        """``row_forecast`` of the row made from this judgment (its series is the standing's)."""
        if self._fc is _NOT_YET:
            self._fc = forecast(self.standing.series, target_deadline(t), t.value, t.comparator, t.value_max,
                                baseline=t.baseline, start=target_start(t), today=self.day,
                                ceiling=100.0 if is_share(t) else None)
        return cast("Forecast | None", self._fc)


def judged_key(t: Target, pts: list[tuple[dt.date, Decimal | None]]) -> tuple[Any, ...]:
    """What a target's judgment reads but the day: its points (by identity), its rule, goal, deadline,
    start, baseline and whether it is a share, the numbers as written (``Decimal("5")`` and
    ``Decimal("5.0")`` are equal but print apart)."""
    return (id(pts), agg.rule_of(t), t.comparator, str(t.value), str(t.value_max), target_deadline(t),
            target_start(t), str(t.baseline), is_share(t))


def _judge(t: Target, pts: list[tuple[dt.date, Decimal | None]], day: dt.date,
           base: tuple[Any, ...] | None = None) -> _Judged:
    """``t`` judged on ``day`` from its stored points, from the memo when the same points (by
    identity), the same fields of the target and the same day were judged before. ``base``: its
    ``judged_key`` when the caller judges it on several days."""
    base = base or judged_key(t, pts)
    key = (base, day)
    hit = _TARGETS_JUDGED.get(key)
    if hit is not None and hit.pts is pts:
        return hit
    j = _Judged(pts, t, agg.standing_of(pts, base[1], day), day)
    _TARGETS_JUDGED.put(key, j)
    return j


_TARGETS_JUDGED = Memo(JUDGED)  # (judged_key, day) -> _Judged


_TARGET_FIXED = tuple(f.name for f in fields(TargetFacts) if f.name != "series")


def target_codes(targets: list[Target], days: list[dt.date], *,
                 stored: dict[int, list[tuple[dt.date, Decimal | None]]]) -> list[list[str]]:
    """``[r.code for r in target_rows(targets, day, stored=stored)]`` for each of ``days`` (figures of
    every unit), each target's rule, deadline and start found once and no row built: the dashboard's
    trend judges every target on six days (``tests/web/test_light_rows.py``)."""
    figures = _figures([t.pk for t in targets if t.pk not in stored], None)
    out: list[list[str]] = [[] for _ in days]
    nothing = agg.Standing(agg.Combined(None), (), None)
    for t in targets:
        pts = stored.get(t.pk)
        if pts is not None:  # judged from the memo (``_judge``)
            key = judged_key(t, pts)
            for codes, day in zip(out, days, strict=True):
                codes.append(_judge(t, pts, day, key).code.value)
            continue
        rule, base = agg.rule_of(t), target_facts(t, nothing)
        fixed = {name: getattr(base, name) for name in _TARGET_FIXED}  # ``replace(base, series=…)``, made once
        for codes, day in zip(out, days, strict=True):
            st = agg.standing(figures.get(t.pk, []), rule, day)
            codes.append(target_code(TargetFacts(series=st.judged, **fixed), day).value)
    return out


def is_share(t: Target) -> bool:
    """A target measured as a percentage (its unit, or a ratio indicator): never above 100."""
    return (t.unit_of_measure or "").strip() == "%" or t.is_ratio


def row_forecast(row: TargetRow, today: dt.date) -> Forecast | None:
    """The forecast of a row's target at its deadline from the row's series (``domain.forecast``):
    the target page and the dashboard's order by risk read it here."""
    t = row.target
    if row.judged is not None and row.judged.day == today:  # made once per judgment (``_judge``)
        return row.judged.forecast(t)
    return forecast(row.series, target_deadline(t), t.value, t.comparator, t.value_max, baseline=t.baseline,
                    start=target_start(t), today=today, ceiling=100.0 if is_share(t) else None)


# The dashboard's order by risk: at risk first, then uncertain, then likely, then no forecast.
OUTLOOK_RANK = {AT_RISK: 0, UNCERTAIN: 1, LIKELY: 2, "": 3}


def target_status(target: Target, today: dt.date, unit: Unit | None = None) -> TargetRow:
    return target_rows([target], today, unit)[0]


__all__ = ["OUTLOOK_RANK", "TARGET_LABELS", "TASK_LABELS", "TargetStatus", "TargetRow", "TaskStatus", "TaskRow",
           "target_rows", "row_forecast", "target_status", "task_rows", "task_status"]
