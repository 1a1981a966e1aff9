"""Helpers shared by the staff views: fetching one readable object, the current period."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.tenancy.permissions import Action, restrict

M = TypeVar("M", bound=Model)


def get_allowed(qs: QuerySet[M], user: Any, action: Action = "view", **lookup: Any) -> M:
    """The object matching ``lookup`` if ``user`` may ``action`` it.

    Missing → 404; present but not allowed → 403 (the 403 page explains in Vietnamese).
    """
    try:
        obj = qs.get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:  # a malformed uuid is a 404 too
        raise Http404(_("Không tìm thấy nội dung yêu cầu.")) from exc
    if not restrict(qs.model._default_manager.filter(pk=obj.pk), user, action).exists():
        raise PermissionDenied(_("Bạn không có quyền xem nội dung này."))
    return obj


def today() -> dt.date:
    return timezone.localdate()


def current_period(due_day: int = 15) -> Any:
    """The month being reported today under a duty due on ``due_day`` (``domain.periods.open_period``,
    the rule the reminders and the warnings use too)."""
    from theodoi.domain.periods import open_period

    return open_period(today(), due_day)


def own_unit_filter(request: HttpRequest, key: str, fmt: str | None = None) -> tuple[QueryDict, Any]:
    """The list's filters, and the unit a first visit opens on.

    A list opened without any filter (the HTML page, not an export) shows the person's own
    unit (``web.selectors.dashboard.default_unit``: the unit they manage, approve or report
    for) rather than everything they may read; ``?all=1`` or any filter shows what was asked.
    """
    from theodoi.web.selectors.dashboard import default_unit

    if request.GET or fmt or request.GET.get("format"):
        return request.GET, None
    unit = default_unit(request.user)
    if unit is None:
        return request.GET, None
    params = QueryDict(mutable=True)
    params[key] = unit.slug
    return params, unit


def own_unit_context(own: Any, params: QueryDict) -> dict[str, Any]:
    """What a list page says of its default: "Của đơn vị bạn: …" with the link that widens it
    (``?all=1``), and downloads of the rows shown (the page's unit, not everything)."""
    if own is None:
        return {}
    return {"own_unit": own, "export_query": params.urlencode()}
