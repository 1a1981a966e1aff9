"""Warnings (cảnh báo): each with its code, reason in Vietnamese, the unit responsible and its subject.

Kinds: ``no_update`` (no update for the last closed month by its due day), ``overdue``
(task past its deadline), ``thin_update`` (no evidence, no outputs, a percentage
without narrative), ``contradiction`` (figures contradicting themselves or the plan),
``stalled`` (no progress for three months: to be considered for stopping), ``lifecycle`` (a
science-and-technology task whose stages, reported disbursement, progress and outputs disagree:
``selectors.lifecycle.reconcile_with``), ``plan_due`` (a plan a lower unit owes, past its date and
not yet imported: ``PlanDue``), ``self_measured`` (a unit below a target the system measures itself,
such as "tối thiểu 90% nhiệm vụ cập nhật tiến độ hằng tháng": ``services.self_measured``), and the
findings of a plan's conformity with the plans it implements (``selectors.conformity``), told to the
plan's issuer: ``conform_weaker`` (a target asking less than its parent's), ``conform_later`` (due
later), ``conform_missing`` (a parent target with no target of the plan), ``conform_six_clear``
(the plan's tasks short of the "6 rõ", one warning per plan), ``conform_budget`` (the science and
technology share of the stated budget under 3 %).

``compute_warnings`` reads in bulk: one query for the tasks, one for their recent
updates (with evidence counts), one for recent figures, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from theodoi.domain import periods
from theodoi.domain.checks import (
    UpdateFacts,
    figure_contradictions,
    is_thin,
    stalled_since,
    thin_reasons,
    update_contradictions,
)
from theodoi.domain.messages import Message
from theodoi.domain.periods import Period
from theodoi.domain.status import meets, task_overdue
from theodoi.planning.models import (
    DocStatus,
    Measurement,
    PlanDue,
    ProgressUpdate,
    ReviewState,
    RunState,
    Task,
    TaskStage,
)
from theodoi.planning.selectors.lifecycle import reconcile_with
from theodoi.planning.selectors.status import PLAN_TEXT, SENT, task_facts
from theodoi.planning.selectors.texts import fmt_date, fmt_num, unit_label
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict

NO_UPDATE, OVERDUE, THIN, CONTRADICTION, STALLED = "no_update", "overdue", "thin_update", "contradiction", "stalled"
LIFECYCLE, PLAN_DUE, SELF_MEASURED = "lifecycle", "plan_due", "self_measured"
CONFORM_WEAKER, CONFORM_LATER, CONFORM_MISSING = "conform_weaker", "conform_later", "conform_missing"
CONFORM_SIX_CLEAR, CONFORM_BUDGET = "conform_six_clear", "conform_budget"
CONFORM = (CONFORM_WEAKER, CONFORM_LATER, CONFORM_MISSING, CONFORM_SIX_CLEAR, CONFORM_BUDGET)
LABELS = {
    NO_UPDATE: _("Chưa cập nhật tiến độ"), OVERDUE: _("Nhiệm vụ quá hạn"), THIN: _("Báo cáo sơ sài"),
    CONTRADICTION: _("Số liệu mâu thuẫn"), STALLED: _("Không có tiến triển 3 tháng"),
    LIFECYCLE: _("Đối soát nhiệm vụ KH&CN chưa khớp"), PLAN_DUE: _("Chưa xây dựng kế hoạch cấp dưới"),
    SELF_MEASURED: _("Dưới chỉ tiêu hệ thống tự đo"),
    CONFORM_WEAKER: _("Chỉ tiêu thấp hơn cấp trên"), CONFORM_LATER: _("Thời hạn muộn hơn cấp trên"),
    CONFORM_MISSING: _("Chỉ tiêu cấp trên chưa được cụ thể hóa"), CONFORM_SIX_CLEAR: _("Nhiệm vụ chưa đủ “6 rõ”"),
    CONFORM_BUDGET: _("Tỷ trọng kinh phí khoa học, công nghệ dưới 3%"),
}
# severity of each conformity finding (a weaker target is what the parent's office asks about first)
CONFORM_SEVERITY = {CONFORM_WEAKER: "medium", CONFORM_MISSING: "medium", CONFORM_BUDGET: "medium",
                    CONFORM_LATER: "low", CONFORM_SIX_CLEAR: "low"}
REPORT_OF = gettext_noop("Báo cáo %(period)s: %(reasons)s.")
SEVERITY_LABELS = {"high": _("Cao"), "medium": _("Trung bình"), "low": _("Thấp")}
RANK = {"high": 0, "medium": 1, "low": 2}
HISTORY_DAYS = 200
# an update's columns no rule judges (read with thousands of updates by the daily job)
UNJUDGED = ("difficulties", "proposals", "reopened_reason", "created_at", "updated_at")


def period_name(p: Period) -> str:
    """A period as a sentence names it, in the active language ("tháng 5/2026", "first half of 2026"):
    ``Period.label`` of ``domain.periods.NAMES``."""
    return p.label(gettext, sentence=True)


@dataclass
class Warning:
    """A warning: its code, its reason as a Message (template + parameters, rendered at the edge
    by ``reason``; ``reason_vi`` is the Vietnamese text), the unit responsible and its subject."""

    code: str
    reason_vi: Message
    unit: Unit | None
    severity: str = "medium"
    task: Task | None = None
    target: Any = None
    update: ProgressUpdate | None = None
    measurement: Measurement | None = None
    plan_due: PlanDue | None = None
    document: Any = None  # the plan a conformity warning is about

    @property
    def label_vi(self) -> str:
        return str(LABELS[self.code])

    @property
    def label(self) -> str:
        """The kind, in the active language."""
        return gettext(str(LABELS[self.code]))

    @property
    def reason(self) -> str:
        """The reason in the active language (pages, mail, API); periods named by ``period_name``."""
        return self.reason_vi.render(gettext, period_name)

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])

    @property
    def message(self) -> str:
        return f"{self.label_vi}: {self.subject_text} — {self.reason_vi}"

    @property
    def subject_text(self) -> str:
        if self.task is not None:
            return f"{self.task.code} {self.task.title}".strip()
        if self.target is not None:
            return f"{self.target.code} {self.target.text}".strip()
        if self.plan_due is not None:
            return str(self.plan_due.document)
        if self.document is not None:
            return self.document.number or self.document.title[:80]
        return ""

    @property
    def url(self) -> str:
        if self.document is not None:  # a plan's conformity: its report says it all
            return reverse("plan_conformity", args=[self.document.uid])
        if self.task is not None:
            return self.task.get_absolute_url()
        if self.target is not None:
            return self.target.get_absolute_url()
        if self.plan_due is not None:
            return self.plan_due.document.get_absolute_url() + "#ke-hoach-cap-duoi"
        return ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "label": self.label, "severity": self.severity, "reason": self.reason,
            "reason_vi": str(self.reason_vi), "message": self.reason_vi.as_json(),
            "unit": self.unit.slug if self.unit else None, "unit_name": unit_label(self.unit) if self.unit else "",
            "task": str(self.task.uid) if self.task else None, "target": str(self.target.uid) if self.target else None,
            "plan": str(self.document.uid) if self.document is not None else None,
            "subject": self.subject_text, "period": item.period_key
            if (item := self.update or self.measurement) else None, "url": self.url,
        }


def _unit_q(units: Any, field: str, *, path: str | None = None) -> Q:
    """Rows whose ``field`` unit lies in the subtree of ``units`` (a Unit or several); ``path``: the
    column holding that unit's path when the row keeps its own copy (a stored warning's ``unit_path``)."""
    if isinstance(units, Unit):
        units = [units]
    lookup = f"{path or field + '__path'}__startswith"
    parts = Q(pk__in=[])
    for u in units:
        parts |= Q(**{lookup: u.path})
    return parts


STORED_DAY_KEY = "theodoi:warnings:stored-day"


def stored_day() -> dt.date | None:
    """The day the stored warnings were computed for (None when none are stored); cached."""
    from django.core.cache import cache

    from theodoi.planning.models import WarningRefresh

    cached = cache.get(STORED_DAY_KEY)
    if cached is None:
        last = WarningRefresh.objects.order_by("-finished_at", "-pk").values_list("day", flat=True).first()
        cached = last.isoformat() if last else ""
        cache.set(STORED_DAY_KEY, cached, 3600)
    return dt.date.fromisoformat(cached) if cached else None


def forget_stored_day() -> None:
    from django.core.cache import cache

    cache.delete(STORED_DAY_KEY)


def warned_tasks() -> QuerySet[Task]:
    """The tasks warnings are computed for: led, of an active plan, not a group heading."""
    return Task.objects.filter(document__status=DocStatus.ACTIVE, lead_unit__isnull=False, children__isnull=True)


def warned_figures(today: dt.date) -> QuerySet[Measurement]:
    """The figures judged for contradictions on ``today``: sent or approved, of the last 400 days."""
    return Measurement.objects.filter(target__document__status=DocStatus.ACTIVE, state__in=SENT,
                                      period_end__gte=today - dt.timedelta(days=400))


def compute_warnings(today: dt.date | None = None, units: Any = None, *, user: Any = None,
                     unit: Unit | None = None) -> list[Warning]:
    """All warnings on ``today`` for the subtree(s) of ``units``/``unit`` (everything if None),
    limited to what ``user`` may read when given; most severe first, then by unit.

    Read from the stored set when it was computed for ``today`` (kept true by every write, see
    ``planning.services.warnings``); computed live otherwise. Both give the same warnings."""
    today = today or timezone.localdate()
    scope = unit if unit is not None else units
    if stored_day() == today:
        found = _stored(today, scope, user) + _plan_dues(today, scope, user)
        found.sort(key=_order)
        return found
    return live_warnings(today, scope, user)


def _plan_dues(today: dt.date, scope: Any, user: Any) -> list[Warning]:
    """Plans owed by lower units and late (few rows: read live, never stored)."""
    dues = PlanDue.objects.filter(document__status=DocStatus.ACTIVE, fulfilled_by__isnull=True, due_date__lt=today)
    if scope is not None:
        dues = dues.filter(_unit_q(scope, "unit") | (Q(unit__isnull=True) & _unit_q(scope, "document__issuer")))
    if user is not None:
        dues = restrict(dues, user, "view")
    return plan_due_warnings(dues, today)


def live_warnings(today: dt.date, scope: Any = None, user: Any = None) -> list[Warning]:
    """Every warning computed from the tasks, updates and figures (the rules themselves)."""
    tasks, figures = warned_tasks(), warned_figures(today)
    if scope is not None:
        tasks, figures = tasks.filter(_unit_q(scope, "lead_unit")), figures.filter(_unit_q(scope, "unit"))
    if user is not None:
        tasks, figures = restrict(tasks, user, "view"), restrict(figures, user, "view")
    plans = conformed_plans()
    if scope is not None:
        plans = plans.filter(_unit_q(scope, "issuer"))
    if user is not None:
        plans = restrict(plans, user, "view")
    found = (task_warnings(tasks, today) + figure_warnings(latest_two(figures)) + _plan_dues(today, scope, user)
             + conformity_warnings(plans))
    found.sort(key=_order)
    return found


def _order(w: Warning) -> tuple[int, str, str]:
    """The pages' order of warnings: most severe first, then by unit (its path), then by kind."""
    return (RANK[w.severity], w.unit.path if w.unit else "", w.code)


def warnings_head(today: dt.date | None = None, *, user: Any = None, unit: Unit | None = None,
                  first: int = 10) -> tuple[int, list[Warning]]:
    """How many warnings ``compute_warnings`` gives, and its first ``first`` ones (a page that counts
    them all and lists a few: the dashboard). From the stored set: counted in SQL and only its first
    ``first`` rows read, in the same order (``tests/integration/tracking/test_warnings_head.py``)."""
    today = today or timezone.localdate()
    if stored_day() != today:
        found = live_warnings(today, unit, user)
        return len(found), found[:first]
    qs = _stored_qs(today, unit, user)
    dues = _plan_dues(today, unit, user)
    # the stored rows' own order is ``_order`` (``rank`` is RANK[severity], ``unit_path`` the unit's
    # path, compared as code points like Python: the "C" collation), then their id: the first ``first``
    # of them and the (few) plans due give the first ``first`` of the whole sorted list
    # only the first rows' ids sorted and cut in SQL, then those few read with their objects (the
    # joins of every warning of the subtree, sorted whole, cost more than the page's ten rows)
    ids = list(qs.values_list("pk", flat=True)[:first])
    stored = {w.pk: w for w in _with_objects(qs.model.objects.filter(pk__in=ids))}
    head = [_warning_of(stored[pk]) for pk in ids] + dues
    head.sort(key=_order)
    return qs.count() + len(dues), head[:first]


def listed_warnings(today: dt.date | None = None, *, user: Any = None, unit: Unit | None = None,
                    code: str = "") -> tuple[list[Any], Callable[[list[Any]], list[Warning]]]:
    """``compute_warnings`` (of ``code`` only, when given) for a list that shows a page: the keys of
    the warnings in its order, and the function that makes the warnings of some keys. From the stored
    set, the ids are read and sorted with their order's columns only (``_order``: ``rank``, the unit's
    path, the code; the plans due, few, read live, merged in that order) and a warning is read with its
    objects only when shown (``tests/integration/tracking/test_warnings_head.py``: the same warnings in
    the same order). On a day not stored, every warning is computed live, as ``compute_warnings``."""
    today = today or timezone.localdate()
    if stored_day() != today:
        live = [w for w in live_warnings(today, unit, user) if not code or w.code == code]
        return list(range(len(live))), lambda keys: [live[k] for k in keys]
    qs = _stored_qs(today, unit, user)
    if code:
        qs = qs.filter(code=code)
    dues = [w for w in _plan_dues(today, unit, user) if not code or w.code == code]
    # the stored rows first, in their SQL order (``_order``, then id), then the plans due: the sort is
    # stable, as ``compute_warnings``' is of the same list
    keyed: list[tuple[Any, tuple[str, int]]] = [
        ((rank, path, c), ("stored", pk)) for pk, rank, path, c in qs.values_list("pk", "rank", "unit_path", "code")]
    keyed += [(_order(w), ("due", i)) for i, w in enumerate(dues)]
    keyed.sort(key=lambda kv: kv[0])
    model = qs.model

    def build(keys: list[Any]) -> list[Warning]:
        ids = [i for kind, i in keys if kind == "stored"]
        found = {w.pk: w for w in _with_objects(model.objects.filter(pk__any=ids))} if ids else {}
        return [_warning_of(found[i]) if kind == "stored" else dues[i] for kind, i in keys]

    return [k for _o, k in keyed], build


def _stored_qs(today: dt.date, scope: Any, user: Any) -> QuerySet[Any]:
    from django.db import connection
    from django.db.models.functions import Collate

    from theodoi.planning.models import StoredWarning

    qs = StoredWarning.objects.filter(day=today)
    if scope is not None:
        qs = qs.filter(_unit_q(scope, "unit", path="unit_path"))
    if user is not None:
        qs = restrict(qs, user, "view")
    if connection.vendor == "postgresql":  # SQLite compares text as bytes already
        return qs.order_by("rank", Collate("unit_path", "C"), Collate("code", "C"), "pk")
    return qs.order_by("rank", "unit_path", "code", "pk")


def _with_objects(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Stored warnings read with the objects a ``Warning`` names (the plans' whole text left out)."""
    return qs.select_related("unit", "unit__parent", "task", "task__document", "target", "update",
                             "measurement", "document").defer(*(f"task__{f}" for f in PLAN_TEXT), *PLAN_TEXT)


def _warning_of(w: Any) -> Warning:
    from theodoi.domain.messages import from_store

    return Warning(w.code, from_store(w.reason), w.unit, w.severity, task=w.task, target=w.target,
                   update=w.update, measurement=w.measurement, document=w.document)


def _from_stored(qs: QuerySet[Any]) -> list[Warning]:
    return [_warning_of(w) for w in _with_objects(qs)]


def _stored(today: dt.date, scope: Any, user: Any) -> list[Warning]:
    return _from_stored(_stored_qs(today, scope, user))


@lru_cache(maxsize=4096)
def _period_label(key: str) -> str:
    """"Tháng 5/2026" of "2026-05" (parsed once per key: a national job judges millions of updates)."""
    return periods.as_period(key).label_vi


def _facts(u: ProgressUpdate) -> UpdateFacts:
    label = _period_label(u.period_key)
    return UpdateFacts(
        period_key=u.period_key, period_label=label, period_end=u.period_end, percent=u.percent,
        # n_evidence: annotated by the queryset that loads the updates
        evidence=u.n_evidence,  # type: ignore[attr-defined]
        work_done=u.work_done, outputs=u.outputs_delivered, disbursed=u.disbursed_total,
        submitted_on=timezone.localtime(u.submitted_at).date() if u.submitted_at else None,
    )


def task_warnings(tasks: QuerySet[Task] | list[Task], today: dt.date,
                  updates: dict[int, list[ProgressUpdate]] | None = None) -> list[Warning]:
    """Warnings about tasks and their updates (two queries). ``tasks``: a queryset, or tasks already
    read with their plan and lead unit (the daily job shares one copy of each between its tasks).
    ``updates``: each task's updates already read (a write's, ``services.warnings.task_updates``),
    oldest first, their evidence counted; only those :func:`judged` are judged."""
    # a plan's text is never read with its tasks; no DISTINCT (every filter here is a semi-join)
    rows = (list(tasks.select_related("document", "lead_unit", "lead_unit__parent").defer(*PLAN_TEXT))
            if isinstance(tasks, QuerySet) else tasks)
    history: dict[int, list[ProgressUpdate]] = defaultdict(list)
    if updates is not None:
        for t in rows:
            history[t.pk] = [u for u in updates.get(t.pk, ()) if judged(u, today)]
    else:
        ups = (ProgressUpdate.objects.filter(task__in=[t.pk for t in rows], state__in=SENT,
                                             period_end__gte=today - dt.timedelta(days=HISTORY_DAYS))
               .defer(*UNJUDGED).annotate(n_evidence=Count("evidence")).order_by("period_end"))
        for u in ups:
            history[u.task_id].append(u)
    closed_by_day: dict[int, Any] = {}
    out: list[Warning] = []
    for t in rows:
        day = t.document.monthly_due_day
        if day not in closed_by_day:
            closed_by_day[day] = periods.closed_period(today, day)
        out += _one_task(t, history.get(t.pk, []), closed_by_day[day], today)
    return out + lifecycle_warnings([t for t in rows if t.is_science_task], history)


def judged(update: ProgressUpdate, today: dt.date) -> bool:
    """An update the task's warnings judge on ``today``: sent, of the last ``HISTORY_DAYS`` days."""
    return judges(update.state, update.period_end, today)


def judges(state: str, period_end: dt.date, today: dt.date) -> bool:
    """:func:`judged` of an update in this state whose period ends on ``period_end``."""
    return state in SENT and period_end >= today - dt.timedelta(days=HISTORY_DAYS)


def lifecycle_warnings(science: list[Task], history: dict[int, list[ProgressUpdate]]) -> list[Warning]:
    """Science tasks whose reconciliation finds something (one query for all their stages)."""
    if not science:
        return []
    stages: dict[int, list[TaskStage]] = defaultdict(list)
    for s in TaskStage.objects.filter(task__in=[t.pk for t in science]).order_by("date", "id"):
        stages[s.task_id].append(s)
    out = []
    for t in science:
        ups = history.get(t.pk, [])
        r = reconcile_with(t, stages.get(t.pk, []), ups[-1] if ups else None)
        if r.findings:
            out.append(Warning(LIFECYCLE, Message(gettext_noop("Đối soát tiến độ, giải ngân, sản phẩm: %(reasons)s"),
                                                  reasons=r.findings), t.lead_unit, "medium", task=t,
                               update=ups[-1] if ups else None))
    return out


def _one_task(t: Task, ups: list[ProgressUpdate], closed: Any, today: dt.date) -> list[Warning]:
    out: list[Warning] = []
    unit = t.lead_unit
    running = t.run_state == RunState.ACTIVE
    status_facts = task_facts(t, ups, today)
    completed_on = status_facts.completed_on
    if task_overdue(status_facts, today) and t.due_date:
        if ups and ups[-1].percent is not None:
            pct = Message(gettext_noop("tiến độ báo cáo gần nhất %(percent)s%% (chưa được duyệt)")
                          if ups[-1].state != ReviewState.APPROVED
                          else gettext_noop("tiến độ báo cáo gần nhất %(percent)s%%"),
                          percent=fmt_num(ups[-1].percent))
        else:
            pct = Message(gettext_noop("chưa có báo cáo tiến độ"))
        days = (today - t.due_date).days
        out.append(Warning(OVERDUE, Message(gettext_noop("Quá hạn %(days)s ngày (hạn %(due)s), %(progress)s."),
                                            days=days, due=fmt_date(t.due_date), progress=pct), unit,
                           "high", task=t))
    begun = t.start_date or t.document.issued_date
    needs = running and (completed_on is None or completed_on >= closed.start) and (
        begun is None or begun <= closed.end)
    if needs and not any(u.period_key == closed.key for u in ups):
        due = periods.due_date(closed, t.document.monthly_due_day)
        last = (Message(gettext_noop("báo cáo gần nhất: %(period)s"), period=periods.as_period(ups[-1].period_key))
                if ups else Message(gettext_noop("chưa từng gửi báo cáo")))
        missed_two = not any(u.period_key == closed.previous().key for u in ups)
        out.append(Warning(NO_UPDATE, Message(gettext_noop("Chưa gửi báo cáo tiến độ %(period)s (hạn %(due)s); "
                                                           "%(last)s."), period=closed, due=fmt_date(due), last=last),
                           unit, "high" if missed_two else "medium", task=t))
    if not ups:
        return out
    facts = [_facts(u) for u in ups]
    latest, prev = ups[-1], (facts[-2] if len(facts) > 1 else None)
    thin = thin_reasons(facts[-1])
    if is_thin(thin) and running:  # a paused or stopped task's unit is asked for nothing more
        out.append(Warning(THIN, Message(REPORT_OF, period=periods.as_period(latest.period_key), reasons=thin),
                           unit, "low", task=t, update=latest))
    bad = update_contradictions(facts[-1], prev, due=t.due_date, completed_on=completed_on,
                                budget=t.budget_planned, recurrence=t.recurrence)
    if bad:
        out.append(Warning(CONTRADICTION, Message(REPORT_OF, period=periods.as_period(latest.period_key),
                                                  reasons=bad), unit, "high", task=t, update=latest))
    ref = stalled_since(facts, recurrence=t.recurrence) if running and completed_on is None else None
    if ref is not None:
        out.append(Warning(STALLED, Message(gettext_noop("Tiến độ đứng ở %(percent)s%% từ %(since)s đến %(period)s; "
                                                         "đề nghị xem xét dừng nhiệm vụ."),
                                            percent=fmt_num(facts[-1].percent or 0),
                                            since=periods.as_period(ref.period_key),
                                            period=periods.as_period(latest.period_key)),
                           unit, "medium", task=t, update=latest))
    return out


def plan_due_warnings(dues: QuerySet[PlanDue], today: dt.date) -> list[Warning]:
    """Plans owed by lower units and late: the unit that owes it (or the issuer, for a group not yet
    named unit by unit) is told (one query)."""
    out = []
    for d in dues.select_related("document", "document__issuer", "unit", "unit__parent"):
        assert d.due_date is not None  # filtered on due_date__lt
        plan = d.document.number or d.document.title[:80]
        out.append(Warning(PLAN_DUE, Message(
            gettext_noop("%(who)s chưa có kế hoạch thực hiện %(plan)s: hạn %(due)s (%(as_written)s), quá hạn "
                         "%(days)s ngày."), who=d.who, plan=plan, due=fmt_date(d.due_date),
            as_written=d.due_text or fmt_date(d.due_date), days=(today - d.due_date).days),
            d.unit or d.document.issuer, "medium", plan_due=d))
    return out


def _cumulative(target: Any) -> bool:
    """Counted, cumulative targets may not go down (an explicit indicator says so; otherwise a
    non-percentage "at least N" target is read as a running count)."""
    if target.indicator_id:
        return target.indicator.across_time == "cumulative"
    return target.unit_of_measure.strip() != "%" and target.comparator in (">=", ">", "")


def latest_two(figures: QuerySet[Measurement]) -> QuerySet[Measurement]:
    """Of these figures, the latest two of each (target, unit) series: all ``figure_warnings`` judges
    (a window function, so a series' older figures are never read)."""
    return figures.annotate(nth=Window(RowNumber(), partition_by=[F("target_id"), F("unit_id")],
                                       order_by=[F("period_end").desc(), F("pk").desc()])).filter(nth__lte=2)


def figure_warnings(figures: QuerySet[Measurement] | Iterable[Measurement]) -> list[Warning]:
    """Contradictory figures: only each (target, unit)'s latest figure is judged, against the one before
    (by period end, then by id)."""
    series: dict[tuple[int, int], list[Measurement]] = defaultdict(list)
    qs = figures.select_related("target", "target__indicator", "unit", "unit__parent").order_by("period_end", "pk") \
        if isinstance(figures, QuerySet) else figures
    for m in qs:
        series[(m.target_id, m.unit_id)].append(m)
    out = []
    for ms in series.values():
        m = ms[-1]
        prev = ms[-2] if len(ms) > 1 else None
        t = m.target
        bad = figure_contradictions(
            value=m.value, numerator=m.numerator, denominator=m.denominator,
            percent_unit=t.unit_of_measure.strip() == "%" or t.is_ratio, cumulative=_cumulative(t),
            prev_value=(prev.value if prev.value is not None else prev.numerator) if prev else None,
            prev_label=periods.as_period(prev.period_key) if prev else "",
        )
        if bad:
            out.append(Warning(CONTRADICTION, Message(gettext_noop("Số liệu %(period)s của %(unit)s: %(reasons)s."),
                                                      period=periods.as_period(m.period_key),
                                                      unit=unit_label(m.unit), reasons=bad),
                               m.unit, "high", target=t, measurement=m))
        below = _below_self_measured(m)
        if below is not None:
            out.append(below)
    return out


def _below_self_measured(m: Measurement) -> Warning | None:
    """A figure the system computed (``services.self_measured``) that misses its target's goal."""
    from theodoi.planning.services.self_measured import SYSTEM_SOURCE

    t = m.target
    if m.source != SYSTEM_SOURCE or t.value is None or m.numerator is None or not m.denominator:
        return None
    pct = m.numerator * 100 / m.denominator
    if meets(t.comparator, pct, t.value, t.value_max):
        return None
    return Warning(SELF_MEASURED, Message(
        gettext_noop("%(unit)s: %(num)s/%(den)s nhiệm vụ đạt yêu cầu %(period)s (%(pct)s%%), dưới mức %(goal)s%% "
                     "của chỉ tiêu."), unit=unit_label(m.unit), num=fmt_num(m.numerator), den=fmt_num(m.denominator),
        period=periods.as_period(m.period_key), pct=fmt_num(pct), goal=fmt_num(t.value)),
        m.unit, "medium", target=t, measurement=m)


def conformed_plans() -> QuerySet[Any]:
    """The plans checked against their parents: active, issued by a unit, implementing or citing a
    document that is in the system (not a stub)."""
    from theodoi.planning.models import Document

    return (Document.objects.filter(status=DocStatus.ACTIVE, issuer__isnull=False,
                                    outgoing_links__target__in=Document.objects.exclude(status=DocStatus.STUB))
            .distinct().order_by("pk"))


def conformity_warnings(plans: QuerySet[Any] | Iterable[Any]) -> list[Warning]:
    """The conformity findings of these plans as warnings (``selectors.conformity``, every parent in the
    system), told to each plan's issuer; a plan's tasks short of the "6 rõ" make one warning."""
    from theodoi.planning.selectors.conformity import conformity, message_of, six_clear_message

    out: list[Warning] = []
    rows = plans.select_related("issuer", "issuer__parent") if isinstance(plans, QuerySet) else plans
    for doc in rows:
        report = conformity(doc)
        if not report.parents:
            continue  # only "6 rõ" and the budget could be checked: not a matter of conformity
        for f in report.findings:
            if f.code == "six_clear":
                continue
            code = f"conform_{f.code}"
            out.append(Warning(code, message_of(f), doc.issuer, CONFORM_SEVERITY[code], target=f.child,
                               document=doc))
        gaps = report.of("six_clear")
        if gaps:
            out.append(Warning(CONFORM_SIX_CLEAR, six_clear_message(gaps), doc.issuer,
                               CONFORM_SEVERITY[CONFORM_SIX_CLEAR], document=doc))
    return out


def group_by_unit(warnings: Iterable[Warning]) -> list[tuple[Unit | None, list[Warning]]]:
    """Warnings grouped by the unit responsible, units in tree order."""
    groups: dict[Any, list[Warning]] = defaultdict(list)
    for w in warnings:
        groups[w.unit].append(w)
    return sorted(groups.items(), key=lambda kv: kv[0].path if kv[0] else "")


def counts_by_code(warnings: Iterable[Warning]) -> dict[str, int]:
    out = dict.fromkeys(LABELS, 0)
    for w in warnings:
        out[w.code] += 1
    return out
