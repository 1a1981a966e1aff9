"""The leader's review of updates and figures: approve, return with a reason, reopen with a reason.

States: draft → submitted → approved (locked) | returned → (edited) draft → submitted ...
An approved item is locked; ``reopen`` (with a reason, logged) brings it back to
``returned`` so the unit can correct it and submit again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState, Task
from theodoi.planning.services.common import check_version, lock, require
from theodoi.planning.services.errors import ReviewError
from theodoi.tenancy.permissions import can_reopen

Reviewable = ProgressUpdate | Measurement


def _shown(obj: Reviewable) -> tuple[str, ...]:
    from theodoi.planning.services import measurements, progress

    return progress.SHOWN if isinstance(obj, ProgressUpdate) else measurements.SHOWN


def _begin(user: Any, obj: Reviewable, expected_version: int | None, states: tuple[str, ...],
           wrong_state: str) -> tuple[Reviewable, dict]:
    require(user, "approve", obj, _("Bạn không có quyền duyệt nội dung này."))
    row = lock(type(obj), obj.pk)
    check_version(row, obj.version if expected_version is None else expected_version, _shown(row))
    if row.state not in states:
        raise ReviewError(wrong_state)
    return row, snapshot(row)


def _finish(row: Reviewable, user: Any, action: str, before: dict, reason: str = "") -> Reviewable:
    row.reviewed_by = user
    row.reviewed_at = timezone.now()
    row.version += 1
    row.save()
    row.refresh_from_db()
    record(action, row, actor=user, before=before, after=snapshot(row), reason=reason)
    return row


def approve(user: Any, obj: Reviewable, expected_version: int | None = None) -> Reviewable:
    """Approve a submitted update or figure; it becomes locked.

    Approving an update at 100% marks its (non-recurring) task completed on the day
    the unit submitted it, so the task's status can say on time or late.
    """
    with transaction.atomic():
        row, before = _begin(user, obj, expected_version, (ReviewState.SUBMITTED,),
                             _("Chỉ duyệt được báo cáo, số liệu đã gửi và chưa được duyệt."))
        row.state = ReviewState.APPROVED
        row.review_note = ""
        row = _finish(row, user, "approve", before)
        if isinstance(row, ProgressUpdate) and row.percent is not None and row.percent >= 100:
            _complete_task(row, user)
    return row


def return_for_changes(user: Any, obj: Reviewable, reason: str, expected_version: int | None = None) -> Reviewable:
    """Send a submitted update or figure back to the unit with a (required) reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do trả lại."))
    with transaction.atomic():
        row, before = _begin(user, obj, expected_version, (ReviewState.SUBMITTED,),
                             _("Chỉ trả lại được báo cáo, số liệu đã gửi và chưa được duyệt."))
        row.state = ReviewState.RETURNED
        row.review_note = reason
        return _finish(row, user, "return", before, reason)


def reopen(user: Any, obj: Reviewable, reason: str, expected_version: int | None = None) -> Reviewable:
    """Unlock an approved item (state → returned) with a required reason, logged in the audit trail.

    Allowed to the unit's leader (approve) and to the standing office of the plan (manage).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do mở lại."))
    if not can_reopen(user, obj):
        raise PermissionDenied(_("Bạn không có quyền mở lại nội dung này."))
    with transaction.atomic():
        row = lock(type(obj), obj.pk)
        check_version(row, obj.version if expected_version is None else expected_version, _shown(row))
        if row.state != ReviewState.APPROVED:
            raise ReviewError(_("Chỉ mở lại được nội dung đã duyệt."))
        before = snapshot(row)
        row.state = ReviewState.RETURNED
        row.review_note = reason
        if isinstance(row, ProgressUpdate):
            row.reopened_reason = reason
        row = _finish(row, user, "reopen", before, reason)
        if isinstance(row, ProgressUpdate):
            _uncomplete_task(row, user, reason)
    return row


def _complete_task(update: ProgressUpdate, user: Any) -> None:
    task = lock(Task, update.task_id)
    if task.completed_on is not None or task.recurrence:
        return  # recurring tasks are judged per period, never "completed"
    before = snapshot(task)
    task.completed_on = timezone.localtime(update.submitted_at).date() if update.submitted_at else timezone.localdate()
    task.version += 1
    task.save()
    task.refresh_from_db()
    record("complete", task, actor=user, before=before, after=snapshot(task),
           reason=_("Duyệt báo cáo kỳ %(k)s đạt 100%%") % {"k": update.period_key})


def _uncomplete_task(update: ProgressUpdate, user: Any, reason: str) -> None:
    task = lock(Task, update.task_id)
    if task.completed_on is None:
        return
    still_done = ProgressUpdate.objects.filter(task=task, state=ReviewState.APPROVED, percent__gte=100).exists()
    if still_done:
        return
    before = snapshot(task)
    task.completed_on = None
    task.version += 1
    task.save()
    task.refresh_from_db()
    record("uncomplete", task, actor=user, before=before, after=snapshot(task), reason=reason)
