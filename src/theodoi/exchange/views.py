"""The exchange page: download a unit's data or a template, upload a file, preview, confirm.

Views stay thin: the rows come from ``exchange.selectors``, the import is
``exchange.importing.import_file`` (a dry run for the preview, the real run on confirmation).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from theodoi.exchange.exporting import CONTENT_TYPES, export_file, template_file
from theodoi.exchange.format import KINDS
from theodoi.exchange.forms import ExportForm, UploadForm
from theodoi.exchange.importing import import_file
from theodoi.planning.importing import staging
from theodoi.planning.services.errors import refusal
from theodoi.tenancy.permissions import units_for

_SESSION_KEY = "theodoi_exchange_tokens"


def _units(request: HttpRequest) -> list:
    units = units_for(request.user, "view").filter(valid_to__isnull=True).order_by("depth", "path")
    return list(units[:300])


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@login_required
def index(request: HttpRequest) -> HttpResponse:
    units = _units(request)
    return render(request, "exchange/index.html", {
        "export_form": ExportForm(units=units), "upload_form": UploadForm(),
        "may_map": units_for(request.user, "manage").exists(),
    })


@login_required
def export(request: HttpRequest) -> HttpResponse:
    units = _units(request)
    if not request.GET:
        return redirect("exchange:index")
    form = ExportForm(request.GET, units=units)
    if not form.is_valid():
        return render(request, "exchange/index.html", {"export_form": form, "upload_form": UploadForm()})
    unit = next(u for u in units if u.slug == form.cleaned_data["unit"])
    fmt = form.cleaned_data["fmt"]
    period = form.cleaned_data["period"]
    data = export_file(request.user, unit, fmt, period=period, kinds=tuple(form.cleaned_data["kinds"]))
    stamp = period.key if period else timezone.localdate().isoformat()
    return _download(data, fmt, f"theodoi-{unit.slug}-{stamp}")


@login_required
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404(_("Không có mẫu này."))
    return _download(template_file(kind, fmt), fmt, f"mau-{kind}")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return redirect("exchange:index")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "exchange/index.html", {"export_form": ExportForm(units=_units(request)),
                                                       "upload_form": form}, status=400)
    f = form.cleaned_data["file"]
    token = staging.stage(f.read(), f.name, {}, "")
    request.session[_SESSION_KEY] = [*request.session.get(_SESSION_KEY, [])[-9:], token]
    return redirect("exchange:preview", token=token)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, token: str) -> HttpResponse:
    staged = staging.load(token) if token in request.session.get(_SESSION_KEY, []) else None
    if staged is None:
        messages.error(request, _("Phiên tải lên đã hết hạn hoặc không thuộc về bạn; hãy tải tệp lên lại."))
        return redirect("exchange:index")
    if request.method == "POST" and "cancel" in request.POST:
        staging.discard(token)
        messages.info(request, _("Đã hủy, không lưu gì."))
        return redirect("exchange:index")
    confirm = request.method == "POST" and "confirm" in request.POST
    try:
        result = import_file(user=request.user, data=staged.data, filename=staged.filename, dry_run=not confirm)
    except (ValidationError, PermissionDenied) as exc:
        staging.discard(token)
        messages.error(request, refusal(exc))
        return redirect("exchange:index")
    if result.applied:
        staging.discard(token)
        messages.success(request, result.summary_vi)
    shown = [r for r in result.rows if r.action != "unchanged"]
    return render(request, "exchange/preview.html", {
        "result": result, "token": token, "shown": shown, "unchanged": result.count("unchanged"),
    }, status=200)


@csrf_exempt
@require_http_methods(["POST"])
def receive_submission(request: HttpRequest) -> JsonResponse:
    """The province's end of the upward exchange: a unit's instance posts a signed report here.

    Authenticated by the unit's exchange token only (no session, hence no CSRF token)."""
    import json

    from theodoi.exchange.receiving import Refused, receive

    auth = request.headers.get("Authorization", "")
    plain = auth[7:].strip() if auth.startswith("Bearer ") else ""
    if not plain:
        return JsonResponse({"status": "refused", "error": _("Thiếu hoặc sai khóa liên thông.")}, status=401,
                            json_dumps_params={"ensure_ascii": False})
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"status": "refused", "error": _("Nội dung gửi lên không phải JSON.")}, status=400)
    try:
        ack = receive(plain, body)
    except Refused as exc:
        return JsonResponse({"status": "refused", "error": exc.message}, status=exc.status,
                            json_dumps_params={"ensure_ascii": False})
    return JsonResponse(ack, json_dumps_params={"ensure_ascii": False})


@require_http_methods(["GET"])
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker of the offline report forms, served from the site's root so it may
    look after /tasks/… and /targets/… (a worker under /static/ could not)."""
    from pathlib import Path

    script = (Path(__file__).with_name("static") / "exchange" / "sw.js").read_bytes()
    resp = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    resp["Service-Worker-Allowed"] = "/"
    resp["Cache-Control"] = "no-cache"
    return resp


@login_required
@require_http_methods(["GET", "POST"])
def kpi_mapping(request: HttpRequest) -> HttpResponse:
    """The province's national KPI mapping: each indicator with its mapping and suggestions."""
    from django.conf import settings

    from theodoi.exchange import kpi, services
    from theodoi.exchange.selectors import kpi_rows
    from theodoi.planning.models import Indicator, Target

    owners = list(units_for(request.user, "manage").filter(valid_to__isnull=True).order_by("depth", "path")[:200])
    if not owners:
        raise PermissionDenied(_("Bạn không có quyền ánh xạ KPI (cần vai trò quản trị của đơn vị)."))
    slug = request.POST.get("unit") or request.GET.get("unit")
    owner = next((u for u in owners if u.slug == slug), owners[0])
    catalogue = kpi.load_catalogue(settings.THEODOI_NATIONAL_KPI_FILE or None)
    if request.method == "POST":
        kind, _sep, ref = (request.POST.get("ref") or "").partition(":")
        code = (request.POST.get("kpi_code") or "").strip()
        known = next((k for k in catalogue if k.code == code), None)
        try:
            indicator = Indicator.objects.filter(code=ref).first() if kind == "indicator" else None
            target = Target.objects.filter(uid=ref).first() if kind == "target" else None
            row = services.map_kpi(user=request.user, owner=owner, kpi_code=code,
                                   kpi_name=known.name if known else request.POST.get("kpi_name", ""),
                                   indicator=indicator, target=target)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Đã ánh xạ %(what)s → %(code)s.") % {
                "what": row.indicator or row.target, "code": row.kpi_code})
        return redirect(f"{request.path}?unit={owner.slug}")
    return render(request, "exchange/kpi.html", {
        "owners": owners, "owner": owner, "rows": kpi_rows(owner, catalogue), "catalogue": catalogue})
