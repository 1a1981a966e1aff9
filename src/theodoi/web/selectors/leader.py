"""What a leader reads on the dashboard in a minute: the period chosen, trends, a scorecard, who is late.

All of it comes from the dashboard's own task and target rows (``dashboard.build``) and from
the official statuses (``planning.selectors.status``), so the page, its XLSX and its PDF agree.
A past period reads as it stood at the period's end: statuses on that day, updates sent by then.
The queries do not grow with the number of units, rows or months: the trend loads updates and figures once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from theodoi.domain import periods
from theodoi.domain.periods import Period
from theodoi.domain.status import TASK_DONE, TargetStatus
from theodoi.domain.text import vi_sort_key
from theodoi.planning.selectors import status as official
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.web.selectors import ranking

PERIOD_KINDS = ("month", "quarter", "year")
TREND_MONTHS = 6
BEHIND = (TargetStatus.NOT_MET.value, TargetStatus.AT_RISK.value)


# -- the period ---------------------------------------------------------------------------
def pick_period(key: str | None, today: dt.date) -> Period:
    """The period asked for (a month, a quarter or a year), else the month being reported now.
    A period that has not started yet reads as the current one."""
    current = periods.open_period(today)
    if key:
        try:
            p = Period.parse(key)
        except ValueError:
            return current
        if p.kind in PERIOD_KINDS and p.start <= today:
            return p
    return current


def as_of(period: Period, today: dt.date) -> dt.date:
    """The day a period is read on: its last day, or today while it runs."""
    return min(period.end, today)


def last_month_of(period: Period) -> Period:
    return period.months()[-1]


@dataclass(frozen=True)
class PeriodOption:
    key: str
    label: str
    selected: bool


def period_options(period: Period, today: dt.date) -> list[tuple[str, list[PeriodOption]]]:
    """The picker: the last 12 months, 6 quarters and 3 years, newest first, grouped by kind."""
    current = periods.open_period(today)
    groups = []
    for kind, count in (("month", 12), ("quarter", 6), ("year", 3)):
        p = Period.for_date(kind, current.end)
        options = []
        for _i in range(count):
            options.append(PeriodOption(p.key, p.label(gettext), p == period))
            p = p.previous()
        groups.append((gettext(periods.KIND_LABELS[kind]), options))
    return groups


def previous_of_kind(period: Period, kind: str) -> Period:
    """The period of ``kind`` before the one holding the period read ("quý trước": from December
    or from the fourth quarter, the third quarter)."""
    return Period.for_date(kind, period.end).previous()


# -- who is late, and why ---------------------------------------------------------------------
@dataclass
class LateUnit:
    unit: Unit
    name: str
    overdue: list[dict[str, Any]]
    unreported: list[dict[str, Any]]
    behind: list[dict[str, Any]]
    reasons: list[str] = field(default_factory=list)

    @property
    def weight(self) -> tuple[int, int, int, int]:
        worst = max((r["days_overdue"] for r in self.overdue), default=0)
        return (len(self.overdue), len(self.unreported), worst, len(self.behind))


def late_units(children: list[Unit], tasks: list[dict[str, Any]], targets: list[dict[str, Any]],
               day: dt.date) -> list[LateUnit]:
    """The units below with overdue tasks, tasks not reported for the month, or targets behind,
    the latest first (most overdue tasks, then most unreported, then the longest overdue)."""
    month = periods.closed_period(day).label_vi  # the month whose update ``reported_closed`` asks for
    out = []
    tasks_of, targets_of = ranking.tasks_under(children, tasks), ranking.targets_under(children, targets)
    for u in children:
        mine = tasks_of[u.pk]
        overdue = sorted((r for r in mine if r["overdue"]), key=lambda r: -r["days_overdue"])
        unreported = [r for r in mine if not r["reported_closed"] and r["status_code"] not in TASK_DONE]
        behind = [r for r in targets_of[u.pk] if r["status_code"] in BEHIND]
        if not (overdue or unreported or behind):
            continue
        late = LateUnit(u, unit_label(u), overdue, unreported, behind)
        if overdue:
            late.reasons.append(_("%(n)s nhiệm vụ quá hạn, lâu nhất %(days)s ngày (%(title)s)") % {
                "n": len(overdue), "days": overdue[0]["days_overdue"], "title": _short(overdue[0]["title"])})
        if unreported:
            late.reasons.append(_("%(n)s nhiệm vụ chưa gửi báo cáo %(month)s") % {"n": len(unreported),
                                                                                  "month": month.lower()})
        if behind:
            late.reasons.append(_("%(n)s chỉ tiêu không đạt hoặc có nguy cơ không đạt") % {"n": len(behind)})
        out.append(late)
    out.sort(key=lambda lu: (tuple(-x for x in lu.weight), vi_sort_key(lu.name)))
    return out


def _short(text: str, limit: int = 70) -> str:
    from theodoi.web.templatetags.vn import shorten

    return shorten(text, limit)


# -- the scorecard: units × indicators ---------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    status: str
    code: str
    tone: str
    value: Any
    url: str
    text: str  # the target's text, for the cell's title


@dataclass
class Scorecard:
    columns: list[tuple[int, str]]  # (indicator id, name)
    rows: list[tuple[Unit, str, list[Cell | None]]]  # unit, its name, one cell per column


def scorecard(children: list[Unit], targets: list[dict[str, Any]], most: int = 8) -> Scorecard:
    """Each unit below (rows) against the indicators their targets measure (columns): the status
    of the unit's target for that indicator, linking to the target and its figures. Columns are
    the indicators most units follow (at most ``most``)."""
    by_unit: dict[int, dict[int, dict[str, Any]]] = {}
    names: dict[int, str] = {}
    targets_of = ranking.targets_under(children, targets)
    for u in children:
        cells: dict[int, dict[str, Any]] = {}
        for r in targets_of[u.pk]:
            if r.get("indicator_id"):
                # the unit's most worrying target of the indicator
                old = cells.get(r["indicator_id"])
                if old is None or _rank(r["status_code"]) < _rank(old["status_code"]):
                    cells[r["indicator_id"]] = r
                names[r["indicator_id"]] = r["indicator"]
        by_unit[u.pk] = cells
    followed: dict[int, int] = {}
    for cells in by_unit.values():
        for ind in cells:
            followed[ind] = followed.get(ind, 0) + 1
    columns = sorted(followed, key=lambda i: (-followed[i], vi_sort_key(names[i])))[:most]
    rows = []
    for u in children:
        cells = by_unit[u.pk]
        if not any(i in cells for i in columns):
            continue
        rows.append((u, unit_label(u), [_cell(cells.get(i)) for i in columns]))
    return Scorecard([(i, names[i]) for i in columns], rows)


def _cell(r: dict[str, Any] | None) -> Cell | None:
    if r is None:
        return None
    url = r["_url"] if "_url" in r else reverse("target_detail", args=[r["uid"]])  # a light row has no link
    return Cell(r["status"], r["status_code"], r["tone"], r["latest_value"], url + "#figures", r["text"])


_ORDER = {TargetStatus.NOT_MET.value: 0, TargetStatus.AT_RISK.value: 1, TargetStatus.NO_DATA.value: 2,
          TargetStatus.LIKELY.value: 3, TargetStatus.MET.value: 4}


def _rank(code: str) -> int:
    return _ORDER.get(code, 5)


# -- trends ------------------------------------------------------------------------------
@dataclass
class Trend:
    months: list[Period]
    series: list[tuple[str, list[float | None]]]  # (name, one value per month)


def trend_days(period: Period, n: int = TREND_MONTHS) -> list[dt.date]:
    """The ends of the ``n`` months of the trend up to the period's last month, oldest first."""
    return [m.end for m in periods.last_months(last_month_of(period), n)]


def unit_trends(d: Any, period: Period, today: dt.date, n: int = TREND_MONTHS) -> Trend:
    """The score of each unit below ``d``'s unit (``dashboard.build``) at the end of each of the ``n``
    months up to the period's last month, as the ranking computes it on that day (the updates and
    figures of the periods up to that month, as approved now: the rule of the period picker and of
    the reports), from the tasks, targets, sent updates and stored series the dashboard read
    (``d.frame``; built with ``days=trend_days(period)``, each task's updates are folded once)."""
    months = periods.last_months(last_month_of(period), n)
    frame, children = d.frame, d.children
    ends = [m.end for m in months]
    stored = official.stored_series(frame.targets, states=frame.states)  # the targets' combined series
    days = [as_of(m, today) for m in months]
    inputs = _trend_inputs(frame, children, stored, ends, days) if set(ends) <= set(frame.days) else None
    scores = _TRENDS.get(inputs) if inputs is not None else None
    if scores is None:
        scores = _scores(frame, children, stored, ends, days)
        if inputs is not None:
            _TRENDS.put(inputs, scores)
    series = [(unit_label(u), list(scores[u.pk])) for u in children if any(v is not None for v in scores[u.pk])]
    return Trend(months, series)


class _Inputs:
    """Everything a trend's scores are a function of (``_scores``), as a dict key: the children's ids
    and paths, the days, and per task and target its status fields, its unit's path and its stored
    summaries or points *by identity* (``folded_up_to``'s and ``_series_text``'s shared objects,
    held here so their identities are never reused; two keys are equal only when those objects are
    the same ones). A trend is kept per process for its inputs: never stale, as the row memos of
    ``planning.selectors.status``."""

    __slots__ = ("_hash", "held", "plain")

    def __init__(self, plain: tuple[Any, ...], held: list[Any]) -> None:
        self.plain, self.held = plain, held
        self._hash = hash(plain)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _Inputs) and self.plain == other.plain and len(self.held) == len(other.held)
                and all(a is b for a, b in zip(self.held, other.held, strict=True)))


TRENDS_KEPT = 64  # trends kept per process (a unit's dashboard and its periods)
_TRENDS = official.Memo(TRENDS_KEPT)  # _Inputs -> each child's scores


def forget_trends() -> None:
    """Empty the trends kept (tests compare the first computation with the kept answer)."""
    _TRENDS.clear()


def _trend_inputs(frame: Any, children: list[Unit], stored: dict[int, Any], ends: list[dt.date],
                  days: list[dt.date]) -> _Inputs | None:
    """The trend's ``_Inputs``, or None when a target is read from its figures (not kept)."""
    if any(t.pk not in stored for t in frame.targets):
        return None
    held: list[Any] = []
    task_part = []
    for t in frame.tasks:
        h = frame.histories[t.pk]
        held.append(h)
        task_part.append((id(h), t.due_date, t.completed_on, t.run_state, t.recurrence,
                          t.document.monthly_due_day, frame.lead_paths[t.pk]))
    target_part = []
    for t in frame.targets:
        pts = stored[t.pk]
        held.append(pts)
        target_part.append((official.judged_key(t, pts), frame.owner_paths[t.pk]))
    plain = (tuple((u.pk, u.path) for u in children), tuple(frame.days), tuple(ends), tuple(days),
             tuple(task_part), tuple(target_part))
    return _Inputs(plain, held)


def _scores(frame: Any, children: list[Unit], stored: dict[int, Any], ends: list[dt.date],
            days: list[dt.date]) -> dict[int, list[float | None]]:
    """Each child's score on each of ``days`` (``unit_trends``)."""
    tasks, goals = frame.tasks, frame.targets
    scores: dict[int, list[float | None]] = {u.pk: [] for u in children}
    if set(ends) <= set(frame.days):
        index = [frame.days.index(e) for e in ends]
        histories = {pk: [h[i] for i in index] for pk, h in frame.histories.items()}
    else:
        histories = {pk: official.histories_up_to(ups, ends) for pk, ups in frame.sent.items()}
    lead, owner = frame.lead_paths, frame.owner_paths
    target_codes = official.target_codes(goals, days, stored=stored)
    # each task's and target's units below, found once for the six days (``ranking.rank``'s rule:
    # tasks by their lead unit, targets by ``owns_target``)
    task_owners = ranking.owners(children, (lead[t.pk] for t in tasks))
    target_owners = ranking.owners(children, (ranking.owner_path(*owner[t.pk]) for t in goals))
    for i, day in enumerate(days):
        rows = official.task_rows(tasks, day, histories={pk: h[i] for pk, h in histories.items()})
        counted = ((pks, r.code, r.reported_this_period, r.overdue) for pks, r in zip(task_owners, rows, strict=True))
        counts = ranking.counts_by_unit(children, counted, zip(target_owners, target_codes[i], strict=True))
        for u in children:
            got = ranking.scored(u, counts[u.pk])
            scores[u.pk].append(got.score.total if got is not None else None)
    return scores
