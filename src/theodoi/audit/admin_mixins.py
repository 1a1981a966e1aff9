"""Django admin classes whose saves and deletions go into the audit trail.

The admin writes models directly, outside the services. For the audited models that
would look like tampering to ``theodoi audit verify`` and, worse, leave no trace of who
changed what. These classes record every change made in the admin (who, before, after)
in the same transaction as the change, and bump the optimistic-lock version so a page
holding the old version gets the conflict message instead of overwriting the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from theodoi.audit.services import record, snapshot

REASON = _("Sửa trong trang quản trị")


def _bump_version(obj: models.Model, old: models.Model | None) -> None:
    if old is not None and hasattr(obj, "version") and hasattr(old, "version"):
        obj.version = old.version + 1


def _fresh(obj: models.Model) -> models.Model | None:
    if obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin that records create, update and delete, its inlines' rows included."""

    def save_model(self, request: Any, obj: models.Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            old = _fresh(obj) if change else None
            request._audit_before = snapshot(old) if old is not None else None
            _bump_version(obj, old)
            super().save_model(request, obj, form, change)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            # After the many-to-many fields are saved, so the snapshot holds them.
            record("update" if change else "create", form.instance, actor=request.user,
                   before=getattr(request, "_audit_before", None), reason=str(REASON))

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (stages, evidence, codes) are recorded one by one, only those changed."""
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                before = snapshot(obj)
                record("delete", obj, actor=request.user, before=before, reason=str(REASON))
                obj.delete()
            for obj in instances:
                old = _fresh(obj)
                _bump_version(obj, old)
                obj.save()
                record("update" if old is not None else "create", obj, actor=request.user,
                       before=snapshot(old) if old is not None else None, reason=str(REASON))
            formset.save_m2m()

    def delete_model(self, request: Any, obj: models.Model) -> None:
        with transaction.atomic():
            record("delete", obj, actor=request.user, before=snapshot(obj), reason=str(REASON))
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                record("delete", obj, actor=request.user, before=snapshot(obj), reason=str(REASON))
            super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows only a service may write (the audit trail, signed reports): look, never touch."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class DerivedAdmin(ReadOnlyAdmin):
    """For rows the product computes from others (stored warnings, current state): never added or
    edited by hand, but they go with the row they derive from, so deleting that row in the admin
    is not refused for them (the writes and the daily job recompute them)."""

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
