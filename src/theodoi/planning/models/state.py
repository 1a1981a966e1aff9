"""Each task's and target's current state, kept by the writing services in the same transaction.

The pages read a task's status and a target's combined series from here instead of rebuilding
them from every update and figure of the history (docs/scale.md). Nothing here decides a status:
a ``TaskState`` holds the summary of the task's sent updates (``status.TaskHistory``, the inputs of
``status.facts_of``), those updates as the summary reads them (``status.Sent``, so a past day's
summary is the summary of the first ones) and the id of its newest update; a ``TargetState`` the
series of its approved figures combined by ``domain.aggregate`` with the rule it names. Every save
or delete of an update or a figure rebuilds its subject's row before the transaction commits
(``planning.services.state``), so an approval is visible on the next request; ``theodoi state
verify`` compares every row with the value rebuilt from the history.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from theodoi.planning.models.targets import Target
from theodoi.planning.models.tasks import Task


class TaskState(models.Model):
    task = models.OneToOneField(Task, primary_key=True, on_delete=models.CASCADE, related_name="state")
    history = models.JSONField(_("tóm tắt các cập nhật đã gửi"), default=dict)
    # each sent update as the status reads it (``status.Sent``), oldest first: a past day's status
    # (the dashboard's past periods and trend) is the summary of those of periods ending by then
    sent = models.JSONField(_("các cập nhật đã gửi"), default=list)
    # the id of the newest update whatever its state (drafts too), the lists' "latest progress":
    # a plain number, so deleting the update (or the task) never waits on this row
    latest_update_pk = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("tình trạng hiện tại của nhiệm vụ")
        verbose_name_plural = _("tình trạng hiện tại của nhiệm vụ")

    def __str__(self) -> str:
        return f"TaskState({self.task_id})"


class TargetState(models.Model):
    target = models.OneToOneField(Target, primary_key=True, on_delete=models.CASCADE, related_name="state")
    rule = models.CharField(_("quy tắc tổng hợp"), max_length=40)
    # [[period end, combined value], …] over every period of the approved figures, oldest first
    series = models.JSONField(_("chuỗi số liệu tổng hợp"), default=list)
    unit_ids = models.JSONField(_("đơn vị có số liệu"), default=list)

    class Meta:
        verbose_name = _("số liệu hiện tại của chỉ tiêu")
        verbose_name_plural = _("số liệu hiện tại của chỉ tiêu")

    def __str__(self) -> str:
        return f"TargetState({self.target_id})"


class UnitCounts(models.Model):
    """A unit's tasks and targets counted by status on ``day`` (``domain.scoring.Counts``): those it
    leads (leaf tasks) and answers for (its targets, else its plans' targets without a responsible
    unit). The national roll-up adds these up per province instead of computing every task's status
    (docs/scale.md). ``day`` None: stale, a write changed what they count (it only marks the row, in
    its transaction) and the readers count that unit again themselves; a row of another day likewise
    until the daily job or a reader stores that day's. ``version`` goes up with every mark, so the
    counts written back (by a reader, the daily job, ``theodoi state rebuild``) are stored only if no
    write marked the row since they were counted. Kept by ``planning.services.counts``."""

    unit = models.OneToOneField("tenancy.Unit", primary_key=True, on_delete=models.CASCADE, related_name="counts")
    day = models.DateField(_("ngày"), null=True, blank=True)
    version = models.PositiveBigIntegerField(_("phiên bản"), default=0)
    tasks = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    targets = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số đếm nhiệm vụ, chỉ tiêu của đơn vị")
        verbose_name_plural = _("số đếm nhiệm vụ, chỉ tiêu của đơn vị")

    def __str__(self) -> str:
        return f"UnitCounts({self.unit_id}, {self.day})"
