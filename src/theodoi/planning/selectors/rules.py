"""The status rules, under the names the tracking selectors use (the rules live in
``theodoi.domain.status``)."""

from theodoi.domain.status import (  # noqa: F401
    TARGET_LABELS,
    TASK_LABELS,
    TargetFacts,
    TaskFacts,
    meets,
    projected,
    target_code,
    task_code,
    task_overdue,
)
from theodoi.domain.status import TargetStatus as TargetCode  # noqa: F401
from theodoi.domain.status import TaskStatus as TaskCode  # noqa: F401
