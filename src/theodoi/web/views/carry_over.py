"""The office confirms which open tasks of a replaced plan the new plan carries over (``services.carry_over``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from theodoi.planning.models import Document
from theodoi.planning.selectors.carry_over import offers, replaced_plans
from theodoi.planning.services.carry_over import CARRY, CLOSE, LINK, decide
from theodoi.planning.services.errors import ConflictError
from theodoi.web.views.common import get_allowed, today


@login_required
def plan_carry_over(request: HttpRequest, uid: str) -> HttpResponse:
    doc = get_allowed(Document.objects.select_related("issuer"), request.user, "manage", uid=uid)
    offered = offers(doc, today())
    if request.method == "POST":
        choices = []
        for o in offered:
            action = request.POST.get(f"action-{o.task.uid}", "")
            if action not in (LINK, CARRY, CLOSE):
                continue  # "để sau": decided another day
            try:
                version = int(request.POST.get(f"version-{o.task.uid}", ""))
            except ValueError:
                version = -1
            choices.append((str(o.task.uid), action, version))
        if not choices:
            messages.error(request, _("Hãy chọn cách xử lý cho ít nhất một nhiệm vụ."))
            return redirect("plan_carry_over", uid=doc.uid)
        try:
            done = decide(request.user, doc, choices, today())
        except (ValidationError, PermissionDenied, ConflictError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("plan_carry_over", uid=doc.uid)
        messages.success(request, _("Đã nối %(link)s, chuyển %(carry)s và đóng %(close)s nhiệm vụ của kế hoạch bị "
                                    "thay thế.") % done)
        return redirect("plan_detail", uid=doc.uid)
    return render(request, "web/plan_carry_over.html", {
        "doc": doc, "offered": offered, "olds": replaced_plans(doc), "LINK": LINK, "CARRY": CARRY, "CLOSE": CLOSE})
