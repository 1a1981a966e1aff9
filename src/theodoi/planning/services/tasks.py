"""Editing a task: its fields (the "6 rõ"), its run state (pause/stop with a reason), its person."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import RunState, Task
from theodoi.planning.selectors.texts import unit_label
from theodoi.planning.services.common import check_version, decimal_or_none, lock, require, text
from theodoi.planning.services.handset import changed_fields, mark_hand_set

TEXT_FIELDS = ("title", "description", "responsibility", "approving_authority", "outputs", "deadline_text",
               "funding_source", "lead_unit_name", "coordinating_text")
FK_FIELDS = ("lead_unit", "responsible_person", "receiving_unit")
UNIT_FIELDS = ("lead_unit", "receiving_unit", "coordinating_units")
M2M_FIELDS = ("coordinating_units", "targets")
DATE_FIELDS = ("start_date", "due_date", "completed_on")
FLAG_FIELDS = ("is_public", "finance_public", "confidential", "is_science_task")
EDITABLE = TEXT_FIELDS + FK_FIELDS + M2M_FIELDS + DATE_FIELDS + FLAG_FIELDS + ("budget_planned", "recurrence")
SHOWN = TEXT_FIELDS + ("lead_unit_id", "receiving_unit_id", "responsible_person_id", "due_date", "run_state",
                       "completed_on", "budget_planned")
_DATES_OF_DEADLINE = ("deadline_kind", "start_date", "due_date", "recurrence")


def update_task(*, user: Any, task: Task, fields: dict[str, Any], expected_version: int | None = None,
                reason: str = "") -> Task:
    """Change the given fields of a task (standing office of the plan only: ``manage``).

    Unknown fields are refused; the title may not be emptied; due date may not precede
    the start; units must belong to the plan's tree and the person to one of its units
    (``planning.selectors.assignable``); a new ``deadline_text`` is read with
    ``domain.deadlines`` into its kind, dates and recurrence (unreadable text is refused);
    a stale version raises ConflictError. The row, its links and one audit event commit
    together; a refused change stores nothing. The fields changed are marked as set by hand
    (``handset.mark_hand_set``): re-importing the plan keeps them.
    """
    with transaction.atomic():
        return _update(user, task, fields, expected_version, reason)


def assign_lead(*, user: Any, tasks: list[tuple[Task, int | None]], lead_unit: Any, reason: str = "") -> list[Task]:
    """Give several tasks one lead unit (bulk assignment from the "6 rõ" worklist).

    ``tasks`` pairs each task with the version the caller saw. All or nothing: one refused
    task (no right, stale version, unit outside its plan) leaves every task unchanged.
    """
    if lead_unit is None:
        raise ValidationError(_("Hãy chọn đơn vị chủ trì."))
    if not tasks:
        raise ValidationError(_("Hãy chọn ít nhất một nhiệm vụ."))
    reason = reason or _("Giao đơn vị chủ trì cho nhiều nhiệm vụ")
    with transaction.atomic():
        return [_update(user, t, {"lead_unit": lead_unit}, v, reason) for t, v in tasks]


def _update(user: Any, task: Task, fields: dict[str, Any], expected_version: int | None, reason: str) -> Task:
    require(user, "manage", task, _("Bạn không có quyền sửa nhiệm vụ này."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Không sửa được trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    row = lock(Task, task.pk)
    check_version(row, task.version if expected_version is None else expected_version, SHOWN)
    before = snapshot(row)
    links: dict[str, list] = {}
    errors: list[str] = []
    for name, value in fields.items():
        try:
            if name in M2M_FIELDS:
                links[name] = _clean_links(row, name, value)
            else:
                setattr(row, name, _clean(row, name, value))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if "deadline_text" in fields and not set(_DATES_OF_DEADLINE) & set(fields):
        try:
            _apply_deadline(row)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if not row.title:
        raise ValidationError(_("Tên nhiệm vụ không được để trống."))
    if row.start_date and row.due_date and row.due_date < row.start_date:
        raise ValidationError(_("Hạn hoàn thành không được trước ngày bắt đầu."))
    mark_hand_set(row, [*changed_fields(before, snapshot(row)), *links])  # a re-import keeps them
    row.version += 1
    row.save()
    for name, objs in links.items():
        getattr(row, name).set(objs)
    row.refresh_from_db()
    record("update", row, actor=user, before=before, after=snapshot(row), reason=text(reason))
    return row


def _apply_deadline(row: Task) -> None:
    """The deadline as written, read into its kind and dates (the importer's reading)."""
    from theodoi.domain.deadlines import parse_deadline

    deadline = parse_deadline(row.deadline_text)
    if row.deadline_text and deadline.kind == "none":
        raise ValidationError(_("Không đọc được thời hạn «%(t)s». Hãy viết như trong kế hoạch, ví dụ "
                                "«30/6/2026», «Tháng 9/2026», «Quý II/2026», «Năm 2026», «2026-2030», "
                                "«Hằng năm», «Thường xuyên».") % {"t": row.deadline_text})
    row.deadline_kind = deadline.kind
    row.due_date = deadline.due
    row.start_date = deadline.start
    row.recurrence = deadline.recurrence or ""


def _clean(row: Task, name: str, value: Any) -> Any:
    if name in TEXT_FIELDS:
        return text(value, {"approving_authority": 255, "deadline_text": 120, "funding_source": 255,
                            "lead_unit_name": 255}.get(name, 20000))
    if name == "budget_planned":
        number = decimal_or_none(value, _("Kinh phí dự kiến"))
        return number.quantize(Decimal(1)) if number is not None else None
    if name == "recurrence":
        if value not in ("", None, "annual", "continuous"):
            raise ValidationError(_("Kiểu lặp lại không hợp lệ."))
        return value or ""
    if name in FLAG_FIELDS:
        return bool(value)
    if name in UNIT_FIELDS and value is not None:
        _check_units(row, [value])
    if name == "responsible_person" and value is not None:
        from theodoi.planning.selectors.assignable import plan_people

        if not plan_people(row.document).filter(pk=value.pk).exists():
            raise ValidationError(_("%(p)s không thuộc đơn vị nào của kế hoạch này nên không thể phụ trách "
                                    "nhiệm vụ.") % {"p": str(value)})
    return value


def _clean_links(row: Task, name: str, value: Any) -> list:
    objs = [v for v in (value or []) if v is not None]
    if name == "coordinating_units":
        _check_units(row, objs)
    else:
        from theodoi.planning.selectors.assignable import plan_targets

        allowed = set(plan_targets(row.document).values_list("pk", flat=True))
        if any(t.pk not in allowed for t in objs):
            raise ValidationError(_("Chỉ gắn được nhiệm vụ với chỉ tiêu của cùng kế hoạch."))
    return objs


def _check_units(row: Task, units: list) -> None:
    from theodoi.planning.selectors.assignable import plan_units

    allowed = set(plan_units(row.document).values_list("pk", flat=True))
    outside = [unit_label(u) for u in units if u.pk not in allowed]
    if outside:
        raise ValidationError(_("%(u)s không thuộc %(issuer)s (đơn vị ban hành kế hoạch) nên không thể giao "
                                "nhiệm vụ của kế hoạch này.") % {
            "u": ", ".join(outside), "issuer": row.document.issuer.name if row.document.issuer else "?"})


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
