"""Handing a plan's open tasks over to the successors of its abolished issuer, shared among them.

A task given to one successor moves to it (it leads the task from now on). A task given to
several is copied to each as a sub-task with its own lead unit, so each successor reports on
its own copy (its own obligation); the original becomes their group and its planned budget
is shared out among the copies (the group keeps none, so totals count it once).
Every move and copy is audited in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.domain.numbers import format_date_vi
from theodoi.planning.models import Document, Task
from theodoi.planning.selectors.history import current_successors, is_ended, open_tasks
from theodoi.planning.selectors.texts import unit_label
from theodoi.planning.services.common import text
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Unit

COPIED_FIELDS = ("description", "responsibility", "approving_authority", "outputs", "deadline_text",
                 "deadline_kind", "start_date", "due_date", "recurrence", "funding_source", "is_science_task",
                 "is_public", "finance_public", "confidential", "coordinating_text")


@dataclass(frozen=True)
class HandoverResult:
    moved: int  # tasks now led by their one successor
    copied: int  # tasks shared: each copied to several successors
    copies: int  # sub-tasks created


def _shares(total: Decimal | None, n: int) -> list[Decimal | None]:
    """``total`` split into ``n`` whole-đồng parts that add up to it (the remainder on the first)."""
    if total is None:
        return [None] * n
    part = (total / n).quantize(Decimal(1), rounding="ROUND_DOWN")
    shares: list[Decimal | None] = [total - part * (n - 1)]
    return shares + [part] * (n - 1)


def hand_over_plan(doc: Document, decisions: dict[int, list[Unit]], *, user: Any, today: dt.date,
                   reason: str = "") -> HandoverResult:
    """Give each open task of ``doc`` (keys: task ids) to the listed successors of its issuer.

    Refused as a whole (nothing written) when the plan's issuer still exists, a task is not an
    open task of the plan, a unit is not a current successor (or a unit below one), or the user
    may not manage one of the units (``user=None`` is the system). Tasks not in ``decisions``
    stay as they are.
    """
    if not is_ended(doc, today):
        raise ValidationError(_("Đơn vị ban hành kế hoạch này vẫn đang hoạt động: không cần bàn giao."))
    assert doc.issuer is not None and doc.issuer.valid_to is not None  # is_ended checked both
    allowed = current_successors(doc.issuer, today)
    # ``user=None``: the system itself (the demo loader, a command run by the operator), as for
    # ``tenancy.services.hand_over_open_tasks``; a person must manage the plan and every receiver.
    scope = permissions.Scope(frozenset(), frozenset(), everything=True) if user is None else \
        permissions.scope(user, "manage")
    if not scope.covers(doc.issuer):
        raise PermissionDenied(_("Bạn không có quyền bàn giao nhiệm vụ của kế hoạch này."))
    for units in decisions.values():
        for u in units:
            if not any(u.path.startswith(s.path) for s in allowed) or not u.is_active_on(today):
                raise ValidationError(_("%(unit)s không phải đơn vị kế thừa của %(old)s.")
                                      % {"unit": unit_label(u), "old": unit_label(doc.issuer)})
            if not scope.covers(u):
                raise PermissionDenied(_("Bạn không có quyền giao nhiệm vụ cho %(unit)s.") % {"unit": unit_label(u)})
    why = text(reason) or _("%(old)s kết thúc hoạt động từ %(day)s") % {
        "old": doc.issuer.name, "day": format_date_vi(doc.issuer.valid_to + dt.timedelta(days=1))}
    moved = copied = copies = 0
    with transaction.atomic():
        tasks = {t.pk: t for t in open_tasks(doc).select_for_update(of=("self",)).filter(pk__in=list(decisions))}
        missing = set(decisions) - set(tasks)
        if missing:
            raise ValidationError(_("Có nhiệm vụ không còn mở hoặc không thuộc kế hoạch này; hãy tải lại trang."))
        for pk, units in decisions.items():
            task, units = tasks[pk], list(dict.fromkeys(units))
            if not units:
                continue
            if len(units) == 1:
                if task.lead_unit_id != units[0].pk:
                    _move(task, units[0], user, why)
                    moved += 1
                continue
            copies += _copy(task, units, user, why)
            copied += 1
    return HandoverResult(moved, copied, copies)


def _move(task: Task, unit: Unit, user: Any, why: str) -> None:
    before = snapshot(task)
    task.lead_unit, task.lead_unit_name = unit, unit.name
    task.version += 1
    task.save()
    record("hand_over", task, actor=user, before=before, after=snapshot(task),
           reason=_("%(why)s; giao %(unit)s") % {"why": why, "unit": unit.name})


def _copy(task: Task, units: list[Unit], user: Any, why: str) -> int:
    """One sub-task per unit, each led by it; the task becomes their group."""
    before = snapshot(task)
    target_ids = list(task.targets.values_list("pk", flat=True))
    budgets = _shares(task.budget_planned, len(units))
    base = task.code or str(task.position or task.pk)
    for i, (unit, budget) in enumerate(zip(units, budgets, strict=True), start=1):
        child = Task(document_id=task.document_id, parent=task, code=f"{base}.{i}"[:40], title=task.title,
                     lead_unit=unit, lead_unit_name=unit.name, budget_planned=budget,
                     position=task.position, **{f: getattr(task, f) for f in COPIED_FIELDS})
        child.save()
        child.targets.set(target_ids)
        record("create", child, actor=user, after=snapshot(child, {"targets": sorted(target_ids)}),
               reason=_("%(why)s; bản sao của nhiệm vụ %(code)s giao %(unit)s")
               % {"why": why, "code": base, "unit": unit.name})
    # the copies carry the budget now: a group holding it too would count it twice in totals
    task.budget_planned = None
    task.version += 1
    task.save(update_fields=["budget_planned", "version"])
    record("hand_over", task, actor=user, before=before, after=snapshot(task),
           reason=_("%(why)s; chia cho %(units)s") % {"why": why, "units": ", ".join(u.name for u in units)})
    return len(units)
