"""Evidence files: never served raw, only to those who may read the item they prove."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from theodoi.planning.models import Evidence
from theodoi.tenancy.permissions import can


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    ev = Evidence.objects.filter(pk=pk).select_related("update", "measurement", "stage__task").first()
    if ev is None:
        raise Http404(_("Không tìm thấy tệp minh chứng."))
    owner = ev.update or ev.measurement or (ev.stage.task if ev.stage else None)
    if owner is None or not can(request.user, "view", owner):
        raise PermissionDenied(_("Bạn không có quyền xem tệp minh chứng này."))
    try:
        handle = ev.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from exc
    return FileResponse(handle, as_attachment=True, filename=ev.original_name,
                        content_type=ev.content_type or "application/octet-stream")


