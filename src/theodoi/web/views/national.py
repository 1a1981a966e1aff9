"""The national roll-up (Bộ KH&CN, the central steering committee): the provinces ranked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from theodoi.tenancy.permissions import is_national_reader
from theodoi.web.selectors import national as sel
from theodoi.web.views.common import today


@login_required
def national(request: HttpRequest) -> HttpResponse:
    if not is_national_reader(request.user):
        raise PermissionDenied(_("Trang toàn quốc dành cho cơ quan theo dõi cấp trung ương."))
    day = today()
    r = sel.rollup(request.user, day)
    return render(request, "web/national.html", {"r": r, "ranked": r.ranked, "today": day})
