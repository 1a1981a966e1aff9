"""Directing a task: the leader pauses, stops or resumes it with a reason (planning.services.tasks)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.planning.models import RunState, Task
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
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi quyết định: %(s)s.") % {"s": CHOICE_LABELS[data["run_state"]]})
            return redirect(task.get_absolute_url())
    return render(request, "web/task_run_state.html", {"task": task, "form": form,
                                                       "title": _("Tạm dừng, dừng hoặc tiếp tục nhiệm vụ")})
