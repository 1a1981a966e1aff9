"""Directing a task: the leader pauses, stops or resumes it with a reason (planning.services.tasks);
the lead unit records the stages of a science task (planning.services.lifecycle)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from theodoi.planning.models import RunState, Stage, Task
from theodoi.planning.selectors.warnings import period_name
from theodoi.planning.services.errors import refusal
from theodoi.web.views.common import get_allowed

CHOICE_LABELS = {
    RunState.PAUSED: gettext_lazy("Tạm dừng (có thể tiếp tục sau)"),
    RunState.STOPPED: gettext_lazy("Dừng thực hiện"),
    RunState.ACTIVE: gettext_lazy("Tiếp tục thực hiện"),
}


class RunStateForm(forms.Form):
    run_state = forms.ChoiceField(label=gettext_lazy("Quyết định"), widget=forms.RadioSelect)
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000, required=False,
                             help_text=gettext_lazy("Bắt buộc khi tạm dừng hoặc dừng; ghi vào nhật ký."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["run_state"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k, v) for k, v in CHOICE_LABELS.items() if k != current]


@login_required
def run_state(request: HttpRequest, uid: str) -> HttpResponse:
    """The leader's decision on a task (often from its "stalled" warning): pause, stop or resume."""
    task = get_allowed(Task.objects.select_related("document", "lead_unit"), request.user, "direct", uid=uid)
    form = RunStateForm(request.POST or None, current=task.run_state,
                        initial={"version": task.version, "run_state": RunState.STOPPED
                                 if request.GET.get("from") == "stalled" else None})
    if request.method == "POST" and form.is_valid():
        from theodoi.planning.services import errors, tasks

        data = form.cleaned_data
        try:
            tasks.set_run_state(user=request.user, task=task, run_state=data["run_state"], reason=data["reason"],
                                expected_version=data["version"])
        except errors.ConflictError as exc:
            messages.error(request, exc.message_vi)
        except ValidationError as exc:
            form.add_error(None, errors.refusal(exc))
        else:
            messages.success(request, _("Đã ghi quyết định: %(s)s.") % {"s": CHOICE_LABELS[data["run_state"]]})
            return redirect(task.get_absolute_url())
    return render(request, "web/task_run_state.html", {"task": task, "form": form,
                                                       "title": _("Tạm dừng, dừng hoặc tiếp tục nhiệm vụ")})


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("Giai đoạn"), choices=Stage.choices)
    date = forms.DateField(label=gettext_lazy("Ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    document_ref = forms.CharField(label=gettext_lazy("Số, ký hiệu văn bản"), max_length=255, required=False)
    amount = forms.CharField(label=gettext_lazy("Số tiền (đồng)"), max_length=40, required=False,
                             help_text=gettext_lazy("Bắt buộc với giai đoạn giải ngân."))
    file = forms.FileField(label=gettext_lazy("Tệp văn bản, minh chứng"), required=False)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000)
    order_reason = forms.CharField(
        label=gettext_lazy("Lý do nếu không theo thứ tự"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        max_length=2000, help_text=gettext_lazy("Cần khi giai đoạn đi trước giai đoạn nó cần (ví dụ giải ngân khi "
                                                "chưa có hợp đồng) hoặc ghi ngày trước giai đoạn trước đó."))


@login_required
def stages(request: HttpRequest, uid: str) -> HttpResponse:
    """The lifecycle of a science task: its stages in order, the reconciliation, and a new stage."""
    from theodoi.planning.selectors.lifecycle import reconcile
    from theodoi.tenancy.permissions import can

    task = get_allowed(Task.objects.select_related("document", "lead_unit"), request.user, uid=uid)
    may_write = task.is_science_task and (can(request.user, "report", task) or can(request.user, "manage", task))
    form = StageForm(request.POST or None, request.FILES or None) if may_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Bạn không có quyền cập nhật giai đoạn của nhiệm vụ này."))
        if form.is_valid():
            from theodoi.planning.services import lifecycle

            d = form.cleaned_data
            try:
                lifecycle.add_stage(user=request.user, task=task, stage=d["stage"], date=d["date"],
                                    document_ref=d["document_ref"], amount=d["amount"], note=d["note"],
                                    files=[d["file"]] if d["file"] else [], order_reason=d["order_reason"])
            except ValidationError as exc:
                form.add_error(None, refusal(exc))
            else:
                messages.success(request, _("Đã ghi giai đoạn %(s)s.") % {"s": Stage(d["stage"]).label})
                return redirect("task_stages", uid=task.uid)
    r = reconcile(task)
    return render(request, "web/task_stages.html", {
        "task": task, "form": form, "r": r, "findings": [f.render(gettext, period_name) for f in r.findings],
        "title": _("Vòng đời nhiệm vụ KH&CN"),
    })
