from django.contrib import admin

from theodoi.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "status", "run_after", "attempts", "started_at", "finished_at", "progress"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "log", "dedupe_key"]
    readonly_fields = ["log", "result", "claimed_by", "started_at", "finished_at", "attempts"]
