"""Evidence files (minh chứng) attached to an update, a figure or a lifecycle stage.

Files are stored under MEDIA_ROOT (never served raw: a permission-checked view
streams them) with a name derived from their SHA-256, so a crafted original name
can never choose the path; the original name is kept, cleaned, for display.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.audit.services import record
from theodoi.planning.models import Evidence, Measurement, ProgressUpdate, TaskStage
from theodoi.planning.services.common import require

ALLOWED = {
    ".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".csv", ".txt", ".jpg", ".jpeg", ".png",
    ".gif", ".webp", ".zip", ".ppt", ".pptx", ".mp4",
}


def safe_name(name: str) -> str:
    """The display name: no directories, no control characters, at most 200 characters."""
    base = os.path.basename(str(name or "").replace("\\", "/"))
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().lstrip(".") or "tep"
    stem, ext = os.path.splitext(base)
    return stem[: 200 - len(ext)] + ext.lower()


def attach_evidence(*, user: Any, file: Any, update: ProgressUpdate | None = None,
                    measurement: Measurement | None = None, stage: TaskStage | None = None) -> Evidence:
    """Store one uploaded file as evidence of exactly one parent the user may report on.

    Refuses (ValidationError, Vietnamese) empty or oversized files, unknown types, damaged
    DOCX/XLSX/ODF/ZIP/PDF files (extraction.safety.check_integrity: nothing is stored) and
    locked (approved) parents; records an ``attach`` audit event.
    """
    parents = [p for p in (update, measurement, stage) if p is not None]
    if len(parents) != 1:
        raise ValidationError(_("Minh chứng phải gắn với đúng một báo cáo, số liệu hoặc giai đoạn."))
    parent = parents[0]
    target = parent.task if isinstance(parent, TaskStage) else parent
    require(user, "report", target, _("Bạn không có quyền đính kèm minh chứng vào nội dung này."))
    if getattr(parent, "is_locked", False):
        raise ValidationError(_("Nội dung đã được duyệt và khóa, không thể thêm minh chứng."))
    original = safe_name(getattr(file, "name", "") or "tep")
    ext = os.path.splitext(original)[1]
    if ext not in ALLOWED:
        raise ValidationError(_("Loại tệp %(e)s không được chấp nhận.") % {"e": ext or "?"})
    limit = int(getattr(settings, "THEODOI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(_("Tệp quá lớn (tối đa %(n)s MB).") % {"n": limit // (1024 * 1024)})
    digest, body = hashlib.sha256(), bytearray()
    chunks = file.chunks() if hasattr(file, "chunks") else [file.read()]
    for chunk in chunks:
        digest.update(chunk)
        body.extend(chunk)
        if len(body) > limit:
            raise ValidationError(_("Tệp quá lớn (tối đa %(n)s MB).") % {"n": limit // (1024 * 1024)})
    if not body:
        raise ValidationError(_("Tệp rỗng."))
    from theodoi.extraction.safety import ExtractionError, check_integrity

    try:
        check_integrity(bytes(body), original)
    except ExtractionError as exc:
        raise ValidationError(_("Tệp %(f)s bị hỏng hoặc không đúng định dạng; chưa lưu gì.") % {"f": original}) \
            from exc
    sha = digest.hexdigest()
    with transaction.atomic():
        ev = Evidence(update=update, measurement=measurement, stage=stage, original_name=original,
                      content_type=str(getattr(file, "content_type", "") or "")[:120], size=len(body),
                      sha256=sha, uploaded_by=user if user.is_authenticated else None)
        ev.file.save(f"{sha[:32]}{ext}", ContentFile(bytes(body)), save=True)
        ev.refresh_from_db()
        record("attach", ev, actor=user, reason=original)
    return ev
