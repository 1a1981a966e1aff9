"""Editing a task: its fields (the "6 rõ"), its run state (pause/stop with a reason), its person."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import RunState, Task
from theodoi.planning.services.common import check_version, decimal_or_none, lock, require, text
from theodoi.planning.services.handset import changed_fields, mark_hand_set

TEXT_FIELDS = ("title", "description", "responsibility", "approving_authority", "outputs", "deadline_text",
               "funding_source", "lead_unit_name", "coordinating_text")
FK_FIELDS = ("lead_unit", "responsible_person", "receiving_unit")
DATE_FIELDS = ("start_date", "due_date", "completed_on")
FLAG_FIELDS = ("is_public", "finance_public", "confidential", "is_science_task")
EDITABLE = TEXT_FIELDS + FK_FIELDS + DATE_FIELDS + FLAG_FIELDS + ("budget_planned", "recurrence")
SHOWN = TEXT_FIELDS + ("lead_unit_id", "responsible_person_id", "due_date", "run_state", "completed_on")


def update_task(*, user: Any, task: Task, fields: dict[str, Any], expected_version: int | None = None,
                reason: str = "") -> Task:
    """Change the given fields of a task (standing office of the plan only: ``manage``).

    Unknown fields are refused; the title may not be emptied; due date may not
    precede the start; a stale version raises ConflictError. The fields changed are marked
    as set by hand (``handset.mark_hand_set``): re-importing the plan keeps them.
    """
    require(user, "manage", task, _("Bạn không có quyền sửa nhiệm vụ này."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Không sửa được trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        row = lock(Task, task.pk)
        check_version(row, task.version if expected_version is None else expected_version, SHOWN)
        before = snapshot(row)
        for name, value in fields.items():
            setattr(row, name, _clean(name, value))
        if not row.title:
            raise ValidationError(_("Tên nhiệm vụ không được để trống."))
        if row.start_date and row.due_date and row.due_date < row.start_date:
            raise ValidationError(_("Hạn hoàn thành không được trước ngày bắt đầu."))
        mark_hand_set(row, changed_fields(before, snapshot(row)))  # a re-import keeps them
        row.version += 1
        row.save()
        row.refresh_from_db()
        record("update", row, actor=user, before=before, after=snapshot(row), reason=text(reason))
    return row


def _clean(name: str, value: Any) -> Any:
    if name in TEXT_FIELDS:
        return text(value, 255 if name in ("approving_authority", "deadline_text", "funding_source",
                                           "lead_unit_name") else 20000)
    if name == "budget_planned":
        return decimal_or_none(value, _("Kinh phí dự kiến"))
    if name == "recurrence":
        if value not in ("", None, "annual", "continuous"):
            raise ValidationError(_("Kiểu lặp lại không hợp lệ."))
        return value or ""
    if name in FLAG_FIELDS:
        return bool(value)
    return value


def assign_person(*, user: Any, task: Task, person: Any, expected_version: int | None = None) -> Task:
    """Name the person responsible for the task (rõ người)."""
    return update_task(user=user, task=task, fields={"responsible_person": person},
                       expected_version=expected_version, reason=_("Phân công người phụ trách"))


RUN_ACTIONS = {RunState.ACTIVE: "resume", RunState.PAUSED: "pause", RunState.STOPPED: "stop"}


def set_run_state(*, user: Any, task: Task, run_state: str, reason: str = "",
                  expected_version: int | None = None) -> Task:
    """Pause, stop or resume a task: a decision of the leader of the plan's issuer (``direct``).

    Pausing or stopping needs a reason, kept on the task (``run_state_reason``) and in the audit
    record; resuming clears it (the trail keeps it). A paused or stopped task leaves the
    obligations and the warnings (nobody is asked to report on it) and counts as paused or
    stopped in the statuses and reports. Setting the state a task already has is refused, and
    a stale ``expected_version`` raises ConflictError.
    """
    require(user, "direct", task, _("Chỉ lãnh đạo cơ quan ban hành kế hoạch mới được tạm dừng, "
                                    "dừng hoặc cho tiếp tục nhiệm vụ."))
    if run_state not in RunState.values:
        raise ValidationError(_("Trạng thái điều hành không hợp lệ."))
    reason = text(reason)
    if run_state != RunState.ACTIVE and not reason:
        raise ValidationError(_("Hãy ghi lý do tạm dừng hoặc dừng nhiệm vụ."))
    with transaction.atomic():
        row = lock(Task, task.pk)
        check_version(row, task.version if expected_version is None else expected_version, SHOWN)
        if row.run_state == run_state:
            raise ValidationError(_("Nhiệm vụ đã ở trạng thái “%(s)s”.") % {"s": RunState(run_state).label})
        if row.completed_on is not None and run_state != RunState.ACTIVE:
            raise ValidationError(_("Nhiệm vụ đã hoàn thành, không thể tạm dừng hay dừng."))
        before = snapshot(row)
        row.run_state = run_state
        row.run_state_reason = reason if run_state != RunState.ACTIVE else ""
        row.version += 1
        row.save()
        row.refresh_from_db()
        record(RUN_ACTIONS[RunState(run_state)], row, actor=user, before=before, after=snapshot(row), reason=reason)
    return row
