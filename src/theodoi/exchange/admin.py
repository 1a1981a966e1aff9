from django.contrib import admin

from theodoi.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from theodoi.exchange.models import KpiMapping, Outgoing, Submission, UnitToken, Upstream


@admin.register(KpiMapping)
class KpiMappingAdmin(AuditedAdmin):
    list_display = ("kpi_code", "kpi_name", "indicator", "target", "owner")
    list_filter = ("owner",)
    search_fields = ("kpi_code", "kpi_name", "indicator__code", "indicator__name", "target__text")
    autocomplete_fields = ("owner",)
    raw_id_fields = ("indicator", "target")


@admin.register(UnitToken)
class UnitTokenAdmin(admin.ModelAdmin):
    list_display = ("unit", "name", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("hint", "created_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request):  # tokens are issued by `theodoi exchange token` (shown once)
        return False

    def has_change_permission(self, request, obj=None):  # revoked by `theodoi exchange token --revoke` (audited)
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("unit", "kind", "period_key", "report_version", "state", "figures_stored", "received_at")
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Upstream)
class UpstreamAdmin(ReadOnlyAdmin):
    """Where a unit's reports go up (`theodoi exchange register`); the token never shows."""

    list_display = ["unit", "url", "created_at"]
    search_fields = ["unit__name", "url"]
    exclude = ["token"]


@admin.register(Outgoing)
class OutgoingAdmin(ReadOnlyAdmin):
    """Reports being sent up, with their attempts and the acknowledgement (`theodoi exchange status`)."""

    list_display = ["report", "report_version", "state", "attempts", "next_try_at"]
    list_filter = ["state"]
    search_fields = ["report__unit__name", "sha256"]
