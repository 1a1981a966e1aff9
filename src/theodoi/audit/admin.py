from django.contrib import admin

from theodoi.audit.admin_mixins import ReadOnlyAdmin
from theodoi.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is append-only, even for administrators."""

    list_display = ["chain", "seq", "at", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["chain", "action", "object_type"]
    search_fields = ["object_repr", "actor_name", "reason", "object_id"]
    date_hierarchy = "at"
