"""The one adapter between the staff pages and the official statuses.

The statuses are decided by the tracking selectors (``planning.selectors.status``,
which apply ``domain.status`` to approved updates and figures), so a task is
"quá hạn" on a page exactly when it is in the reports and the warnings. This module
only names, for each status code, its translated label and the colour tone of its badge.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.domain.forecast import AT_RISK, LIKELY, UNCERTAIN
from theodoi.domain.status import TARGET_LABELS, TASK_DONE, TASK_LABELS, TASK_LATE, TargetStatus, TaskStatus

# A forecast's outlook at the target's deadline (``domain.forecast``): label and badge tone.
OUTLOOK = {LIKELY: (gettext_lazy("Có khả năng đạt"), "ok"), UNCERTAIN: (gettext_lazy("Chưa chắc đạt"), "warn"),
           AT_RISK: (gettext_lazy("Nguy cơ không đạt"), "bad"), "": (gettext_lazy("Chưa có dự báo"), "muted")}

TONES: dict[str, str] = {
    TaskStatus.DONE_ON_TIME: "ok", TaskStatus.DONE_LATE: "warn", TaskStatus.ON_TRACK: "info",
    TaskStatus.OVERDUE: "bad", TaskStatus.NOT_STARTED: "muted", TaskStatus.PAUSED: "warn",
    TaskStatus.STOPPED: "muted",
    TargetStatus.MET: "ok", TargetStatus.LIKELY: "info", TargetStatus.AT_RISK: "warn",
    TargetStatus.NOT_MET: "bad", TargetStatus.NO_DATA: "muted",
}
DONE, LATE = TASK_DONE, TASK_LATE  # the score's (domain.status)


@dataclass(frozen=True)
class StatusView:
    code: str
    label: str
    tone: str  # ok | warn | bad | info | muted (CSS badge-<tone>)


def task_view(code: str) -> StatusView:
    return StatusView(code, _(TASK_LABELS[TaskStatus(code)]), TONES[TaskStatus(code)])


def target_view(code: str) -> StatusView:
    return StatusView(code, _(TARGET_LABELS[TargetStatus(code)]), TONES[TargetStatus(code)])


def task_status_choices() -> list[tuple[str, str]]:
    return [(s.value, _(TASK_LABELS[s])) for s in TaskStatus]


def target_status_choices() -> list[tuple[str, str]]:
    return [(s.value, _(TARGET_LABELS[s])) for s in TargetStatus]


def outlook_view(code: str) -> StatusView:
    """A forecast's outlook (``""``: no forecast: too few figures, no goal or no deadline)."""
    label, tone = OUTLOOK[code]
    return StatusView(code, str(label), tone)
