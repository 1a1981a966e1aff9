"""Handing the open tasks of an abolished unit's plan over to its successors (the standing office)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from theodoi.planning.models import Document
from theodoi.planning.selectors import history
from theodoi.planning.services.handover import hand_over_plan
from theodoi.tenancy.permissions import scope, units_for
from theodoi.web.views.common import get_allowed, today


@login_required
def handover_list(request: HttpRequest) -> HttpResponse:
    if not units_for(request.user, "manage").exists():
        raise PermissionDenied(_("Chỉ văn phòng thường trực bàn giao nhiệm vụ của đơn vị đã kết thúc hoạt động."))
    day = today()
    plans = list(history.ended_plans(scope(request.user, "manage").q("issuer"), day)[:200])
    ends = history.plan_ends(plans, day)
    return render(request, "web/handover_list.html", {"rows": [(p, ends[p.pk]) for p in plans]})


@login_required
def handover_plan(request: HttpRequest, uid: str) -> HttpResponse:
    doc = get_allowed(Document.objects.select_related("issuer"), request.user, "manage", uid=uid)
    day = today()
    if not history.is_ended(doc, day):
        messages.info(request, _("Đơn vị ban hành kế hoạch này vẫn đang hoạt động: không cần bàn giao."))
        return redirect(doc.get_absolute_url())
    successors, proposals = history.split_proposal(doc, day)
    by_slug = {s.slug: s for s in successors}
    if request.method == "POST":
        decisions = {p.task.pk: [by_slug[s] for s in request.POST.getlist(f"task-{p.task.pk}") if s in by_slug]
                     for p in proposals}
        try:
            done = hand_over_plan(doc, decisions, user=request.user, today=day, reason=request.POST.get("reason", ""))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Đã bàn giao: %(moved)s nhiệm vụ chuyển cho một đơn vị, %(copied)s nhiệm vụ "
                                        "chia cho nhiều đơn vị (%(copies)s bản giao riêng).")
                             % {"moved": done.moved, "copied": done.copied, "copies": done.copies})
            return redirect(doc.get_absolute_url())
    return render(request, "web/handover.html", {
        "doc": doc, "end": history.plan_end(doc, day), "successors": successors, "proposals": proposals,
    })
