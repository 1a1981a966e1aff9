"""Changes to the unit tree that touch other data (handing work to successor units), and the
accounts, memberships and roles: every change in one transaction with its audit record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from theodoi.audit.services import record, snapshot
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Membership, Role, Unit, User


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


# Accounts, memberships and roles. Each function is one transaction with its audit record;
# ``actor`` None is the command line or the system.

class AccountError(ValueError):
    """A refused account change; ``str(exc)`` is the Vietnamese reason."""


def username_taken(username: str) -> bool:
    return User.objects.filter(username=(username or "").strip()).exists()


def create_user(username: str, *, password: str | None = None, email: str = "", full_name: str = "",
                is_staff: bool = False, is_superuser: bool = False, validate: bool = True,
                actor: Any = None, reason: str = "") -> User:
    """A new account. ``password`` None gives an unusable password (signed in another way or later).

    The password is checked by Django's validators when ``validate``; it is never recorded.
    """
    from django.contrib.auth.password_validation import validate_password

    username = (username or "").strip()
    if not username:
        raise AccountError("Thiếu tên đăng nhập.")
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise AccountError(f"Tài khoản '{username}' đã tồn tại.")
        user = User(username=username, email=email, full_name=full_name, is_staff=is_staff,
                    is_superuser=is_superuser)
        if password is None:
            user.set_unusable_password()
        else:
            if validate:
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    raise AccountError(" ".join(exc.messages)) from exc
            user.set_password(password)
        user.save()
        record("create", user, actor=actor, reason=reason)
    return user


def update_user(user: User, *, actor: Any = None, reason: str = "", **fields: Any) -> User:
    """Change an account's fields (name, e-mail, active, staff, superuser flags); recorded with before/after."""
    allowed = {"email", "full_name", "phone", "is_active", "is_staff", "is_superuser", "must_change_password"}
    unknown = set(fields) - allowed
    if unknown:
        raise AccountError("Không sửa được trường: " + ", ".join(sorted(unknown)))
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(row)
        for key, value in fields.items():
            setattr(row, key, value)
        row.save()
        record("update", row, actor=actor, before=before, reason=reason)
    return row


def set_password(user: User, password: str, *, actor: Any = None, reason: str = "") -> None:
    """Give ``user`` a new password; the event says it happened, never what it is."""
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        row.set_password(password)
        row.save()
        record("set_password", row, actor=actor, reason=reason)
    user.password = row.password


def add_membership(user: User, unit: Unit, role: str, *, title: str = "", actor: Any = None,
                   reason: str = "") -> Membership:
    """Give ``user`` a role in ``unit`` (idempotent: an existing one keeps its row, its title updated)."""
    if role not in Role.values:
        raise AccountError(f"Vai trò không hợp lệ: {role}.")
    with transaction.atomic():
        row = Membership.objects.select_for_update().filter(user=user, unit=unit, role=role).first()
        if row is None:
            row = Membership.objects.create(user=user, unit=unit, role=role, title=title[:150])
            record("create", row, actor=actor, reason=reason)
        elif row.title != title[:150]:
            before = snapshot(row)
            row.title = title[:150]
            row.save()
            record("update", row, actor=actor, before=before, reason=reason)
    return row


def change_membership(membership: Membership, *, role: str | None = None, title: str | None = None,
                      actor: Any = None, reason: str = "") -> Membership:
    """Change a membership's role or title (raising an officer to admin is an audited change)."""
    if role is not None and role not in Role.values:
        raise AccountError(f"Vai trò không hợp lệ: {role}.")
    with transaction.atomic():
        row = Membership.objects.select_for_update().get(pk=membership.pk)
        before = snapshot(row)
        if role is not None:
            row.role = role
        if title is not None:
            row.title = title[:150]
        row.save()
        record("update", row, actor=actor, before=before, reason=reason)
    return row


def remove_membership(membership: Membership, *, actor: Any = None, reason: str = "") -> None:
    """Take a role away; the deletion is recorded with the row as it was."""
    with transaction.atomic():
        row = Membership.objects.select_for_update().get(pk=membership.pk)
        record("delete", row, actor=actor, before=snapshot(row), reason=reason)
        row.delete()
