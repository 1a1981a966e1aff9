"""The trace of a target's indicator down the cascade and back up (page and JSON twin)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from theodoi.planning.models import Target
from theodoi.planning.selectors import trace as sel
from theodoi.tenancy.models import Unit
from theodoi.web.selectors import facts
from theodoi.web.views.common import get_allowed, today


@login_required
def target_trace(request: HttpRequest, uid: str, fmt: str | None = None) -> HttpResponse:
    start = get_allowed(Target.objects.select_related("document", "indicator"), request.user, uid=uid)
    unit = None
    if request.GET.get("unit"):
        unit = get_allowed(Unit.objects.all(), request.user, slug=request.GET["unit"][:120])
    t = sel.trace(start, request.user, today(), unit)
    if fmt == "json" or request.GET.get("format") == "json":
        return JsonResponse(sel.as_json(t), json_dumps_params={"ensure_ascii": False})
    for level in t.levels:
        level.tone = facts.target_view(level.status_code).tone  # type: ignore[attr-defined]
    return render(request, "web/trace.html", {"t": t, "target": start})
