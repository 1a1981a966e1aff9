"""Background jobs as database rows: no broker, visible to the administrator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class Job(models.Model):
    """A unit of background work, claimed by one worker with a conditional UPDATE."""

    kind = models.CharField(_("loại tác vụ"), max_length=60, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    run_after = models.DateTimeField(_("chạy sau"), db_index=True)
    payload = models.JSONField(_("tham số"), default=dict, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    claimed_by = models.CharField(_("worker"), max_length=120, blank=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    log = models.TextField(_("nhật ký"), blank=True)
    result = models.JSONField(_("kết quả"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-run_after"]
        indexes = [models.Index(fields=["status", "run_after"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"
