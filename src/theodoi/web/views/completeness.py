"""Reporting completeness of a month: which units of a subtree have sent, which have not.

The dashboard's "Đã gửi x/y" numbers link here; the rows come from the tracking
selector ``planning.selectors.completeness.unit_completeness``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.planning.selectors.completeness import (
    APPROVED,
    LABELS,
    NOT_SENT,
    RETURNED,
    SUBMITTED,
    Completeness,
    unit_completeness,
)
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors.dashboard import default_unit, widest_unit
from theodoi.web.templatetags.vn import period_label
from theodoi.web.views.common import current_period, get_allowed, own_unit_context

# ?state= filters: one state, or the two groups the dashboard counts.
GROUPS = {"sent": (SUBMITTED, APPROVED), "missing": (NOT_SENT, RETURNED)}

COLUMNS = [
    Column("unit", gettext_lazy("Đơn vị"), "link"),
    Column("state", gettext_lazy("Tình trạng"), "status"),
    Column("expected", gettext_lazy("Số mục phải báo cáo"), "num"),
    Column("not_sent", gettext_lazy("Chưa gửi"), "num"),
    Column("returned", gettext_lazy("Bị trả lại"), "num"),
    Column("submitted", gettext_lazy("Chờ duyệt"), "num"),
    Column("approved", gettext_lazy("Đã duyệt"), "num"),
]
TONES = {NOT_SENT: "bad", RETURNED: "warn", SUBMITTED: "info", APPROVED: "ok"}


def rows_of(c: Completeness, state: str = "") -> list[dict[str, Any]]:
    wanted = GROUPS.get(state) or ((state,) if state in LABELS else tuple(LABELS))
    return [
        {"unit": r.name, "slug": r.unit.slug, "state": str(LABELS[r.state]), "state_code": r.state,
         "tone": TONES[r.state], "expected": r.expected, **{k: r.counts.get(k, 0) for k in LABELS},
         "_url": r.unit.get_absolute_url()}
        for r in c.rows if r.state in wanted
    ]


@login_required
def completeness_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    slug = request.GET.get("unit")
    own: Unit | None = None
    unit: Unit | None
    if slug:
        unit = get_allowed(Unit.objects.all(), request.user, slug=slug)
    elif request.GET.get("all") or fmt or request.GET.get("format"):
        unit = widest_unit(request.user)  # everything the person may read
    else:
        unit = own = default_unit(request.user)
    period = current_period()
    rows = rows_of(unit_completeness(unit, period), request.GET.get("state", "")) if unit else []
    title = _("Báo cáo tháng: tình hình gửi")
    listing = Listing(title, COLUMNS, rows, "tinh-hinh-gui-bao-cao",
                      meta={"period": period.key, "unit": unit.slug if unit else None})
    intro = _("Kỳ báo cáo: %(period)s. Đơn vị: %(unit)s.") % {
        "period": period_label(period.key), "unit": unit_label(unit) if unit else "—"}
    widen = {"unit": own.slug} if own is not None else {}
    return respond(request, listing, "web/list.html",
                   {"intro": intro, **own_unit_context(own, QueryDict(urlencode(widen)))}, fmt)
