"""Navigation items for base.html: each link appears only when its page exists and the user may use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from theodoi.tenancy.permissions import Action

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (url name, label, prefix that marks the item active, what the person must be able to do:
# None = anyone, "" = signed in, "national" = a reader at the national level, else an action
# they hold on some unit)
_ITEMS = (
    ("home", gettext_noop("Trang chủ"), None, ""),
    ("dashboard", gettext_noop("Điều hành"), "/dashboard", ""),
    ("national", gettext_noop("Toàn quốc"), "/national", "national"),
    ("plan_list", gettext_noop("Kế hoạch"), "/plans", ""),
    ("task_list", gettext_noop("Nhiệm vụ"), "/tasks", ""),
    ("target_list", gettext_noop("Chỉ tiêu"), "/targets", ""),
    ("unit_list", gettext_noop("Đơn vị"), "/units", ""),
    ("warnings", gettext_noop("Cảnh báo"), "/warnings", ""),
    ("review_queue", gettext_noop("Chờ duyệt"), "/review", "approve"),
    ("completeness", gettext_noop("Tình hình gửi báo cáo"), "/completeness", ""),
    ("six_clear", gettext_noop("“6 rõ”"), "/six-clear", "manage"),
    ("reporting:index", gettext_noop("Báo cáo"), "/reports", ""),
    ("feedback:list", gettext_noop("Ý kiến"), "/feedback", "manage"),
    ("importing:upload", gettext_noop("Nhập kế hoạch"), "/import", "manage"),
    ("portal:index", gettext_noop("Công khai"), "/public", None),
)


def _may(user, need: str | None, cache: dict[str, bool]) -> bool:
    if need is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if need == "":
        return True
    if need == "national":
        from theodoi.tenancy.permissions import is_national_reader

        return is_national_reader(user)
    if need not in cache:
        from theodoi.tenancy.permissions import units_for

        cache[need] = bool(user.is_superuser) or units_for(user, cast("Action", need)).exists()
    return cache[need]


@register.simple_tag(takes_context=True)
def nav_items(context: template.Context) -> list[NavItem]:
    """The navigation links for the current request (pages not installed are left out)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    user = getattr(request, "user", None)
    cache: dict[str, bool] = {}
    items: list[NavItem] = []
    for name, label, prefix, need in _ITEMS:
        if not _may(user, need, cache):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = path == url if prefix is None else path.startswith(prefix)
        items.append(NavItem(_(label), url, active))
    return items
