"""Admin views of feedback and API tokens (tokens are issued with ``theodoi apitoken``)."""

from django.contrib import admin

from theodoi.audit.admin_mixins import AuditedAdmin
from theodoi.portal.models import ApiToken, Feedback, ThrottleHit


@admin.register(Feedback)
class FeedbackAdmin(AuditedAdmin):
    list_display = ("created_at", "kind", "name", "document", "task", "status")
    list_filter = ("status", "kind")
    search_fields = ("name", "organisation", "body", "answer")
    raw_id_fields = ("document", "task", "answered_by")
    readonly_fields = ("uid", "created_at", "answered_at")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "hint", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "hint")
    readonly_fields = ("uid", "user", "hint", "created_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request) -> bool:  # the plain token must be shown once: use the command
        return False


@admin.register(ThrottleHit)
class ThrottleHitAdmin(admin.ModelAdmin):
    """Counted sign-in failures and feedback: delete a user's rows to lift a lockout at once."""

    list_display = ("scope", "key", "at")
    list_filter = ("scope",)
    readonly_fields = ("scope", "key", "at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
