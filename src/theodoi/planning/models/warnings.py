"""Warnings kept in the database, so pages read them instead of recomputing them on every view.

The daily job (``warnings.daily``) computes every warning of the day and replaces the stored set
in one transaction, streaming the tasks and figures in chunks; every write to a task, an update,
a figure or their evidence recomputes that subject's warnings when the transaction commits
(``planning.services.warnings``), so an approval is visible on the next request. Pages use the
stored set only when it was computed for today; otherwise they compute live.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from theodoi.planning.models.targets import Measurement, Target
from theodoi.planning.models.tasks import ProgressUpdate, Task
from theodoi.tenancy.models import Unit


class StoredWarning(models.Model):
    """One warning of one day: its code, severity, reason (a stored Message) and subject."""

    day = models.DateField(_("ngày"))
    code = models.CharField(_("loại"), max_length=30)
    severity = models.CharField(_("mức độ"), max_length=10)
    rank = models.PositiveSmallIntegerField(default=1)  # 0 high, 1 medium, 2 low: the pages' order
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255, blank=True)  # the unit's tree path, for subtree filters
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    measurement = models.ForeignKey(Measurement, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+")
    document = models.ForeignKey("planning.Document", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")  # the plan of a conformity warning
    reason = models.JSONField(_("lý do"))

    class Meta:
        verbose_name = _("cảnh báo đã tính")
        verbose_name_plural = _("cảnh báo đã tính")
        indexes = [models.Index(fields=["day", "unit_path"], name="storedwarning_day_path")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.code} {self.unit_path}"


class WarningRefresh(models.Model):
    """A completed computation of every warning for ``day`` (the stored set is for that day)."""

    day = models.DateField(_("ngày"))
    finished_at = models.DateTimeField(_("xong lúc"), auto_now_add=True)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lần tính cảnh báo")
        verbose_name_plural = _("lần tính cảnh báo")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.total}"
