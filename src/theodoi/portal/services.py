"""The only writers of feedback: citizens send it, the standing office answers or hides it.

Each function runs in one transaction and records an audit event in it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import Document, Task
from theodoi.portal.models import Feedback, FeedbackKind, FeedbackStatus
from theodoi.portal.selectors import public_documents, public_tasks_qs
from theodoi.tenancy.permissions import can

MAX_ANSWER = 5000


def submit_feedback(*, document: Document, task: Task | None, kind: str, name: str, organisation: str,
                    contact: str, body: str) -> Feedback:
    """Store a citizen's feedback (status "new") on a public plan or one of its public tasks.

    Guarantees: the plan (and task) is public and not confidential (ValidationError otherwise);
    text is stored as typed (escaping happens when it is shown).
    """
    if not public_documents().filter(pk=document.pk).exists():
        raise ValidationError(_("Kế hoạch này không nhận ý kiến công khai."))
    if task is not None and (task.document_id != document.pk
                             or not public_tasks_qs().filter(pk=task.pk).exists()):
        raise ValidationError(_("Nhiệm vụ này không nhận ý kiến công khai."))
    if kind not in FeedbackKind.values:
        raise ValidationError(_("Loại ý kiến không hợp lệ."))
    with transaction.atomic():
        fb = Feedback.objects.create(document=document, task=task, kind=kind, name=name.strip(),
                                     organisation=organisation.strip(), contact=contact.strip(),
                                     body=body.strip())
        record("feedback_received", fb, actor="công dân")
    return fb


def _lock(user: Any, fb: Feedback) -> tuple[Feedback, dict]:
    if not can(user, "manage", fb):
        raise PermissionDenied(_("Bạn không có quyền xử lý ý kiến về kế hoạch này."))
    row = Feedback.objects.select_for_update().get(pk=fb.pk)
    return row, snapshot(row)


def answer_feedback(*, user: Any, feedback: Feedback, answer: str) -> Feedback:
    """Answer (or correct the answer to) feedback; the answer is then shown publicly.

    Guarantees: only the standing office of the plan (``manage``) answers; an empty answer
    is refused; the answer, its author and time are saved with one audit event.
    """
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("Hãy nhập nội dung trả lời."))
    if len(answer) > MAX_ANSWER:
        raise ValidationError(_("Nội dung trả lời dài quá %(n)s ký tự.") % {"n": MAX_ANSWER})
    with transaction.atomic():
        row, before = _lock(user, feedback)
        row.answer, row.answered_by, row.answered_at = answer, user, timezone.now()
        row.status, row.hidden_reason = FeedbackStatus.ANSWERED, ""
        row.save()
        record("feedback_answered", row, actor=user, before=before, after=snapshot(row))
    return row


def hide_feedback(*, user: Any, feedback: Feedback, reason: str) -> Feedback:
    """Keep feedback off the portal (abusive, personal data, spam) with a required reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy nêu lý do không công khai ý kiến này."))
    with transaction.atomic():
        row, before = _lock(user, feedback)
        row.status, row.hidden_reason = FeedbackStatus.HIDDEN, reason[:255]
        row.save()
        record("feedback_hidden", row, actor=user, before=before, after=snapshot(row), reason=reason)
    return row


def restore_feedback(*, user: Any, feedback: Feedback) -> Feedback:
    """Undo hiding: back to "answered" when it has an answer, else "new"."""
    with transaction.atomic():
        row, before = _lock(user, feedback)
        row.status = FeedbackStatus.ANSWERED if row.answer else FeedbackStatus.NEW
        row.hidden_reason = ""
        row.save()
        record("feedback_restored", row, actor=user, before=before, after=snapshot(row))
    return row
