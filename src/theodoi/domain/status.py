"""Official statuses of tasks and targets, in the vocabulary leaders are briefed in.

Tasks: hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, đang thực hiện
quá hạn, chưa triển khai, tạm dừng, dừng. Targets: đạt, có khả năng đạt, nguy cơ không
đạt, không đạt, chưa có số liệu; the middle two come from the trend of the figures
against the deadline. Every function is deterministic in its arguments (``today`` is
passed in).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class TaskStatus(StrEnum):
    DONE_ON_TIME = "hoan_thanh_dung_han"
    DONE_LATE = "hoan_thanh_qua_han"
    ON_TRACK = "dang_thuc_hien_trong_han"
    OVERDUE = "dang_thuc_hien_qua_han"
    NOT_STARTED = "chua_trien_khai"
    PAUSED = "tam_dung"
    STOPPED = "dung"

    @property
    def label(self) -> str:
        return TASK_LABELS[self]

    @property
    def is_overdue(self) -> bool:
        return self is TaskStatus.OVERDUE


# The task statuses the unit score counts as completed, and as late (overdue or completed late).
TASK_DONE = (TaskStatus.DONE_ON_TIME.value, TaskStatus.DONE_LATE.value)
TASK_LATE = (TaskStatus.OVERDUE.value, TaskStatus.DONE_LATE.value)


class TargetStatus(StrEnum):
    MET = "dat"
    LIKELY = "co_kha_nang_dat"
    AT_RISK = "nguy_co_khong_dat"
    NOT_MET = "khong_dat"
    NO_DATA = "chua_co_so_lieu"

    @property
    def label(self) -> str:
        return TARGET_LABELS[self]


def gettext_noop(message: str) -> str:
    """Marks a label for ``makemessages`` (domain/ imports no Django); the pages translate it
    with ``gettext`` (``web.selectors.facts``)."""
    return message


TASK_LABELS = {
    TaskStatus.DONE_ON_TIME: gettext_noop("Hoàn thành đúng hạn"),
    TaskStatus.DONE_LATE: gettext_noop("Hoàn thành quá hạn"),
    TaskStatus.ON_TRACK: gettext_noop("Đang thực hiện trong hạn"),
    TaskStatus.OVERDUE: gettext_noop("Đang thực hiện quá hạn"),
    TaskStatus.NOT_STARTED: gettext_noop("Chưa triển khai"),
    TaskStatus.PAUSED: gettext_noop("Tạm dừng"),
    TaskStatus.STOPPED: gettext_noop("Dừng"),
}
TARGET_LABELS = {
    TargetStatus.MET: gettext_noop("Đạt"),
    TargetStatus.LIKELY: gettext_noop("Có khả năng đạt"),
    TargetStatus.AT_RISK: gettext_noop("Nguy cơ không đạt"),
    TargetStatus.NOT_MET: gettext_noop("Không đạt"),
    TargetStatus.NO_DATA: gettext_noop("Chưa có số liệu"),
}



@dataclass(frozen=True)
class TaskFacts:
    """What the task rule needs to know about one task on one day."""

    due: dt.date | None
    completed_on: dt.date | None
    run_state: str = "active"
    percent: Decimal | None = None  # latest approved progress
    started: bool = False  # any sent update with progress or narrative
    recurring: bool = False
    reported_this_period: bool = False  # recurring: an update for the last closed period


def task_code(f: TaskFacts, today: dt.date) -> TaskStatus:
    """The official status of a task.

    Order matters: a decision to stop or pause wins; then completion (on time or late);
    recurring tasks ("hằng năm", "thường xuyên") are judged per period (reported for
    the last closed period = in time); then not started; then the deadline.
    """
    if f.run_state == "stopped":
        return TaskStatus.STOPPED
    if f.run_state == "paused":
        return TaskStatus.PAUSED
    if f.completed_on is not None and not f.recurring:
        on_time = f.due is None or f.completed_on <= f.due
        return TaskStatus.DONE_ON_TIME if on_time else TaskStatus.DONE_LATE
    if f.recurring:
        if not f.started:
            return TaskStatus.NOT_STARTED
        return TaskStatus.ON_TRACK if f.reported_this_period else TaskStatus.OVERDUE
    if not f.started and not (f.percent and f.percent > 0):
        return TaskStatus.NOT_STARTED
    if f.due is None or today <= f.due:
        return TaskStatus.ON_TRACK
    return TaskStatus.OVERDUE


def task_overdue(f: TaskFacts, today: dt.date) -> bool:
    """Past its deadline and not finished (whether started or not), and not paused/stopped."""
    if f.run_state != "active" or f.recurring or f.completed_on is not None:
        return False
    return f.due is not None and today > f.due


COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


def comparator_sign(comparator: str | None) -> str:
    """How a comparator is printed on every page, report, export and the portal: ``>=`` → "≥".

    A blank comparator means "at least" (``meets``), so it prints "≥" too; a sign already
    converted ("≤") is kept.
    """
    if comparator in COMPARATOR_SIGNS.values():
        return str(comparator)
    return COMPARATOR_SIGNS.get(comparator or "", "≥")


# units of measure that are no unit: an index or a score is printed as the bare number (HDI 0,623)
NO_UNIT = frozenset({"index", "chỉ số", "hệ số", "điểm số"})


def shown_unit(uom: str | None) -> str:
    """A target's unit of measure as printed after a number ("" for an index or a score)."""
    text = (uom or "").strip()
    return "" if text.lower() in NO_UNIT else text


def goal_text(comparator: str | None, value: Decimal | str | None, value_max: Decimal | str | None = None,
              uom: str | None = "") -> str:
    """A target's goal as the plan wrote it, on every page, export, report and the portal:
    "≥ 0,623", "1–2 sản phẩm" (a range is a range, not "≥ 1"), "≤ 5%" (the percent sign set
    close, as ``numbers.format_percent`` does); "" when the plan gave no figure (never "≥ —").
    ``value`` and ``value_max`` may be Decimals or the strings of a report's snapshot."""
    from theodoi.domain.numbers import format_exact

    low = None if value is None or value == "" else Decimal(value)
    high = None if value_max is None or value_max == "" else Decimal(value_max)
    if low is None and high is None:
        return ""
    if low is not None and high is not None and high != low:
        core = f"{format_exact(low)}–{format_exact(high)}"
    elif low is None:
        core = f"≤ {format_exact(high)}"  # type: ignore[arg-type]  # high is set here
    else:
        core = f"{comparator_sign(comparator)} {format_exact(low)}"
    unit = shown_unit(uom)
    return f"{core}{'' if unit == '%' else ' '}{unit}" if unit else core


def meets(comparator: str, value: Decimal, goal: Decimal, goal_max: Decimal | None = None) -> bool:
    """Whether ``value`` satisfies ``comparator goal`` (a blank comparator means ≥; a range uses goal_max)."""
    if goal_max is not None:
        return goal <= value <= goal_max
    return {
        ">=": value >= goal, ">": value > goal, "<=": value <= goal, "<": value < goal,
        "=": value == goal, "": value >= goal,
    }.get(comparator or "", value >= goal)


@dataclass(frozen=True)
class TargetFacts:
    comparator: str
    goal: Decimal | None
    deadline: dt.date | None
    series: tuple[tuple[dt.date, Decimal], ...]  # (period end, aggregated value), oldest first
    start: dt.date | None = None  # when the plan started (for a pace with a single figure)
    baseline: Decimal | None = None
    goal_max: Decimal | None = None


def projected(f: TargetFacts) -> Decimal | None:
    """The value the trend reaches at the deadline (straight line through first and last points)."""
    points = list(f.series)
    if f.baseline is not None and f.start is not None and (not points or f.start < points[0][0]):
        points.insert(0, (f.start, f.baseline))
    if len(points) < 2 or f.deadline is None:
        return None
    (d0, v0), (d1, v1) = points[0], points[-1]
    if d1 <= d0:
        return None
    slope = (v1 - v0) / Decimal((d1 - d0).days)
    return v1 + slope * Decimal((f.deadline - d1).days)


def target_code(f: TargetFacts, today: dt.date) -> TargetStatus:
    """The official status of a target from its approved figures.

    Met when the latest value satisfies the goal; not met when the deadline has passed
    without it; otherwise the straight-line trend to the deadline says likely or at risk
    (a single figure is compared with an even pace from the plan's start). A target with no
    value to reach cannot be judged from figures: it stays "chưa có số liệu" (the "6 rõ"
    listing asks the standing office to give it a measurable indicator).
    """
    if not f.series or f.goal is None:
        return TargetStatus.NO_DATA
    last = f.series[-1][1]
    if meets(f.comparator, last, f.goal, f.goal_max):
        return TargetStatus.MET
    if f.deadline is not None and today > f.deadline:
        return TargetStatus.NOT_MET
    forecast = projected(f)
    if forecast is not None:
        return TargetStatus.LIKELY if meets(f.comparator, forecast, f.goal, f.goal_max) else TargetStatus.AT_RISK
    if f.comparator in ("<=", "<", "="):
        return TargetStatus.AT_RISK
    if f.start is None or f.deadline is None or f.deadline <= f.start:
        return TargetStatus.AT_RISK
    share = Decimal(max(0, (f.series[-1][0] - f.start).days)) / Decimal((f.deadline - f.start).days)
    base = f.baseline or Decimal(0)
    expected = base + (f.goal - base) * min(Decimal(1), share)
    return TargetStatus.LIKELY if last >= expected * Decimal("0.9") else TargetStatus.AT_RISK


def task_status(*, due: dt.date | None, completed_on: dt.date | None, percent: Decimal | None,
                run_state: str = "active", today: dt.date, started: bool | None = None,
                recurring: bool = False, reported_this_period: bool = False) -> TaskStatus:
    """The status of one task from its row and its latest approved percentage.

    ``started`` defaults to "a percentage above zero has been reported".
    """
    facts = TaskFacts(
        due=due, completed_on=completed_on, run_state=run_state or "active", percent=percent,
        started=bool(percent and percent > 0) if started is None else started,
        recurring=recurring, reported_this_period=reported_this_period,
    )
    return task_code(facts, today)


def target_status(*, comparator: str, goal: Decimal | None, value: Decimal | None,
                  deadline: dt.date | None, today: dt.date, goal_max: Decimal | None = None,
                  series: tuple[tuple[dt.date, Decimal], ...] | None = None,
                  start: dt.date | None = None, baseline: Decimal | None = None) -> TargetStatus:
    """The status of one target from its latest value (or its whole series, oldest first)."""
    if series is None:
        series = () if value is None else ((today, Decimal(value)),)
    facts = TargetFacts(comparator=comparator or "", goal=goal, deadline=deadline, series=series,
                        start=start, baseline=baseline, goal_max=goal_max)
    return target_code(facts, today)
