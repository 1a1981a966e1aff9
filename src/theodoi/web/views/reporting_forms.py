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
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.planning.models import Target, Task
from theodoi.planning.selectors.obligations import stored_figure, stored_update
from theodoi.planning.services.errors import refusal
from theodoi.tenancy.permissions import can, units_for
from theodoi.web.forms import FigureForm, ProgressForm
from theodoi.web.views.common import current_period, get_allowed, today


def _services() -> Any:
    from theodoi.planning.services import errors, measurements, progress

    return progress, measurements, errors


def _period_key(request: HttpRequest, due_day: int) -> str:
    """The period asked for (``?period=`` or the form's field), else the one open today."""
    key = request.GET.get("period") or request.POST.get("period")
    if key:
        from theodoi.domain.periods import Period

        try:
            return Period.parse(key).key
        except ValueError:
            pass
    return current_period(due_day).key


def _future(request: HttpRequest, period_key: str, due_day: int) -> HttpResponse | None:
    """A period that has not come yet is refused (``domain.periods.is_future``): back to the open one."""
    from theodoi.domain.periods import Period, is_future

    if request.method == "POST" or not is_future(Period.parse(period_key), today(), due_day):
        return None  # a POST reaches the service, which refuses it with the same rule
    from theodoi.planning.services.common import reportable_period

    try:
        reportable_period(period_key, due_day)
    except ValidationError as exc:
        messages.error(request, refusal(exc))
    query = request.GET.copy()
    query.pop("period", None)
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


def _late(period_key: str, due_day: int, current: Any) -> Any:
    """The due date when this period's report is (or would be) sent late, else None."""
    from theodoi.domain.periods import Period, due_date, is_late

    period = Period.parse(period_key)
    sent_at = getattr(current, "submitted_at", None)
    day = timezone.localtime(sent_at).date() if sent_at else today()
    return due_date(period, due_day) if is_late(period, day, due_day) else None


def _add_errors(form: Any, exc: ValidationError) -> None:
    for msg in exc.messages:
        form.add_error(None, msg)


@login_required
def task_update(request: HttpRequest, uid: str) -> HttpResponse:
    task = get_allowed(Task.objects.select_related("document", "lead_unit"), request.user, "report", uid=uid)
    due_day = task.document.monthly_due_day
    period_key = _period_key(request, due_day)
    refused = _future(request, period_key, due_day)
    if refused:
        return refused
    current = stored_update(task, period_key)
    conflict = None
    if request.method == "POST" and "nothing" in request.POST:
        form = ProgressForm(initial={"version": current.version if current else None})
        progress, _m, _e = _services()
        done = _nothing(request, task, lambda version: progress.report_nothing(
            user=request.user, task=task, period_key=period_key, expected_version=version),
            _("Đã gửi báo cáo “không phát sinh” của %(p)s.") % {"p": _label(period_key)})
        if done:
            return done
    elif request.method == "POST":
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
                conflict = stored_update(task, period_key)
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
    from theodoi.planning.selectors.obligations import task_period_choices

    return render(request, "web/task_update.html", {
        "task": task, "form": form, "period_key": period_key, "current": current, "conflict": conflict,
        "locked": bool(current and current.is_locked), "choices": task_period_choices(task, today()),
        "late_due": _late(period_key, due_day, current),
    })


@login_required
def target_figure(request: HttpRequest, uid: str) -> HttpResponse:
    target = get_allowed(Target.objects.select_related("document", "indicator"), request.user, "report", uid=uid)
    units = list(units_for(request.user, "report").order_by("depth", "path")[:200])
    if not units:
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))
    unit = next((u for u in units if u.slug == (request.POST.get("unit") or request.GET.get("unit"))), units[0])
    due_day = target.document.monthly_due_day
    period_key = _period_key(request, due_day)
    refused = _future(request, period_key, due_day)
    if refused:
        return refused
    current = stored_figure(target, unit, period_key)
    conflict = None
    if request.method == "POST" and "nothing" in request.POST:
        form = FigureForm(initial={"version": current.version if current else None})
        _p, measurements, _e = _services()
        done = _nothing(request, target, lambda version: measurements.report_nothing(
            user=request.user, target=target, unit=unit, period_key=period_key, expected_version=version),
            _("Đã gửi số liệu “không phát sinh” của %(p)s.") % {"p": _label(period_key)})
        if done:
            return done
    elif request.method == "POST":
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
                conflict = stored_figure(target, unit, period_key)
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
    from theodoi.planning.selectors.obligations import target_period_choices

    return render(request, "web/target_figure.html", {
        "choices": target_period_choices(target, unit, today()), "late_due": _late(period_key, due_day, current),
        "target": target, "form": form, "period_key": period_key, "current": current, "conflict": conflict,
        "units": units, "unit": unit, "locked": bool(current and current.is_locked),
        "is_ratio": target.is_ratio, "can_view": can(request.user, "view", target),
    })


def _nothing(request: HttpRequest, obj: Any, call: Any, success: str) -> HttpResponse | None:
    """The one tap "không phát sinh" (nothing to report this period) of a task or a target: the
    service call with the version the form was read at; on success, the message and the way back
    (None when refused: the refusal is on the page, which is shown again)."""
    from theodoi.planning.services import errors

    try:
        call(_int(request.POST.get("version")))
    except (errors.ConflictError, ValidationError) as exc:
        messages.error(request, refusal(exc))
        return None
    messages.success(request, success)
    return redirect(_next(request, obj))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _label(period_key: str) -> str:
    from theodoi.domain.periods import Period
    from theodoi.planning.services.common import period_label

    return period_label(Period.parse(period_key))


def _next(request: HttpRequest, obj: Any) -> str:
    """Back to the home page's list when the one tap came from there, else the item's page
    (never an address taken from the request: no open redirect)."""
    from django.urls import reverse

    return reverse("home") + "?view=personal" if request.POST.get("next") == "home" else obj.get_absolute_url()
