"""Evidence files: never served raw, only to those who may read the item they prove.

Every file is sent as a download (``Content-Disposition: attachment``) with a content type
derived from its checked extension, never the one the uploader's browser claimed, under
``X-Content-Type-Options: nosniff`` and a sandboxing Content-Security-Policy, so an uploaded
HTML or SVG page can never run as part of the site.
"""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from theodoi.planning.models import Evidence
from theodoi.tenancy.permissions import can

FILE_CSP = "default-src 'none'; sandbox"
_SAFE_TYPES = ("application/", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
               "text/csv", "video/mp4")


def download_type(name: str) -> str:
    """The content type to send a stored file with: from its extension, octet-stream when unknown
    or when the type could be rendered as a page (HTML, SVG, XML)."""
    guessed = mimetypes.guess_type(name)[0] or ""
    if not guessed.startswith(_SAFE_TYPES) or "xml" in guessed or "html" in guessed or "javascript" in guessed:
        return "application/octet-stream"
    return guessed


def attachment(handle, filename: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=download_type(filename))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    return response


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    ev = Evidence.objects.filter(pk=pk).select_related("update", "measurement", "stage__task").first()
    if ev is None:
        raise Http404(_("Không tìm thấy tệp minh chứng."))
    owner = ev.update or ev.measurement or (ev.stage.task if ev.stage else None)
    if owner is None or not can(request.user, "view", owner):
        # 404 as for a missing file: ids are sequential, a refusal would confirm which exist
        raise Http404(_("Không tìm thấy tệp minh chứng hoặc bạn không có quyền xem."))
    try:
        handle = ev.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from exc
    return attachment(handle, ev.original_name)
