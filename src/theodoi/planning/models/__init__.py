"""Planning models: documents of the cascade, targets and figures, tasks and progress."""

from theodoi.planning.models.common import Area, ReviewState
from theodoi.planning.models.documents import (
    Assignment,
    AssignmentRole,
    DocStatus,
    DocType,
    Document,
    DocumentLink,
    Frequency,
    LinkKind,
    PlanDue,
    PlanDueOrigin,
    ReportingDuty,
)
from theodoi.planning.models.state import TargetState, TaskState, UnitCounts
from theodoi.planning.models.targets import (
    Comparator,
    Indicator,
    IndicatorKind,
    Measurement,
    Target,
    TimeAggregation,
    UnitAggregation,
)
from theodoi.planning.models.tasks import (
    DeadlineKind,
    Evidence,
    ProgressUpdate,
    Recurrence,
    RunState,
    Stage,
    Task,
    TaskStage,
)
from theodoi.planning.models.warnings import StoredWarning, WarningRefresh

__all__ = [
    "Area", "Assignment", "AssignmentRole", "Comparator", "DeadlineKind", "DocStatus", "DocType",
    "Document", "DocumentLink", "Evidence", "Frequency", "Indicator", "IndicatorKind", "LinkKind",
    "Measurement", "PlanDue", "PlanDueOrigin", "ProgressUpdate", "Recurrence", "ReportingDuty", "ReviewState",
    "RunState", "Stage", "StoredWarning", "Target", "TargetState", "Task", "TaskStage", "TaskState", "TimeAggregation",
    "UnitAggregation", "UnitCounts",
    "WarningRefresh",
]
