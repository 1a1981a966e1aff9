"""Navigation items for base.html: each link appears only when its page exists and the user may use it."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (url name, label, prefix that marks the item active, needs sign-in)
_ITEMS = (
    ("home", "Trang chủ", None, True),
    ("dashboard", "Điều hành", "/dashboard", True),
    ("plan_list", "Kế hoạch", "/plans", True),
    ("task_list", "Nhiệm vụ", "/tasks", True),
    ("target_list", "Chỉ tiêu", "/targets", True),
    ("unit_list", "Đơn vị", "/units", True),
    ("warnings", "Cảnh báo", "/warnings", True),
    ("reporting:index", "Báo cáo", "/reports", True),
    ("portal:index", "Công khai", "/public", False),
)


@register.simple_tag(takes_context=True)
def nav_items(context: template.Context) -> list[NavItem]:
    """The navigation links for the current request (pages not installed are left out)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
    items: list[NavItem] = []
    for name, label, prefix, needs_login in _ITEMS:
        if needs_login and not signed_in:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = path == url if prefix is None else path.startswith(prefix)
        items.append(NavItem(_(label), url, active))
    return items
