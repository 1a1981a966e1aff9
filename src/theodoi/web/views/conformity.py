"""The conformity report of a plan against the plans it implements (page and JSON twin)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from theodoi.planning.models import Document
from theodoi.planning.selectors import conformity as sel
from theodoi.web.views.common import get_allowed


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return [str(v) for v in value]
    return value


@login_required
def plan_conformity(request: HttpRequest, uid: str, fmt: str | None = None) -> HttpResponse:
    doc = get_allowed(Document.objects.select_related("issuer"), request.user, uid=uid)
    report = sel.conformity(doc, request.user)
    if fmt == "json":
        return JsonResponse({
            "plan": str(doc.uid), "parents": [str(p.uid) for p in report.parents],
            "national_missing": report.national_missing,
            "science_share": _plain(report.science_share),
            "findings": [{"code": f.code, "child": str(f.child.uid) if f.child else None,
                          "parent": str(f.parent.uid) if f.parent else None,
                          "task": str(f.task.uid) if f.task else None,
                          "params": {k: _plain(v) for k, v in f.params.items()}} for f in report.findings],
        }, json_dumps_params={"ensure_ascii": False})
    groups = [(code, sel.LABELS[code], report.of(code)) for code in sel.LABELS if report.of(code)]
    return render(request, "web/conformity.html", {"doc": doc, "r": report, "groups": groups})
