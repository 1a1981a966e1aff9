"""The officer's monthly forms: a task's progress update and a target's figure.

Views parse the form and call the tracking services (the only writers). A stale
version raises ``ConflictError``; the page then shows, in Vietnamese, what the
other person saved next to what this person typed, and lets them save again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from theodoi.planning.models import Measurement, ProgressUpdate, Target, Task
from theodoi.tenancy.permissions import can, units_for
from theodoi.web.forms import FigureForm, ProgressForm
from theodoi.web.views.common import current_period, get_allowed


def _services() -> Any:
    from theodoi.planning.services import errors, measurements, progress

    return progress, measurements, errors


def _period_key(request: HttpRequest, due_day: int) -> str:
    key = request.GET.get("period") or request.POST.get("period")
    if key:
        from theodoi.domain.periods import Period

        try:
            return Period.parse(key).key
        except ValueError:
            pass
    return current_period(due_day).key


def _add_errors(form: Any, exc: ValidationError) -> None:
    for msg in exc.messages:
        form.add_error(None, msg)


@login_required
def task_update(request: HttpRequest, uid: str) -> HttpResponse:
    task = get_allowed(Task.objects.select_related("document", "lead_unit"), request.user, "report", uid=uid)
    period_key = _period_key(request, task.document.monthly_due_day)
    current = ProgressUpdate.objects.filter(task=task, unit=task.lead_unit, period_key=period_key).first()
    conflict = None
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            progress, _m, errors = _services()
            data = form.data_for_service()
            if form.cleaned_data["evidence"]:
                data["evidence"] = form.cleaned_data["evidence"]
            try:
                progress.save_update(
                    user=request.user, task=task, period_key=period_key, data=data,
                    expected_version=form.cleaned_data.get("version"), submit="submit" in request.POST,
                )
            except errors.ConflictError:
                conflict = ProgressUpdate.objects.filter(task=task, unit=task.lead_unit, period_key=period_key).first()
                form.add_error(None, _("Người khác vừa lưu báo cáo này trong lúc bạn đang sửa. "
                                       "Hãy xem nội dung họ đã lưu bên dưới, điều chỉnh rồi lưu lại."))
                data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict (request.POST)
                data["version"] = conflict.version if conflict else ""
                form.data = data
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Đã gửi báo cáo tiến độ.") if "submit" in request.POST
                                 else _("Đã lưu bản nháp báo cáo tiến độ."))
                return redirect("task_detail", uid=task.uid)
    else:
        initial = {k: getattr(current, k) for k in ProgressForm.DATA_FIELDS} if current else {}
        initial["version"] = current.version if current else None
        form = ProgressForm(initial=initial)
    return render(request, "web/task_update.html", {
        "task": task, "form": form, "period_key": period_key, "current": current, "conflict": conflict,
        "locked": bool(current and current.is_locked),
    })


@login_required
def target_figure(request: HttpRequest, uid: str) -> HttpResponse:
    target = get_allowed(Target.objects.select_related("document", "indicator"), request.user, "report", uid=uid)
    units = list(units_for(request.user, "report").order_by("depth", "path")[:200])
    if not units:
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))
    unit = next((u for u in units if u.slug == (request.POST.get("unit") or request.GET.get("unit"))), units[0])
    period_key = _period_key(request, target.document.monthly_due_day)
    current = Measurement.objects.filter(target=target, unit=unit, period_key=period_key).first()
    conflict = None
    if request.method == "POST":
        form = FigureForm(request.POST, request.FILES)
        if form.is_valid():
            _p, measurements, errors = _services()
            cd = form.cleaned_data
            try:
                measurements.save_measurement(
                    user=request.user, target=target, unit=unit, period_key=period_key,
                    value=cd.get("value"), numerator=cd.get("numerator"), denominator=cd.get("denominator"),
                    source=cd.get("source", ""), note=cd.get("note", ""),
                    expected_version=cd.get("version"), submit="submit" in request.POST,
                    evidence=cd.get("evidence") or [],
                )
            except errors.ConflictError:
                conflict = Measurement.objects.filter(target=target, unit=unit, period_key=period_key).first()
                form.add_error(None, _("Người khác vừa lưu số liệu này trong lúc bạn đang sửa. "
                                       "Hãy xem số liệu họ đã lưu bên dưới, điều chỉnh rồi lưu lại."))
                data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict (request.POST)
                data["version"] = conflict.version if conflict else ""
                form.data = data
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu số liệu."))
                return redirect("target_detail", uid=target.uid)
    else:
        fields = ("value", "numerator", "denominator", "source", "note")
        initial = {k: getattr(current, k) for k in fields} if current else {}
        initial["version"] = current.version if current else None
        form = FigureForm(initial=initial)
    return render(request, "web/target_figure.html", {
        "target": target, "form": form, "period_key": period_key, "current": current, "conflict": conflict,
        "units": units, "unit": unit, "locked": bool(current and current.is_locked),
        "is_ratio": target.is_ratio, "can_view": can(request.user, "view", target),
    })
