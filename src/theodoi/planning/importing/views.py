"""The upload page: extract, show next to the source text, correct, then save on confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from theodoi.extraction.confidence import UNSURE
from theodoi.planning.importing import staging
from theodoi.planning.importing.forms import (
    AssignmentFormSet,
    MetaForm,
    ReportingFormSet,
    TargetFormSet,
    TaskFormSet,
    UploadForm,
)
from theodoi.planning.importing.matching import UnitMatcher
from theodoi.planning.importing.service import import_plan, reimport_conflicts
from theodoi.tenancy.permissions import units_for

_SESSION_KEY = "theodoi_import_tokens"


def _manageable(request: HttpRequest):
    units = units_for(request.user, "manage").filter(valid_to__isnull=True)
    if not units.exists() and not request.user.is_superuser:
        raise PermissionDenied("Bạn không có quyền nhập kế hoạch (cần vai trò quản trị của văn phòng thường trực).")
    return units


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: receive a file and extract it. Nothing is stored in the database."""
    _manageable(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from theodoi.extraction import ExtractionError, extract_text, read_document

        f = form.cleaned_data["file"]
        data = f.read()
        try:
            source = read_document(data, f.name)  # read once: extraction and the source pane
            extraction = extract_text(source, f.name.rsplit(".", 1)[0])
            text = source.text
        except ExtractionError as exc:
            form.add_error("file", str(exc))
        else:
            token = staging.stage(data, f.name, extraction, text)
            request.session[_SESSION_KEY] = [*request.session.get(_SESSION_KEY, [])[-9:], token]
            return redirect("importing:review", token=token)
    return render(request, "planning/import_upload.html", {"form": form})


def _initial(extraction: dict, issuers) -> dict:
    meta = extraction.get("meta") or {}
    issuer = UnitMatcher(issuers.prefetch_related("aliases")).match(meta.get("issuer"))
    period = meta.get("period") or {}
    return {
        "issuer": issuer, "doc_type": meta.get("doc_type") or "KẾ HOẠCH", "number": meta.get("number") or "",
        "issued_date": meta.get("issued_date"), "place": meta.get("place") or "", "title": meta.get("title") or "",
        "period_start": period.get("start"), "period_end": period.get("end"),
    }


def _by_confidence(items: list[dict], sure: list[float] | None) -> list[dict]:
    """The items with their place and confidence, the least sure first (then in document order)."""
    sure = sure or []
    rows = [{**item, "position": i, "confidence": sure[i] if i < len(sure) else None} for i, item in enumerate(items)]
    return sorted(rows, key=lambda r: (1.0 if r["confidence"] is None else r["confidence"], r["position"]))


def _rows(formset, fields: tuple[str, ...]) -> list[dict]:
    """The kept rows, back in document order."""
    kept = []
    for n, form in enumerate(formset):
        data = form.cleaned_data
        if data and data.get("keep"):
            kept.append((data.get("position") if data.get("position") is not None else 10_000 + n, data, form))
    out = []
    for _, data, form in sorted(kept, key=lambda item: item[0]):
        # what the page does not show (a task's lead and outputs) stays as extracted
        row = {**{k: v for k, v in (form.initial or {}).items() if k not in ("keep", "position", "confidence")},
               **{k: data.get(k) for k in fields}}
        for k in ("value", "value_max"):
            if k in row and row[k] is not None:
                row[k] = float(row[k]) if row[k] != int(row[k]) else int(row[k])
        out.append(row)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: the extraction beside the source text; every item can be corrected or dropped."""
    issuers = _manageable(request)
    staged = staging.load(token) if token in request.session.get(_SESSION_KEY, []) else None
    if staged is None:
        messages.error(request, "Phiên tải lên đã hết hạn hoặc không thuộc về bạn; hãy tải tệp lên lại.")
        return redirect("importing:upload")
    ex = staged.extraction
    post = request.POST if request.method == "POST" else None
    meta_form = MetaForm(post, initial=_initial(ex, issuers), issuers=issuers, prefix="meta")
    sure = ex.get("confidence") or {}
    targets = TargetFormSet(post, initial=_by_confidence(ex.get("targets") or [], sure.get("targets")), prefix="t")
    tasks = TaskFormSet(post, initial=_by_confidence(ex.get("tasks") or [], sure.get("tasks")), prefix="k")
    assignments = AssignmentFormSet(post, initial=_by_confidence(ex.get("assignments") or [], sure.get("assignments")),
                                    prefix="a")
    reporting = ReportingFormSet(post, initial=_by_confidence(ex.get("reporting") or [], sure.get("reporting")),
                                 prefix="r")
    issuer = _initial(ex, issuers)["issuer"]
    conflicts = reimport_conflicts(ex, issuer=issuer, data=staged.data) if issuer is not None else []
    if post is not None and "cancel" in post:
        staging.discard(token)
        messages.info(request, "Đã hủy, không lưu gì.")
        return redirect("importing:upload")
    if post is not None and all(f.is_valid() for f in (meta_form, targets, tasks, assignments, reporting)):
        m = meta_form.cleaned_data
        corrected = {
            **{k: v for k, v in ex.items() if k != "confidence"},  # the office has checked every item
            "meta": {**(ex.get("meta") or {}), "doc_type": m["doc_type"], "number": m["number"] or None,
                     "issuer": (ex.get("meta") or {}).get("issuer") or m["issuer"].name,
                     "issued_date": m["issued_date"].isoformat() if m["issued_date"] else None,
                     "place": m["place"] or None, "title": m["title"],
                     "period": {"start": m["period_start"], "end": m["period_end"]}},
            "targets": _rows(targets, ("text", "section", "area", "value", "value_max", "unit", "comparator",
                                       "deadline_year")),
            "tasks": _rows(tasks, ("code", "title", "deadline")),
            "assignments": _rows(assignments, ("unit", "role", "duties")),
            "reporting": _rows(reporting, ("unit", "to", "frequency", "due_day")),
        }
        try:
            accept = {c.key for i, c in enumerate(conflicts) if post.get(f"c-{i}") == "doc"}
            result = import_plan(staged.data, staged.filename, user=request.user, extraction=corrected,
                                 issuer=m["issuer"], source_text=staged.text, accept=accept)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            staging.discard(token)
            messages.success(request, result.summary_vi)
            try:
                return redirect(reverse("plan_detail", args=[result.document.uid]))
            except NoReverseMatch:
                return redirect("home")
    return render(request, "planning/import_review.html", {
        "staged": staged, "meta_form": meta_form, "targets": targets, "tasks": tasks,
        "assignments": assignments, "reporting": reporting, "no_targets": not ex.get("targets"),
        "conflicts": conflicts, "unsure": UNSURE,
    })
