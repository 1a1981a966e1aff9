"""Monthly progress updates (báo cáo tiến độ) of a task by its lead unit: save and submit."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi import storage
from theodoi.audit.services import record, snapshot
from theodoi.planning.models import ProgressUpdate, ReviewState, Task
from theodoi.planning.services.common import (
    check_version,
    decimal_or_none,
    lock,
    reportable_period,
    require,
    text,
)
from theodoi.storage import written

# The fields an officer writes; also what a ConflictError shows of the other person's save.
FIELDS = ("percent", "work_done", "outputs_delivered", "disbursed_total", "difficulties", "proposals")
SHOWN = FIELDS + ("state",)


def clean_update_data(data: dict[str, Any]) -> dict[str, Any]:
    """Validated values of the officer's fields present in ``data`` (Vietnamese errors)."""
    out: dict[str, Any] = {}
    errors: list[str] = []
    for field in FIELDS:
        if field not in data:
            continue
        try:
            if field == "percent":
                out[field] = decimal_or_none(data[field], _("Tỷ lệ hoàn thành (%)"), maximum=Decimal(100))
                if out[field] is not None:
                    out[field] = out[field].quantize(Decimal("0.1"))
            elif field == "disbursed_total":
                value = decimal_or_none(data[field], _("Giải ngân lũy kế"))
                out[field] = value.quantize(Decimal(1)) if value is not None else None
            else:
                out[field] = text(data[field])
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return out


def save_update(*, user: Any, task: Task, period_key: str, data: dict[str, Any],
                expected_version: int | None = None, submit: bool = False) -> ProgressUpdate:
    """Create or change the lead unit's update of ``task`` for a period; optionally submit it.

    Guarantees: only someone who may ``report`` on the task writes (PermissionDenied);
    an approved update is never changed (ValidationError: reopen it first);
    ``expected_version`` is the version the caller read (None when they saw no update):
    a stale one raises ConflictError with the other person's values; the row, its
    evidence files (``data["evidence"]``: uploaded files) and one audit event commit together.
    """
    period = reportable_period(period_key, task.document.monthly_due_day)
    values = clean_update_data(data)
    files = list(data.get("evidence") or [])
    require(user, "report", task, _("Bạn không có quyền báo cáo tiến độ nhiệm vụ này."))
    if task.lead_unit_id is None:
        raise ValidationError(_("Nhiệm vụ chưa có đơn vị chủ trì nên chưa thể báo cáo tiến độ."))
    alone = not transaction.get_connection().in_atomic_block  # the transaction is this write's only
    with transaction.atomic():
        if alone:  # its statements (written out, by key) keep their generic plans on PostgreSQL
            storage.plans_kept()
        row = locked_update(task.pk, task.lead_unit_id, period.key)
        if row is None:
            if expected_version is not None:
                # The update the caller edited no longer exists.
                raise_gone()
            row = _create(user, task, period, values, submit)
            before = None
        else:
            check_version(row, expected_version, SHOWN)
            if row.is_locked:
                raise ValidationError(_("Báo cáo kỳ này đã được duyệt và khóa. "
                                        "Cần lãnh đạo mở lại (có lý do) trước khi sửa."))
            before = snapshot(row)
            for field, value in values.items():
                setattr(row, field, value)
            if row.state == ReviewState.RETURNED:
                row.state = ReviewState.DRAFT
            row.version += 1
            if submit:
                _mark_submitted(row, user)
            written.save_existing(row)  # one UPDATE (written out), the submission with it; its signals as save()'s
        row.task = task  # the caller's task (its plan and lead unit loaded): for the snapshot's repr and the answer
        action = "submit" if submit else ("create" if before is None else "update")
        # the row as written is the row as stored (values cleaned and quantised as the columns keep
        # them), so its snapshot needs no re-read; ``audit verify`` compares the two
        record(action, row, actor=user, before=before, after=snapshot(row))
        if files:
            from theodoi.planning.services.evidence import attach_evidence

            for f in files:
                attach_evidence(user=user, file=f, update=row)
    return row


def locked_update(task_id: int, unit_id: int, period_key: str) -> ProgressUpdate | None:
    """The unit's update of the task for the period, locked for the caller's transaction (None: none
    yet), in one written-out statement (``storage.written``: a sent update's, built by the ORM in
    0.7 ms of CPU); the same row as ``select_for_update().filter(task=…, unit=…, period_key=…)``."""
    found = _locked_update_select().rows([task_id, unit_id, period_key])
    return found[0][0] if found else None


@functools.cache
def _locked_update_select() -> written.Select:
    fields = written.fields_of(ProgressUpdate)
    # at most one row (update_one_per_period): no ORDER BY
    task, unit, key = (written.column(ProgressUpdate, name) for name in ("task", "unit", "period_key"))
    sql = (f"SELECT {written.select_list('u', fields)} FROM {written.table(ProgressUpdate)} u "
           f"WHERE u.{task} = %s AND u.{unit} = %s AND u.{key} = %s{written.for_update()}")
    return written.Select(sql, [(ProgressUpdate, fields)])


def submit_update(*, user: Any, update: ProgressUpdate, expected_version: int | None = None) -> ProgressUpdate:
    """Send a saved draft (or a returned update) to the unit's leader for approval."""
    require(user, "report", update, _("Bạn không có quyền gửi báo cáo này."))
    with transaction.atomic():
        row = lock(ProgressUpdate, update.pk)
        check_version(row, update.version if expected_version is None else expected_version, SHOWN)
        if row.state not in (ReviewState.DRAFT, ReviewState.RETURNED):
            raise ValidationError(_("Báo cáo này đã được gửi."))
        before = snapshot(row)
        _mark_submitted(row, user)
        row.version += 1
        row.save()
        row.refresh_from_db()
        record("submit", row, actor=user, before=before, after=snapshot(row))
    return row


def _create(user: Any, task: Task, period: Any, values: dict[str, Any], submit: bool = False) -> ProgressUpdate:
    assert task.lead_unit_id is not None  # save_update refuses a task without a lead unit
    row = ProgressUpdate(task=task, unit_id=task.lead_unit_id, period_key=period.key,
                         period_end=period.end, created_by=user if user.is_authenticated else None, **values)
    if submit:
        _mark_submitted(row, user)
    try:
        with transaction.atomic():  # savepoint: a concurrent create of the same period
            row.save()  # one INSERT, submitted already when asked
    except IntegrityError:
        other = ProgressUpdate.objects.get(task=task, unit_id=task.lead_unit_id, period_key=period.key)
        check_version(other, None, SHOWN)
    return row


def _mark_submitted(row: ProgressUpdate, user: Any) -> None:
    """Mark ``row`` sent to the leader (not saved, its version not counted: the caller saves it once)."""
    if row.state == ReviewState.APPROVED:
        raise ValidationError(_("Báo cáo kỳ này đã được duyệt."))
    if row.percent is None and not row.work_done:
        raise ValidationError(_("Hãy nhập tỷ lệ hoàn thành hoặc kết quả thực hiện trước khi gửi."))
    if row.state != ReviewState.SUBMITTED:
        row.state = ReviewState.SUBMITTED
        row.submitted_by = user
        row.submitted_at = timezone.now()


def raise_gone() -> None:
    from theodoi.planning.services.errors import ConflictError

    raise ConflictError({}, _("Báo cáo bạn đang sửa không còn nữa (đã bị xóa). Hãy tải lại trang."))


# Stored as data (what the unit reported), like any text an officer writes.
NOTHING_TO_REPORT = "Không phát sinh trong kỳ."


def report_nothing(*, user: Any, task: Task, period_key: str, expected_version: int | None = None) -> ProgressUpdate:
    """"Không phát sinh": the lead unit sends, in one step, an update saying nothing happened this
    period. The completion rate and the disbursement stay those of the latest approved update
    before the period (none: left blank); everything else is as ``save_update`` with submit."""
    period = reportable_period(period_key, task.document.monthly_due_day)
    last = (ProgressUpdate.objects.filter(task=task, unit=task.lead_unit, state=ReviewState.APPROVED,
                                          period_end__lt=period.end).order_by("-period_end").first())
    data = {"percent": last.percent if last else None, "work_done": NOTHING_TO_REPORT, "outputs_delivered": "",
            "disbursed_total": last.disbursed_total if last else None, "difficulties": "", "proposals": ""}
    return save_update(user=user, task=task, period_key=period.key, data=data, expected_version=expected_version,
                       submit=True)
