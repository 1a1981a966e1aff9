"""Confirming parent targets for a plan's targets once the plan it implements has been imported."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from theodoi.planning.models import Document
from theodoi.planning.selectors.relink import suggestions
from theodoi.planning.services.cascade import link_targets
from theodoi.planning.services.errors import refusal
from theodoi.web.views.common import get_allowed


@login_required
def plan_relink(request: HttpRequest, uid: str) -> HttpResponse:
    doc = get_allowed(Document.objects.select_related("issuer"), request.user, "manage", uid=uid)
    offered = suggestions(doc)
    if request.method == "POST":
        chosen = set(request.POST.getlist("link"))
        pairs = []
        for s in offered:
            if str(s.child.uid) in chosen:
                try:
                    version = int(request.POST.get(f"version-{s.child.uid}", ""))
                except ValueError:
                    version = -1
                pairs.append((str(s.child.uid), str(s.parent.uid), version))
        if not pairs:
            messages.error(request, _("Hãy chọn ít nhất một chỉ tiêu để nối."))
            return redirect("plan_relink", uid=doc.uid)
        try:
            n = link_targets(request.user, doc, pairs)
        except ValidationError as exc:
            messages.error(request, refusal(exc))
            return redirect("plan_relink", uid=doc.uid)
        messages.success(request, _("Đã nối %(n)s chỉ tiêu với chỉ tiêu cấp trên.") % {"n": n})
        return redirect("plan_detail", uid=doc.uid)
    return render(request, "web/plan_relink.html", {"doc": doc, "offered": offered})
