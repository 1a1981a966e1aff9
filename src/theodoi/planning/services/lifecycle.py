"""The science-and-technology task lifecycle: dated stages with documents and money.

Reading the reconciliation of progress, money and outputs lives in
``planning.selectors.lifecycle.reconcile`` (re-exported here for convenience).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from theodoi.audit.services import record
from theodoi.domain.lifecycle import order_problems
from theodoi.planning.models import Stage, Task, TaskStage
from theodoi.planning.selectors.lifecycle import Reconciliation, reconcile
from theodoi.planning.services.common import decimal_or_none, lock, require, text
from theodoi.tenancy.permissions import can

__all__ = ["Reconciliation", "add_stage", "reconcile"]


def add_stage(*, user: Any, task: Task, stage: str, date: dt.date, document_ref: str = "",
              amount: Any = None, note: str = "", files: list | None = None, order_reason: str = "") -> TaskStage:
    """Record one stage of a science task (its lead unit or the plan's standing office).

    A disbursement stage needs an amount; dates may not be in the future. A stage out of the
    lifecycle's order (``domain.lifecycle.order_problems``: a missing earlier stage, a date before
    an earlier stage, a one-off stage twice) needs ``order_reason``, kept on the stage and in the
    audit record. The stage, its files and the audit record commit together.
    """
    if not (can(user, "report", task) or can(user, "manage", task)):
        require(user, "report", task, _("Bạn không có quyền cập nhật giai đoạn của nhiệm vụ này."))
    if not task.is_science_task:
        raise ValidationError(_("Chỉ nhiệm vụ khoa học, công nghệ mới có các giai đoạn."))
    if stage not in Stage.values:
        raise ValidationError(_("Giai đoạn không hợp lệ."))
    if not isinstance(date, dt.date):
        raise ValidationError(_("Hãy nhập ngày của giai đoạn."))
    from django.utils import timezone

    if date > timezone.localdate():
        raise ValidationError(_("Ngày của giai đoạn không được ở tương lai."))
    money = decimal_or_none(amount, _("Số tiền"))
    if stage == Stage.DISBURSEMENT and not money:
        raise ValidationError(_("Giai đoạn giải ngân cần số tiền."))
    order_reason = text(order_reason)
    with transaction.atomic():
        lock(Task, task.pk)  # two stages entered at once are judged one after the other
        recorded = list(TaskStage.objects.filter(task=task).values_list("stage", "date"))
        problems = order_problems(recorded, stage, date, {k: str(v) for k, v in Stage.choices})
        if problems and not order_reason:
            raise ValidationError(_("Giai đoạn không theo thứ tự: %(p)s. Hãy ghi lý do.") % {
                "p": "; ".join(p.render(gettext) for p in problems)})
        row = TaskStage.objects.create(task=task, stage=stage, date=date, document_ref=text(document_ref, 255),
                                       amount=money, note=text(note), order_reason=order_reason if problems else "",
                                       created_by=user)
        row.refresh_from_db()
        record("create", row, actor=user, reason=row.order_reason)
        for f in files or []:
            from theodoi.planning.services.evidence import attach_evidence

            attach_evidence(user=user, file=f, stage=row)
    return row
