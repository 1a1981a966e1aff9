"""Pieces shared by the tracking services: permission checks, locking, versions, periods."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from theodoi.audit.models import AuditEvent
from theodoi.audit.services import object_type_of
from theodoi.planning.services.errors import ConflictError
from theodoi.tenancy.permissions import Action, can

M = TypeVar("M", bound=Model)


def require(user: Any, action: Action, obj: Model, message: str) -> None:
    """Raise PermissionDenied(message) unless tenancy.permissions allows ``action`` on ``obj``."""
    if not can(user, action, obj):
        raise PermissionDenied(message)


def lock(model: type[M], pk: Any) -> M:
    """The row, re-read under a row lock (SELECT ... FOR UPDATE; a no-op on SQLite,
    where IMMEDIATE transactions already serialise writers)."""
    return model._default_manager.select_for_update().get(pk=pk)


def last_actor(obj: Model) -> str:
    """Who last changed ``obj`` according to the audit trail ('' if unknown)."""
    ev = (AuditEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk))
          .order_by("-id").only("actor_name").first())
    return ev.actor_name if ev else ""


def _shown_value(row: Model, field: str) -> str:
    """One saved value as a person reads it: labels of choices, Vietnamese numbers, short texts."""
    name = field[:-3] if field.endswith("_id") else field
    value = getattr(row, name)
    if value is None or value == "":
        return _("(trống)")
    display = getattr(row, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, Decimal):
        from theodoi.domain.numbers import format_number

        return format_number(value)
    if hasattr(value, "strftime"):
        return f"{value:%d/%m/%Y}"
    text_value = str(value)
    return f"«{text_value[:80]}…»" if len(text_value) > 80 else f"«{text_value}»"


def describe(row: Model, fields: tuple[str, ...]) -> str:
    """"tỷ lệ hoàn thành (%): 30; kết quả thực hiện: «…»": the saved values of ``fields``."""
    parts = []
    for f in fields:
        name = f[:-3] if f.endswith("_id") else f
        label = str(getattr(row._meta.get_field(name), "verbose_name", name))
        parts.append(f"{label}: {_shown_value(row, f)}")
    return "; ".join(parts)


def check_version(row: Any, expected: int | None, fields: tuple[str, ...]) -> None:
    """Raise ConflictError carrying the other person's values when ``expected`` is stale.

    The message names who saved, the version, and what they saved (each field with its label).
    """
    if expected is not None and int(expected) == row.version:
        return
    values = {f: getattr(row, f) for f in fields}
    values["version"] = row.version
    who = last_actor(row)
    message = _("%(who)s vừa thay đổi nội dung này (phiên bản %(v)s) trong lúc bạn đang sửa. "
                "Nội dung đã lưu: %(saved)s. Hãy xem lại rồi lưu lại.") % {
        "who": who or _("Người khác"), "v": row.version, "saved": describe(row, fields)}
    raise ConflictError(values, message, current_version=row.version, changed_by=who)


def parse_period(period_key: str) -> Any:
    """A monthly/quarterly/... Period from its key, or a Vietnamese ValidationError."""
    from theodoi.domain.periods import Period

    try:
        return Period.parse(str(period_key))
    except (ValueError, TypeError) as exc:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ: %(k)s") % {"k": period_key}) from exc


def reportable_period(period_key: str, due_day: int) -> Any:
    """The period to report on, refused (Vietnamese ValidationError) when it is malformed or has
    not come yet (``domain.periods.is_future`` for the plan's due day, on today's Hanoi date)."""
    from django.utils import timezone

    from theodoi.domain.periods import is_future, open_period

    period = parse_period(period_key)
    today = timezone.localdate()
    if is_future(period, today, due_day):
        raise ValidationError(_("Kỳ %(p)s chưa đến nên chưa thể báo cáo; kỳ đang mở là %(o)s.") % {
            "p": period_label(period), "o": period_label(open_period(today, due_day, period.kind))})
    return period


def period_label(period: Any) -> str:
    """"Tháng 5/2026", "6 tháng đầu năm 2026" in the reader's language (``domain.periods.NAMES``)."""
    return str(period.label(gettext))


def decimal_or_none(value: Any, label: str, *, minimum: Decimal | None = Decimal(0),
                    maximum: Decimal | None = None) -> Decimal | None:
    """Parse a number ("1.234,5" or 1234.5); None for blank; ValidationError naming ``label``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        from theodoi.domain.numbers import parse_number

        try:
            parsed = parse_number(str(value))
        except (ValueError, TypeError, InvalidOperation) as exc:
            raise ValidationError(_("%(f)s: không phải là số.") % {"f": label}) from exc
        if parsed is None:
            raise ValidationError(_("%(f)s: không phải là số.") % {"f": label})
        number = Decimal(str(parsed))
    if not number.is_finite():
        raise ValidationError(_("%(f)s: không phải là số.") % {"f": label})
    if minimum is not None and number < minimum:
        raise ValidationError(_("%(f)s không được nhỏ hơn %(m)s.") % {"f": label, "m": minimum})
    if maximum is not None and number > maximum:
        raise ValidationError(_("%(f)s không được lớn hơn %(m)s.") % {"f": label, "m": maximum})
    return number


def text(value: Any, limit: int = 20000) -> str:
    """Stripped text; ValidationError when absurdly long."""
    s = "" if value is None else str(value).strip()
    if len(s) > limit:
        raise ValidationError(_("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": limit})
    return s
