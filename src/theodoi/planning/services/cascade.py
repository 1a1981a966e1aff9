"""Linking a plan's targets to the targets of the plans it implements, once confirmed by its office."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import Document, Target
from theodoi.planning.selectors.relink import parent_documents
from theodoi.tenancy.permissions import can


def link_targets(user: Any, doc: Document, pairs: Iterable[tuple[str, str, int]]) -> int:
    """Give targets of ``doc`` their parent target: ``pairs`` of (child uid, parent uid, the child's
    version as the form showed it). All or nothing; each change audited. The number linked.

    A child that measured an indicator of its own (one the importer could not share) takes the
    parent's, so the parent's figures add up the child's from now on."""
    if not can(user, "manage", doc):
        raise PermissionDenied("Bạn không có quyền sửa kế hoạch này.")
    allowed = {d.pk for d in parent_documents(doc)}
    done = 0
    with transaction.atomic():
        for child_uid, parent_uid, version in pairs:
            child = Target.objects.select_for_update().filter(document=doc, uid=child_uid).first()
            parent = Target.objects.filter(uid=parent_uid, document_id__in=allowed).first()
            if child is None or parent is None:
                raise ValidationError("Chỉ tiêu không còn thuộc kế hoạch này hoặc kế hoạch cấp trên; "
                                      "hãy tải lại trang.")
            if child.version != version:
                raise ValidationError(f"Chỉ tiêu “{child.text[:80]}” vừa được người khác sửa; hãy tải lại trang.")
            before = snapshot(child)
            child.parent = parent
            own = child.indicator_id and not Target.objects.filter(indicator_id=child.indicator_id).exclude(
                pk=child.pk).exists()
            if parent.indicator_id and (child.indicator_id is None or own):
                child.indicator_id = parent.indicator_id
            child.version += 1
            child.save(update_fields=["parent", "indicator", "version", "updated_at"])
            record("update", child, actor=user, before=before,
                   reason=f"Nối với chỉ tiêu cấp trên của {parent.document.number or parent.document.title}")
            done += 1
    return done
