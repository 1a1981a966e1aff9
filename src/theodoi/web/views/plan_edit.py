"""The standing office completes an imported plan: a task's page, a target's page, and the
plan's "6 rõ" worklist (inline rows, bulk assignment). Views parse and call the editing
services (``planning.services.tasks`` / ``targets``); who may edit is ``manage``
(``tenancy.permissions``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from theodoi.planning.models import Document, Target, Task
from theodoi.planning.selectors.six_clear import plan_worklist
from theodoi.planning.services import targets as target_services
from theodoi.planning.services import tasks as task_services
from theodoi.planning.services.errors import ConflictError, refusal
from theodoi.web.edit_forms import BulkLeadForm, PlanChoices, SixClearRowForm, TargetEditForm, TaskEditForm
from theodoi.web.views.common import get_allowed


def _save(form: Any, call: Any) -> bool:
    """Run one service call for a valid form; errors (stale version, refused values) go on the form."""
    try:
        call()
    except ConflictError as exc:
        form.add_error(None, exc.message_vi)
        data = form.data.copy()
        data[form.add_prefix("version")] = exc.current_version or ""
        form.data = data
    except (ValidationError, PermissionDenied) as exc:
        form.add_error(None, refusal(exc))
    else:
        return True
    return False


@login_required
def task_edit(request: HttpRequest, uid: str) -> HttpResponse:
    task = get_allowed(Task.objects.select_related("document", "document__issuer"), request.user, "manage", uid=uid)
    doc = task.document
    plan = PlanChoices(doc)
    if request.method == "POST":
        form = TaskEditForm(request.POST, plan=plan)
        if form.is_valid() and _save(form, lambda: task_services.update_task(
                user=request.user, task=task, fields=form.service_fields(),
                expected_version=form.cleaned_data.get("version"))):
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect(task.get_absolute_url())
    else:
        initial = {k: getattr(task, k) for k in TaskEditForm.SERVICE_FIELDS
                   if k not in ("coordinating_units", "targets")}
        initial.update(coordinating_units=list(task.coordinating_units.all()), targets=list(task.targets.all()),
                       version=task.version)
        form = TaskEditForm(initial=initial, plan=plan)
    return render(request, "web/task_edit.html", {"task": task, "form": form, "doc": doc})


@login_required
def target_edit(request: HttpRequest, uid: str) -> HttpResponse:
    target = get_allowed(Target.objects.select_related("document", "document__issuer"), request.user, "manage",
                         uid=uid)
    doc = target.document
    plan = PlanChoices(doc)
    if request.method == "POST":
        form = TargetEditForm(request.POST, plan=plan)
        if form.is_valid() and _save(form, lambda: target_services.update_target(
                user=request.user, target=target, fields=form.service_fields(),
                expected_version=form.cleaned_data.get("version"))):
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect(target.get_absolute_url())
    else:
        form = TargetEditForm(initial={"responsible_unit": target.responsible_unit,
                                       "reporting_units": list(target.reporting_units.all()),
                                       "version": target.version}, plan=plan)
    return render(request, "web/target_edit.html", {"target": target, "form": form, "doc": doc})


def _versions(request: HttpRequest, model: Any, doc: Document, key: str) -> list[tuple[Any, int | None]]:
    """The chosen rows of this plan with the version each had on the page."""
    uids = request.POST.getlist(key)
    rows = {str(r.uid): r for r in model.objects.filter(document=doc, uid__in=uids)} if uids else {}
    out = []
    for uid in uids:
        if uid in rows:
            raw = request.POST.get(f"v-{uid}") or ""
            out.append((rows[uid], int(raw) if raw.isdigit() else None))
    return out


@login_required
def plan_six_clear(request: HttpRequest, uid: str) -> HttpResponse:
    """Only this plan's tasks, what each still lacks, one small form per task, bulk lead assignment."""
    doc = get_allowed(Document.objects.select_related("issuer"), request.user, "manage", uid=uid)
    here = reverse("plan_six_clear", args=[doc.uid])
    show_all = request.GET.get("all") == "1" or request.POST.get("all") == "1"
    plan = PlanChoices(doc)
    bound: dict[int, Any] = {}
    bound_targets: dict[int, Any] = {}
    bulk = BulkLeadForm(plan=plan, label=_("Đơn vị chủ trì"), prefix="bulk")
    bulk_t = BulkLeadForm(plan=plan, label=_("Đơn vị theo dõi"), prefix="bulkt")
    if request.method == "POST":
        op = request.POST.get("op")
        suffix = "?all=1" if show_all else ""
        if op == "task":
            task = get_allowed(Task.objects.filter(document=doc), request.user, "manage",
                               uid=request.POST.get("row", ""))
            form = SixClearRowForm(request.POST, plan=plan, prefix=f"t{task.pk}")
            if form.is_valid() and _save(form, lambda: task_services.update_task(
                    user=request.user, task=task, fields=form.service_fields(),
                    expected_version=form.cleaned_data.get("version"))):
                messages.success(request, _("Đã lưu nhiệm vụ %(t)s.") % {"t": task.code or task.title[:40]})
                return redirect(f"{here}{suffix}#t-{task.uid}")
            bound[task.pk] = form
        elif op == "target":
            target = get_allowed(Target.objects.filter(document=doc), request.user, "manage",
                                 uid=request.POST.get("row", ""))
            tform = TargetEditForm(request.POST, plan=plan, with_reporting=False, prefix=f"g{target.pk}")
            if tform.is_valid() and _save(tform, lambda: target_services.update_target(
                    user=request.user, target=target, fields=tform.service_fields(),
                    expected_version=tform.cleaned_data.get("version"))):
                messages.success(request, _("Đã lưu chỉ tiêu %(t)s.") % {"t": target.code or target.text[:40]})
                return redirect(f"{here}{suffix}#g-{target.uid}")
            bound_targets[target.pk] = tform
        elif op in ("bulk-lead", "bulk-target"):
            bulk_form = BulkLeadForm(request.POST, plan=plan, label="",
                                     prefix="bulk" if op == "bulk-lead" else "bulkt")
            chosen = _versions(request, Task if op == "bulk-lead" else Target, doc,
                               "tasks" if op == "bulk-lead" else "targets")
            if bulk_form.is_valid() and _save(bulk_form, lambda: (
                    task_services.assign_lead(user=request.user, tasks=chosen,
                                              lead_unit=bulk_form.cleaned_data["unit"])
                    if op == "bulk-lead" else
                    target_services.assign_responsible(user=request.user, targets=chosen,
                                                       unit=bulk_form.cleaned_data["unit"]))):
                messages.success(request, _("Đã giao %(u)s cho %(n)s mục.") % {
                    "u": bulk_form.cleaned_data["unit"].name, "n": len(chosen)})
                return redirect(f"{here}{suffix}")
            for err in bulk_form.errors.get("__all__", []) + bulk_form.errors.get("unit", []):
                messages.error(request, str(err))
            return redirect(f"{here}{suffix}")
    work = plan_worklist(doc)
    rows = []
    for item in work.tasks:
        if not (show_all or item.missing or item.task.pk in bound):
            continue
        t = item.task
        form = bound.get(t.pk) or SixClearRowForm(
            initial={**{k: getattr(t, k) for k in SixClearRowForm.SERVICE_FIELDS}, "version": t.version},
            plan=plan, prefix=f"t{t.pk}")
        rows.append({"task": t, "missing": item.missing_labels, "form": form})
    target_rows = []
    for target in work.targets:
        if not (show_all or target.responsible_unit_id is None or target.pk in bound_targets):
            continue
        tform = bound_targets.get(target.pk) or TargetEditForm(
            initial={"responsible_unit": target.responsible_unit, "version": target.version},
            plan=plan, with_reporting=False, prefix=f"g{target.pk}")
        target_rows.append({"target": target, "form": tform})
    return render(request, "web/plan_six_clear.html", {
        "doc": doc, "rows": rows, "target_rows": target_rows, "bulk": bulk, "bulk_t": bulk_t,
        "show_all": show_all, "n_tasks": len(work.tasks), "n_incomplete": len(work.incomplete),
        "n_targets": len(work.targets), "n_unassigned": len(work.targets_unassigned),
    })
