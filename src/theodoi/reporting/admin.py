from django.contrib import admin

from theodoi.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from theodoi.reporting.models import Report, UnitCertificate


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Reports are written by the reporting services (drafting, signing, sending up): read only here."""

    list_display = ["unit", "kind", "period_key", "state", "number", "finalised_at", "submitted_at", "on_time"]
    list_filter = ["kind", "state", "on_time", "unit__kind"]
    search_fields = ["unit__name", "number", "period_key", "sha256"]
    list_select_related = ["unit"]
    date_hierarchy = "finalised_at"


@admin.register(UnitCertificate)
class UnitCertificateAdmin(AuditedAdmin):
    """Where each unit's signing key lives; the key and its password are never shown."""

    list_display = ["unit", "subject", "fingerprint", "created_at"]
    search_fields = ["unit__name", "subject", "fingerprint"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    exclude = ["p12_data"]
    readonly_fields = ["subject", "fingerprint", "cert_pem", "created_at"]
