"""The leader's review: approve, return with a reason, reopen with a reason (services write)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.planning.models import Measurement, ProgressUpdate
from theodoi.tenancy.permissions import can, can_reopen
from theodoi.web.forms import ReasonForm
from theodoi.web.listing import Column, Listing, respond
from theodoi.web.selectors.review import review_rows
from theodoi.web.views.common import get_allowed

KINDS: dict[str, type[ProgressUpdate] | type[Measurement]] = {
    "update": ProgressUpdate, "figure": Measurement}
ACTIONS = ("approve", "return", "reopen")

QUEUE_COLUMNS = [
    Column("kind", gettext_lazy("Loại")), Column("item", gettext_lazy("Nội dung"), "link"),
    Column("period", gettext_lazy("Kỳ"), "period"), Column("unit", gettext_lazy("Đơn vị")),
    Column("submitted_by", gettext_lazy("Người gửi")), Column("submitted_at", gettext_lazy("Gửi lúc"), "date"),
]


@login_required
def review_queue(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """What waits for this person's approval."""
    rows = review_rows(request.user)
    return respond(request, Listing(_("Chờ duyệt"), QUEUE_COLUMNS, rows, "cho-duyet"), "web/list.html", {}, fmt)


def _back(obj: Any) -> HttpResponse:
    if isinstance(obj, ProgressUpdate):
        return redirect(f"{obj.task.get_absolute_url()}#u-{obj.uid}")
    return redirect("target_detail", uid=obj.target.uid)


@login_required
def review_action(request: HttpRequest, kind: str, uid: str, action: str) -> HttpResponse:
    model = KINDS.get(kind)
    if model is None or action not in ACTIONS:
        raise Http404(_("Không tìm thấy nội dung yêu cầu."))
    obj = cast(ProgressUpdate | Measurement,
               get_allowed(model.objects.all(), request.user, "view", uid=uid))
    if action == "reopen":
        # the unit's leader and the standing office of the plan (tenancy.permissions.reopenable)
        if not can_reopen(request.user, obj):
            raise PermissionDenied(_("Bạn không có quyền mở lại nội dung này."))
    elif not can(request.user, "approve", obj):
        raise PermissionDenied(_("Bạn không có quyền duyệt nội dung này."))
    needs_reason = action != "approve"
    form = ReasonForm(request.POST or None) if needs_reason else None
    if request.method == "POST" and (form is None or form.is_valid()):
        version = _int(request.POST.get("version"))
        reason = form.cleaned_data["reason"] if form else ""
        from theodoi.planning.services import errors, review

        try:
            if action == "approve":
                review.approve(request.user, obj, expected_version=version)
            elif action == "return":
                review.return_for_changes(request.user, obj, reason, expected_version=version)
            else:
                review.reopen(request.user, obj, reason)
        except (errors.ConflictError, ValidationError) as exc:
            # a conflict's message says what the other person saved; the page shows the new content
            messages.error(request, errors.refusal(exc))
        else:
            messages.success(request, {"approve": _("Đã duyệt."), "return": _("Đã trả lại."),
                                       "reopen": _("Đã mở lại.")}[action])
        return _back(obj)
    if kind == "update":
        titles = {"return": _("Trả lại báo cáo tiến độ"), "reopen": _("Mở lại báo cáo tiến độ đã duyệt"),
                  "approve": _("Duyệt báo cáo tiến độ")}
    else:
        titles = {"return": _("Trả lại số liệu"), "reopen": _("Mở lại số liệu đã duyệt"),
                  "approve": _("Duyệt số liệu")}
    return render(request, "web/review_reason.html", {"obj": obj, "form": form, "title": titles[action],
                                                      "kind": kind, "action": action})


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
