"""The upload page: extract, show next to the source text, correct, then save on confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from theodoi.extraction.confidence import UNSURE
from theodoi.planning.importing import background, staging
from theodoi.planning.importing.forms import (
    AssignmentFormSet,
    MetaForm,
    ReportingFormSet,
    TargetFormSet,
    TaskFormSet,
    UnitPicksForm,
    UploadForm,
)
from theodoi.planning.importing.matching import UnitMatcher
from theodoi.planning.importing.review import by_confidence, is_unsure, items_of, unknown_names
from theodoi.planning.importing.rows import EXPANDED, coordinating_names, lead_name, lead_names
from theodoi.planning.importing.service import import_plan, previous_picks, reimport_conflicts
from theodoi.planning.models import Document
from theodoi.planning.selectors.assignable import plan_units
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
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
        if background.needs_ocr(data, f.name):  # a scan: read by OCR in the background, page by page
            refused = background.too_many_pages(data)
            if refused is None:
                token = background.start(data, f.name, request.user)
                request.session[_SESSION_KEY] = [*request.session.get(_SESSION_KEY, [])[-9:], token]
                return redirect("importing:review", token=token)
            form.add_error("file", refused)
            return render(request, "planning/import_upload.html", {"form": form})
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


def _task_initial(item: dict) -> dict:
    """A task as the review form shows it: its units as written, one text each."""
    return {**item, "lead_names": lead_name(item), "coordinating_names": "; ".join(coordinating_names(item)),
            "outputs": item.get("outputs") or item.get("output") or ""}


def _split(names: str) -> list[str]:
    return [n.strip() for n in (names or "").split(";") if n.strip()]


def _task_rows(formset) -> list[dict]:
    """The kept tasks, their units from the office's text (co-leads "; " apart, the first known leads)."""
    out = []
    for row in _rows(formset, ("code", "title", "deadline", "lead_names", "coordinating_names", "outputs")):
        for key in ("lead", "lead_unit", "output"):
            row.pop(key, None)
        row["lead_units"] = _split(row.pop("lead_names", ""))
        row["coordinating_units"] = _split(row.pop("coordinating_names", ""))
        row["outputs"] = row.get("outputs") or None
        out.append(row)
    return out


def _unit_notes(tasks, matcher: UnitMatcher, issuer: Unit | None) -> None:
    """Each task form gets ``unit_notes``: every unit it names, with the unit of the tree it matched
    (None: unknown, to be picked in the page's list of unknown names)."""
    for form in tasks:
        item = form.initial
        named = [(_("Chủ trì"), n) for n in lead_names(item)]
        named += [(_("Phối hợp"), n) for n in coordinating_names(item)]
        notes = []
        for role, name in named:
            unit = matcher.match(name, near=issuer)
            notes.append({"role": role, "name": name, "unit": unit_label(unit) if unit is not None else None})
        form.unit_notes = notes


def _to_check(parts: list[tuple[str, str, Any]]) -> list[dict]:
    """The uncertain items of every part, for the list at the top of the page (links to each)."""
    out = []
    for label, prefix, formset in parts:
        for i, form in enumerate(formset):
            if is_unsure(form.initial):
                item = form.initial
                text = item.get("text") or item.get("title") or item.get("unit") or ""
                out.append({"label": f"{label} {i + 1}", "text": str(text)[:90], "anchor": f"muc-{prefix}-{i}",
                            "confidence": item.get("confidence")})
    return out


def _rows(formset, fields: tuple[str, ...]) -> list[dict]:
    """The kept rows, back in document order."""
    kept = []
    for n, form in enumerate(formset):
        data = form.cleaned_data
        if data and data.get("keep"):
            kept.append((data.get("position") if data.get("position") is not None else 10_000 + n, data, form))
    out = []
    for _position, data, form in sorted(kept, key=lambda item: item[0]):
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
    if staged.pending or staged.error or request.GET.get("poll") or request.GET.get("format") == "json":
        return _progress(request, staged)
    ex = staged.extraction
    post = request.POST if request.method == "POST" else None
    meta_form = MetaForm(post, initial=_initial(ex, issuers), issuers=issuers, prefix="meta")
    items = items_of(ex)
    targets = TargetFormSet(post, initial=by_confidence(items["targets"]), prefix="t")
    tasks = TaskFormSet(post, initial=[_task_initial(i) for i in by_confidence(items["tasks"])], prefix="k")
    assignments = AssignmentFormSet(post, initial=by_confidence(items["assignments"]), prefix="a")
    reporting = ReportingFormSet(post, initial=by_confidence(items["reporting"]), prefix="r")
    issuer = _initial(ex, issuers)["issuer"]
    matcher = UnitMatcher(Unit.objects.select_related("parent").prefetch_related("aliases"))  # unit_label: parent
    unknown = unknown_names(ex, matcher, issuer)
    before = previous_picks(ex, issuer=issuer, data=staged.data) if issuer is not None else {}
    picks = UnitPicksForm(post, names=[u.name for u in unknown], prefix="u", label_of=unit_label,
                          units=plan_units(Document(issuer=issuer)) if issuer is not None else Unit.objects.none(),
                          initial={f"u{i}": str(before[u.name].pk) for i, u in enumerate(unknown) if u.name in before})
    _unit_notes(tasks, matcher, issuer)
    conflicts = reimport_conflicts(ex, issuer=issuer, data=staged.data) if issuer is not None else []
    if post is not None and "cancel" in post:
        staging.discard(token)
        messages.info(request, "Đã hủy, không lưu gì.")
        return redirect("importing:upload")
    if post is not None and all(f.is_valid() for f in (meta_form, targets, tasks, assignments, reporting, picks)):
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
            "tasks": _task_rows(tasks), EXPANDED: True,  # the appendix rows are among them, as checked
            "assignments": _rows(assignments, ("unit", "role", "duties")),
            "reporting": _rows(reporting, ("unit", "to", "frequency", "due_day")),
        }
        try:
            accept = {c.key for i, c in enumerate(conflicts) if post.get(f"c-{i}") == "doc"}
            result = import_plan(staged.data, staged.filename, user=request.user, extraction=corrected,
                                 issuer=m["issuer"], source_text=staged.text, accept=accept, units=picks.picks())
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
        "conflicts": conflicts, "unsure": UNSURE, "picks": picks, "unknown": unknown,
        "unknown_rows": [(u, picks[f"u{i}"]) for i, u in enumerate(unknown)],
        "to_check": _to_check([(_("Chỉ tiêu"), "t", targets), (_("Nhiệm vụ"), "k", tasks),
                               (_("Đơn vị"), "a", assignments), (_("Báo cáo"), "r", reporting)]),
    })


def _progress(request: HttpRequest, staged: staging.Staged) -> HttpResponse:
    """A scan being read in the background: page k of n. Without JavaScript the page reloads itself
    (``<meta http-equiv=refresh>`` in a ``<noscript>``) and has a reload link; with htmx the block
    is fetched again every two seconds and the review opens once the reading is done. The JSON
    twin (``?format=json``) says the same."""
    if request.method == "POST" and "cancel" in request.POST:
        staging.discard(staged.token)
        messages.info(request, _("Đã hủy, không lưu gì."))
        return redirect("importing:upload")
    state = background.progress_of(staged)
    htmx = request.headers.get("HX-Request") == "true"  # (django-htmx's request.htmx, typed)
    if request.GET.get("format") == "json":
        return JsonResponse(state.as_dict())
    if state.state == "done":
        url = reverse("importing:review", args=[staged.token])
        return HttpResponseClientRedirect(url) if htmx else redirect(url)
    context = {"staged": staged, "state": state}
    if htmx:
        return render(request, "planning/_import_progress.html", context)
    return render(request, "planning/import_progress.html", context)
