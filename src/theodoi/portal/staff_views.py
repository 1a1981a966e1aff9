"""Staff pages for the standing office: read feedback on its plans, answer or hide it.

Mounted at /feedback/ (``portal.staff_urls``); sign-in required, rules in ``portal.rules``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from theodoi.portal import services
from theodoi.portal.forms import AnswerForm, FeedbackFilterForm, HideForm
from theodoi.portal.models import Feedback
from theodoi.portal.selectors import feedback_of_uid, staff_feedback
from theodoi.tenancy.permissions import can


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    form = FeedbackFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    return render(request, "portal/staff/list.html", {"items": staff_feedback(request.user, status),
                                                      "filter_form": form})


def _get(request: HttpRequest, uid) -> Feedback:
    fb = feedback_of_uid(uid)
    if fb is None:
        raise Http404(_("Không tìm thấy ý kiến."))
    if not can(request.user, "view", fb):
        raise PermissionDenied(_("Bạn không có quyền xem ý kiến này."))
    return fb


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_detail(request: HttpRequest, uid) -> HttpResponse:
    fb = _get(request, uid)
    may_manage = can(request.user, "manage", fb)
    answer_form = AnswerForm(initial={"answer": fb.answer})
    hide_form = HideForm()
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied(_("Bạn không có quyền xử lý ý kiến về kế hoạch này."))
        action = request.POST.get("action", "")
        try:
            if action == "answer":
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    services.answer_feedback(user=request.user, feedback=fb,
                                             answer=answer_form.cleaned_data["answer"])
                    messages.success(request, _("Đã lưu trả lời; trả lời được công khai trên cổng thông tin."))
                    return redirect(request.path)
            elif action == "hide":
                hide_form = HideForm(request.POST)
                if hide_form.is_valid():
                    services.hide_feedback(user=request.user, feedback=fb, reason=hide_form.cleaned_data["reason"])
                    messages.success(request, _("Ý kiến không còn hiển thị công khai."))
                    return redirect(request.path)
            elif action == "restore":
                services.restore_feedback(user=request.user, feedback=fb)
                messages.success(request, _("Đã khôi phục ý kiến."))
                return redirect(request.path)
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
    return render(request, "portal/staff/detail.html", {
        "fb": fb, "may_manage": may_manage, "answer_form": answer_form, "hide_form": hide_form,
    })
