"""Vietnamese number and date filters for templates, built on domain.numbers.

``{{ x|vnnum }}`` → "1.234,5"; ``{{ x|vnpercent }}`` → "45,5%"; ``{{ x|vnmoney }}`` →
"50.000.000 đồng"; ``{{ d|vndate }}`` → "15/10/2026"; ``{{ dt|vndatetime }}`` → "15/10/2026 08:30";
``{{ u|uom }}`` drops a code-only unit ("index").
Empty values render as an em dash so tables never show "None".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from theodoi.domain import numbers

register = template.Library()
EMPTY = "—"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def vnnum(value: Any, decimals: int | None = None) -> str:
    """A number with "." thousands and "," decimals; at most ``decimals`` places."""
    d = _decimal(value)
    if d is None:
        return EMPTY
    if decimals is not None:
        return numbers.format_number(d, decimals=int(decimals))
    return numbers.format_number(d)


@register.filter
def vnpercent(value: Any) -> str:
    d = _decimal(value)
    return EMPTY if d is None else numbers.format_percent(d)


@register.filter
def vnmoney(value: Any) -> str:
    d = _decimal(value)
    return EMPTY if d is None else numbers.format_money_vnd(d)


@register.filter
def vndate(value: Any) -> str:
    if not value:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return numbers.format_date_vi(value)


@register.filter
def vndatetime(value: Any) -> str:
    if not value:
        return EMPTY
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{numbers.format_date_vi(value.date())} {value:%H:%M}"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ row|get_item:column }}`` for generic list tables."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return ""


# The score components of ``domain.scoring`` (names fixed there), named and explained for the page.
_SCORE_TEXT = {
    "timeliness": (_("Đúng hạn"), _("tỷ lệ nhiệm vụ không quá hạn và không hoàn thành muộn")),
    "completion": (_("Hoàn thành"), _("tỷ lệ nhiệm vụ đã hoàn thành (đúng hạn hoặc muộn)")),
    "data_quality": (_("Chất lượng số liệu"), _("tỷ lệ nhiệm vụ đã gửi báo cáo của tháng vừa khóa sổ")),
    "target_attainment": (_("Đạt chỉ tiêu"), _("tỷ lệ chỉ tiêu đã đạt theo số liệu được duyệt")),
}


@register.filter
def score_label(name: str) -> str:
    return str(_SCORE_TEXT[name][0]) if name in _SCORE_TEXT else name


@register.filter
def score_help(name: str) -> str:
    return str(_SCORE_TEXT[name][1]) if name in _SCORE_TEXT else ""


@register.filter
def comparator(value: str) -> str:
    """``>=`` → "≥" (``domain.status.comparator_sign``: a blank comparator is "≥")."""
    from theodoi.domain.status import comparator_sign

    return comparator_sign(value)


# Audit actions (identifiers recorded by the services) as a person reads them.
_ACTIONS = {
    "create": _("Tạo mới"), "update": _("Cập nhật"), "edit": _("Sửa"), "delete": _("Xóa"),
    "submit": _("Gửi báo cáo"), "approve": _("Duyệt"), "return": _("Trả lại"), "accept": _("Tiếp nhận"),
    "assign": _("Giao nhiệm vụ"), "hand_over": _("Chuyển giao"), "complete": _("Hoàn thành"),
    "uncomplete": _("Bỏ đánh dấu hoàn thành"), "pause": _("Tạm dừng"), "resume": _("Tiếp tục"),
    "stop": _("Dừng thực hiện"),
    "fulfil": _("Đã có kế hoạch cấp dưới"), "attach": _("Đính kèm minh chứng"), "import": _("Nhập từ văn bản"),
    "reimport": _("Nhập lại từ văn bản"), "finalise": _("Hoàn tất"), "certificate": _("Chứng thư số"),
    "feedback_received": _("Nhận ý kiến"), "feedback_answered": _("Trả lời ý kiến"),
    "feedback_hidden": _("Ẩn ý kiến"), "feedback_restored": _("Hiện lại ý kiến"),
}


@register.filter
def shorten(value: Any, limit: int = 80) -> str:
    """The text on one line, cut at a word boundary to at most ``limit`` characters with "…"
    (truncatechars cuts inside a word: "đổi m…"); ``domain.text.shorten``."""
    from theodoi.domain.text import shorten as cut

    return cut(value, int(limit))


@register.filter
def uom(value: Any) -> str:
    """A target's unit of measure as shown after a number: an index (HDI, PCI…) has none
    (``domain.status.shown_unit``)."""
    from theodoi.domain.status import shown_unit

    return shown_unit(str(value or ""))


@register.filter
def audit_action(code: str) -> str:
    return str(_ACTIONS.get(code, code))


@register.filter
def period_label(key: Any) -> str:
    """``2026-11`` → "Tháng 11/2026", ``2026-H1`` → "6 tháng đầu năm 2026", in the reader's language
    (``domain.periods.NAMES``)."""
    if not key:
        return EMPTY
    from theodoi.domain.periods import Period

    text = str(getattr(key, "key", key))
    try:
        return Period.parse(text).label(gettext)
    except ValueError:
        return text


@register.filter
def unit_name(unit: Any) -> str:
    """A unit named so it cannot be confused ("Công an xã – Xã Bình Lư"; ``planning.selectors.texts.unit_label``)."""
    if unit is None or unit == "":
        return ""
    from theodoi.planning.selectors.texts import unit_label

    return unit_label(unit)


def _pick(obj: Any, *names: str) -> Any:
    """The first of ``names`` the object has (a page row's ``target_value``, a public row's ``goal``,
    a model's ``value``), even when it is empty."""
    for name in names:
        if isinstance(obj, dict):
            if name in obj:
                return obj[name]
        elif hasattr(obj, name):
            return getattr(obj, name)
    return None


@register.filter
def goal(target: Any, with_uom: bool = True) -> str:
    """A target (model, page row or public row) as the plan wrote its goal: "≥ 0,623",
    "1–2 sản phẩm", "—" when the plan gave no figure (``domain.status.goal_text``)."""
    from theodoi.domain.status import goal_text

    text = goal_text(_pick(target, "comparator"), _decimal(_pick(target, "target_value", "goal", "value")),
                     _decimal(_pick(target, "target_max", "goal_max", "value_max")),
                     uom(_pick(target, "unit_of_measure")) if with_uom else "")
    return text or EMPTY


@register.filter
def vnnum_as(value: Any, like: Any) -> str:
    """``value`` with as many decimals as ``like`` was written with (at least 2): a figure of
    an HDI target of 0,623 reads "0,615", not "0,62"."""
    d = _decimal(value)
    if d is None:
        return EMPTY
    return numbers.format_number(d, max(2, numbers.decimals_of(_decimal(like))))
