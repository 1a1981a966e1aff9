"""Pure status rules for tasks and targets (no Django), used by the tracking selectors.

They delegate to ``theodoi.domain.status`` for the vocabulary when it is present and
otherwise carry the same official Vietnamese labels. Every function is deterministic
in its arguments (``today`` is passed in), which is what the unit tests rely on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class TaskCode(StrEnum):
    DONE_ON_TIME = "hoan_thanh_dung_han"
    DONE_LATE = "hoan_thanh_qua_han"
    ON_TRACK = "dang_thuc_hien_trong_han"
    OVERDUE = "dang_thuc_hien_qua_han"
    NOT_STARTED = "chua_trien_khai"
    PAUSED = "tam_dung"
    STOPPED = "dung"


class TargetCode(StrEnum):
    MET = "dat"
    LIKELY = "co_kha_nang_dat"
    AT_RISK = "nguy_co_khong_dat"
    NOT_MET = "khong_dat"
    NO_DATA = "chua_co_so_lieu"


TASK_LABELS = {
    TaskCode.DONE_ON_TIME: "Hoàn thành đúng hạn",
    TaskCode.DONE_LATE: "Hoàn thành quá hạn",
    TaskCode.ON_TRACK: "Đang thực hiện trong hạn",
    TaskCode.OVERDUE: "Đang thực hiện quá hạn",
    TaskCode.NOT_STARTED: "Chưa triển khai",
    TaskCode.PAUSED: "Tạm dừng",
    TaskCode.STOPPED: "Dừng",
}
TARGET_LABELS = {
    TargetCode.MET: "Đạt",
    TargetCode.LIKELY: "Có khả năng đạt",
    TargetCode.AT_RISK: "Nguy cơ không đạt",
    TargetCode.NOT_MET: "Không đạt",
    TargetCode.NO_DATA: "Chưa có số liệu",
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


def task_code(f: TaskFacts, today: dt.date) -> TaskCode:
    """The official status of a task.

    Order matters: a decision to stop or pause wins; then completion (on time or late);
    recurring tasks ("hằng năm", "thường xuyên") are judged per period (reported for
    the last closed period = in time); then not started; then the deadline.
    """
    if f.run_state == "stopped":
        return TaskCode.STOPPED
    if f.run_state == "paused":
        return TaskCode.PAUSED
    if f.completed_on is not None and not f.recurring:
        on_time = f.due is None or f.completed_on <= f.due
        return TaskCode.DONE_ON_TIME if on_time else TaskCode.DONE_LATE
    if f.recurring:
        if not f.started:
            return TaskCode.NOT_STARTED
        return TaskCode.ON_TRACK if f.reported_this_period else TaskCode.OVERDUE
    if not f.started and not (f.percent and f.percent > 0):
        return TaskCode.NOT_STARTED
    if f.due is None or today <= f.due:
        return TaskCode.ON_TRACK
    return TaskCode.OVERDUE


def task_overdue(f: TaskFacts, today: dt.date) -> bool:
    """Past its deadline and not finished (whether started or not), and not paused/stopped."""
    if f.run_state != "active" or f.recurring or f.completed_on is not None:
        return False
    return f.due is not None and today > f.due


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


def target_code(f: TargetFacts, today: dt.date) -> TargetCode:
    """The official status of a target from its approved figures.

    Met when the latest value satisfies the goal; not met when the deadline has passed
    without it; otherwise the straight-line trend to the deadline says likely or at risk
    (a single figure is compared with an even pace from the plan's start).
    """
    if not f.series:
        return TargetCode.NO_DATA
    if f.goal is None:
        return TargetCode.LIKELY
    last = f.series[-1][1]
    if meets(f.comparator, last, f.goal, f.goal_max):
        return TargetCode.MET
    if f.deadline is not None and today > f.deadline:
        return TargetCode.NOT_MET
    forecast = projected(f)
    if forecast is not None:
        return TargetCode.LIKELY if meets(f.comparator, forecast, f.goal, f.goal_max) else TargetCode.AT_RISK
    if f.comparator in ("<=", "<", "="):
        return TargetCode.AT_RISK
    if f.start is None or f.deadline is None or f.deadline <= f.start:
        return TargetCode.AT_RISK
    share = Decimal(max(0, (f.series[-1][0] - f.start).days)) / Decimal((f.deadline - f.start).days)
    base = f.baseline or Decimal(0)
    expected = base + (f.goal - base) * min(Decimal(1), share)
    return TargetCode.LIKELY if last >= expected * Decimal("0.9") else TargetCode.AT_RISK
