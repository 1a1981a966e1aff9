"""The one adapter between the staff pages and ``domain.status``.

Pages need, for each task or target, a status code, its Vietnamese label, a colour
tone and whether it is overdue. The rules live in ``domain.status``; this module
only feeds it the row's facts and names the tone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from theodoi.domain import status as dstatus


@dataclass(frozen=True)
class StatusView:
    code: str
    label: str
    tone: str  # ok | warn | bad | info | muted (CSS badge-<tone>)
    overdue: bool = False


def _tone(code: str) -> str:
    c = code.lower()
    if "qua_han" in c or "overdue" in c or "khong_dat" in c or "not_met" in c or c in ("stopped", "dung"):
        return "bad"
    if "nguy_co" in c or "risk" in c or "paused" in c or "tam_dung" in c or "late" in c:
        return "warn"
    if "hoan_thanh" in c or "done" in c or c in ("dat", "met", "likely") or "kha_nang" in c:
        return "ok"
    if "chua" in c or "no_data" in c or "not_started" in c:
        return "muted"
    return "info"


def _view(st: Any) -> StatusView:
    code = str(getattr(st, "value", st))
    label = str(getattr(st, "label", code))
    overdue = bool(getattr(st, "is_overdue", False)) or "qua_han" in code or "overdue" in code
    return StatusView(code, label, _tone(code), overdue)


def task_status(task: Any, percent: Decimal | None, today: dt.date) -> StatusView:
    return _view(dstatus.task_status(
        due=task.due_date, completed_on=task.completed_on, percent=percent,
        run_state=task.run_state, today=today,
    ))


def target_status(target: Any, value: Decimal | None, today: dt.date) -> StatusView:
    return _view(dstatus.target_status(
        comparator=target.comparator, goal=target.value, value=value,
        deadline=target.deadline, today=today,
    ))


def task_status_choices() -> list[tuple[str, str]]:
    return [(str(s.value), str(s.label)) for s in dstatus.TaskStatus]


def target_status_choices() -> list[tuple[str, str]]:
    return [(str(s.value), str(s.label)) for s in dstatus.TargetStatus]
