from django.contrib import admin

from theodoi.audit.admin_mixins import AuditedAdmin, DerivedAdmin, ReadOnlyAdmin
from theodoi.planning.models import (
    Assignment,
    Document,
    DocumentLink,
    Evidence,
    Indicator,
    Measurement,
    PlanDue,
    ProgressUpdate,
    ReportingDuty,
    StoredWarning,
    Target,
    TargetState,
    Task,
    TaskStage,
    TaskState,
    UnitCounts,
    WarningRefresh,
)
from theodoi.planning.services.handset import mark_hand_set


class HandSetAdmin(AuditedAdmin):
    """Fields changed in the admin are set by hand: a re-import of the plan keeps them."""

    def save_model(self, request, obj, form, change) -> None:
        if change:
            mark_hand_set(obj, form.changed_data)
        super().save_model(request, obj, form, change)


class LinkInline(admin.TabularInline):
    model = DocumentLink
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["unit"]


class DutyInline(admin.TabularInline):
    model = ReportingDuty
    extra = 0
    autocomplete_fields = ["unit", "recipient"]


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ["number", "doc_type", "issuer", "issued_date", "status", "period_start", "period_end"]
    list_filter = ["doc_type", "status", "is_public", "confidential", "issuer__kind"]
    search_fields = ["number", "title", "issuer_name", "issuer__name"]
    autocomplete_fields = ["issuer"]
    date_hierarchy = "issued_date"
    inlines = [LinkInline, AssignmentInline, DutyInline]
    readonly_fields = ["uid", "version", "source_sha256", "created_at", "updated_at"]
    list_select_related = ["issuer"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "unit_of_measure", "across_units", "across_time"]
    list_filter = ["kind", "across_units", "across_time"]
    search_fields = ["code", "name"]


@admin.register(Target)
class TargetAdmin(HandSetAdmin):
    list_display = ["text", "document", "section", "area", "comparator", "value", "unit_of_measure", "deadline_year"]
    list_filter = ["area", "comparator", "confidential", "document__doc_type"]
    search_fields = ["text", "document__number"]
    autocomplete_fields = ["document", "indicator", "parent", "responsible_unit"]
    list_select_related = ["document"]
    readonly_fields = ["uid", "version"]


@admin.register(Measurement)
class MeasurementAdmin(AuditedAdmin):
    list_display = ["target", "unit", "period_key", "value", "numerator", "denominator", "state"]
    list_filter = ["state", "period_key", "unit__kind"]
    search_fields = ["target__text", "unit__name"]
    autocomplete_fields = ["target", "unit"]
    list_select_related = ["target", "unit"]
    readonly_fields = ["uid", "version"]


class StageInline(admin.TabularInline):
    model = TaskStage
    extra = 0
    exclude = ["created_by"]


@admin.register(Task)
class TaskAdmin(HandSetAdmin):
    list_display = ["code", "title", "document", "lead_unit", "deadline_text", "due_date", "run_state"]
    list_filter = ["run_state", "deadline_kind", "recurrence", "is_science_task", "confidential", "lead_unit__kind"]
    search_fields = ["code", "title", "lead_unit__name", "document__number"]
    autocomplete_fields = ["document", "parent", "lead_unit", "coordinating_units", "receiving_unit", "targets",
                           "responsible_person"]
    inlines = [StageInline]
    list_select_related = ["document", "lead_unit"]
    readonly_fields = ["uid", "version"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "update"
    extra = 0
    readonly_fields = ["sha256", "size", "uploaded_by", "uploaded_at"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdmin):
    list_display = ["task", "unit", "period_key", "percent", "state", "submitted_at", "reviewed_at"]
    list_filter = ["state", "period_key", "unit__kind"]
    search_fields = ["task__title", "unit__name", "work_done", "difficulties"]
    autocomplete_fields = ["task", "unit"]
    list_select_related = ["task", "unit"]
    inlines = [EvidenceInline]
    readonly_fields = ["uid", "version"]


@admin.register(Evidence)
class EvidenceAdmin(AuditedAdmin):
    list_display = ["original_name", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = ["sha256", "size", "uploaded_by", "uploaded_at"]


@admin.register(DocumentLink)
class DocumentLinkAdmin(AuditedAdmin):
    list_display = ["source", "target", "kind"]
    list_filter = ["kind"]
    autocomplete_fields = ["source", "target"]


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ["unit_name", "role", "document", "unit"]
    list_filter = ["role"]
    search_fields = ["unit_name", "duties"]
    autocomplete_fields = ["document", "unit"]


@admin.register(ReportingDuty)
class ReportingDutyAdmin(AuditedAdmin):
    list_display = ["unit_name", "recipient_name", "frequency", "due_day", "document"]
    list_filter = ["frequency"]
    search_fields = ["unit_name", "recipient_name"]
    autocomplete_fields = ["document", "unit", "recipient"]


@admin.register(TaskStage)
class TaskStageAdmin(AuditedAdmin):
    list_display = ["task", "stage", "date", "document_ref", "amount"]
    list_filter = ["stage"]
    search_fields = ["task__title", "task__code", "document_ref", "note"]
    autocomplete_fields = ["task"]
    list_select_related = ["task"]
    date_hierarchy = "date"


@admin.register(PlanDue)
class PlanDueAdmin(AuditedAdmin):
    list_display = ["document", "unit", "unit_name", "due_date", "origin", "fulfilled_by"]
    list_filter = ["origin"]
    search_fields = ["unit_name", "unit__name", "document__number", "document__title"]
    autocomplete_fields = ["document", "unit", "fulfilled_by"]
    list_select_related = ["document", "unit", "fulfilled_by"]
    readonly_fields = ["uid", "version"]


@admin.register(StoredWarning)
class StoredWarningAdmin(DerivedAdmin):
    """Computed by the daily job and by writes (planning.services.warnings): read, never edited."""

    list_display = ["day", "code", "severity", "unit", "task", "target"]
    list_filter = ["code", "severity", "day"]
    search_fields = ["unit__name", "task__title", "target__text"]
    list_select_related = ["unit", "task", "target"]


@admin.register(WarningRefresh)
class WarningRefreshAdmin(ReadOnlyAdmin):
    list_display = ["day", "finished_at", "total"]
    list_filter = ["day"]


@admin.register(TaskState)
class TaskStateAdmin(DerivedAdmin):
    """Kept by every write of an update (planning.services.state; ``theodoi state verify``): read, never edited."""

    list_display = ["task", "latest_update_pk"]
    search_fields = ["task__title", "task__code"]
    list_select_related = ["task"]


@admin.register(TargetState)
class TargetStateAdmin(DerivedAdmin):
    """Kept by every write of a figure (planning.services.state; ``theodoi state verify``): read, never edited."""

    list_display = ["target", "rule"]
    search_fields = ["target__text"]
    list_select_related = ["target"]


@admin.register(UnitCounts)
class UnitCountsAdmin(DerivedAdmin):
    """Marked stale by the writes, stored by the readers and the daily job (planning.services.counts,
    ``theodoi state verify``): read only. A row without a day is stale: its readers count the unit."""

    list_display = ["unit", "day", "version", "tasks", "on_time", "done", "reported", "overdue", "targets", "met"]
    list_filter = ["day"]
    search_fields = ["unit__name"]
    list_select_related = ["unit"]
