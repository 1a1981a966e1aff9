"""Public portal pages (no sign-in): plan list, plan, task, and the feedback form.

Everything shown comes from ``portal.selectors`` (public, non-confidential, approved only).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from theodoi.portal import selectors as sel
from theodoi.portal import throttle
from theodoi.portal.forms import FeedbackForm
from theodoi.portal.services import submit_feedback


def index(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:200]
    province = (request.GET.get("tinh") or "").strip()[:80]
    page, plans = sel.plans_page(q, province, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/index.html", {
        "groups": sel.group_by_province(plans), "count": page.paginator.count, "page": page,
        "page_query": query.urlencode(), "q": q, "province": province,
        "provinces": sel.provinces_with_plans(),
    })


def _feedback(request: HttpRequest, doc, task) -> tuple[FeedbackForm, HttpResponse | None]:
    """Handle a POSTed feedback form; returns (form to show, redirect on success)."""
    if request.method != "POST":
        return FeedbackForm(), None
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return form, None
    if not throttle.allowed(request):
        form.add_error(None, _("Bạn đã gửi nhiều ý kiến trong thời gian ngắn. Vui lòng thử lại sau."))
        return form, None
    data = form.cleaned_data
    try:
        submit_feedback(document=doc, task=task, kind=data["kind"], name=data["name"],
                        organisation=data["organisation"], contact=data["contact"], body=data["body"])
    except ValidationError as exc:
        for m in exc.messages:
            form.add_error(None, m)
        return form, None
    messages.success(request, _("Cảm ơn bạn đã gửi ý kiến. Văn phòng thường trực sẽ xem xét và trả lời công khai."))
    return form, redirect(request.path + "#y-kien")


@require_http_methods(["GET", "HEAD", "POST"])
def plan_detail(request: HttpRequest, uid: str) -> HttpResponse:
    doc, plan = sel.plan_page(uid)
    form, done = _feedback(request, doc, None)
    if done:
        return done
    return render(request, "portal/plan.html", {
        "plan": plan, "finance": sel.finance_summary(plan), "feedback": sel.published_feedback(doc),
        "form": form,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def task_detail(request: HttpRequest, uid: str) -> HttpResponse:
    task, item = sel.task_page(uid)
    form, done = _feedback(request, task.document, task)
    if done:
        return done
    return render(request, "portal/task.html", {
        "task": item, "feedback": sel.published_feedback(task.document, task), "form": form,
    }, status=400 if form.errors else 200)
