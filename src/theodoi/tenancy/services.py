"""Changes to the unit tree that touch other data: handing work to successor units."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from theodoi.audit.services import record, snapshot
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Unit


def hand_over_open_tasks(from_unit: Unit, to_unit: Unit, *, user: Any = None, reason: str = "") -> int:
    """Make ``to_unit`` lead the open tasks ``from_unit`` led; returns how many moved.

    The plans themselves stay attached to their issuer (an abolished unit keeps its
    documents). Only tasks not completed and not stopped move; each move is audited.
    ``to_unit`` must be one of ``from_unit``'s successors (or its descendants').
    """
    from theodoi.planning.models import RunState, Task
    from theodoi.planning.services.handset import mark_hand_set

    allowed = from_unit.successors.all()
    if not allowed.filter(Q(pk=to_unit.pk) | Q(pk__in=list(to_unit.ancestor_ids()))).exists():
        raise ValidationError(f"{to_unit.name} không phải đơn vị kế thừa của {from_unit.name}.")
    if user is not None and not permissions.scope(user, "manage").covers(to_unit):
        raise PermissionDenied(f"Bạn không có quyền giao nhiệm vụ cho {to_unit.name}.")
    moved = 0
    with transaction.atomic():
        tasks = Task.objects.select_for_update().filter(
            lead_unit=from_unit, completed_on__isnull=True).exclude(run_state=RunState.STOPPED)
        for task in tasks:
            before = snapshot(task)
            task.lead_unit = to_unit
            task.lead_unit_name = to_unit.name
            mark_hand_set(task, ["lead_unit", "lead_unit_name"])  # a re-import keeps the successor
            task.version += 1
            task.save()
            record("hand_over", task, actor=user, before=before,
                   reason=reason or f"{from_unit.name} kết thúc hoạt động; giao {to_unit.name}")
            moved += 1
    return moved
