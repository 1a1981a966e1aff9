"""Exchange models: the province's KPI mapping, and reports sent up between theodoi instances.

On the province's instance: ``KpiMapping`` (which national KPI an indicator or target is),
``UnitToken`` (the token a commune's instance sends with, scoped to that commune) and
``Submission`` (a report received, with its signed PDF and its data). On the commune's
instance: ``Upstream`` (where and with which token to send) and ``Outgoing`` (one signed
report version being sent, its attempts and the acknowledgement).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from theodoi.tenancy.models import Unit


class KpiMapping(models.Model):
    """A national KPI code for an indicator (every target of it) or for one target, kept by a province."""

    owner = models.ForeignKey(Unit, verbose_name=_("đơn vị quản lý"), on_delete=models.CASCADE,
                              related_name="kpi_mappings")
    indicator = models.ForeignKey("planning.Indicator", verbose_name=_("chỉ số"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="kpi_mappings")
    target = models.ForeignKey("planning.Target", verbose_name=_("chỉ tiêu"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="kpi_mappings")
    kpi_code = models.CharField(_("mã KPI quốc gia"), max_length=60)
    kpi_name = models.CharField(_("tên KPI quốc gia"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("ánh xạ KPI quốc gia")
        verbose_name_plural = _("ánh xạ KPI quốc gia")
        ordering = ["owner", "kpi_code"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(indicator__isnull=False, target__isnull=True)
                           | models.Q(indicator__isnull=True, target__isnull=False)),
                name="kpi_mapping_indicator_or_target"),
            models.UniqueConstraint(fields=["owner", "indicator"], condition=models.Q(indicator__isnull=False),
                                    name="kpi_mapping_one_per_indicator"),
            models.UniqueConstraint(fields=["owner", "target"], condition=models.Q(target__isnull=False),
                                    name="kpi_mapping_one_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_code} ← {self.indicator or self.target}"


def token_digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


class UnitToken(models.Model):
    """A token that lets another instance send reports for one unit only (its digest is stored)."""

    PREFIX = "tdx_"

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị gửi"), on_delete=models.CASCADE,
                             related_name="exchange_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    hint = models.CharField(_("nhận dạng"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa liên thông")
        verbose_name_plural = _("khóa liên thông")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.unit} – {self.name} ({self.hint}…)"

    @classmethod
    def new_plain(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class SubmissionState(models.TextChoices):
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    SUPERSEDED = "superseded", _("Đã có phiên bản mới")


class Submission(models.Model):
    """A report a unit's own instance sent: its signed PDF, its data and the sender's audit head."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="exchange_submissions")
    kind = models.CharField(_("loại báo cáo"), max_length=10)
    period_key = models.CharField(_("kỳ báo cáo"), max_length=10)
    report_uid = models.UUIDField(_("mã báo cáo bên gửi"))
    report_version = models.PositiveIntegerField(_("phiên bản"))
    sha256 = models.CharField(_("SHA-256 bản PDF"), max_length=64)
    pdf = models.FileField(_("bản PDF đã ký"), upload_to="submissions/%Y/")
    payload = models.JSONField(_("số liệu"), default=dict)
    payload_sha256 = models.CharField(max_length=64, default="")
    audit_head = models.JSONField(_("đầu chuỗi nhật ký bên gửi"), default=dict)
    state = models.CharField(_("trạng thái"), max_length=12, choices=SubmissionState.choices,
                             default=SubmissionState.ACCEPTED)
    figures_stored = models.PositiveIntegerField(_("số liệu đưa vào tổng hợp"), default=0)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    token = models.ForeignKey(UnitToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("báo cáo nhận liên thông")
        verbose_name_plural = _("báo cáo nhận liên thông")
        ordering = ["unit", "-period_key", "-report_version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "period_key", "report_version"],
                                    name="submission_one_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.kind} {self.period_key} v{self.report_version}"


class Upstream(models.Model):
    """Where a unit of this instance sends its reports: the province's theodoi and the token it gave."""

    unit = models.OneToOneField(Unit, verbose_name=_("đơn vị gửi"), on_delete=models.CASCADE,
                                related_name="upstream")
    url = models.URLField(_("địa chỉ theodoi cấp trên"), max_length=500)
    token = models.CharField(_("khóa liên thông"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nơi gửi liên thông")
        verbose_name_plural = _("nơi gửi liên thông")

    def __str__(self) -> str:
        return f"{self.unit} → {self.url}"


class OutgoingState(models.TextChoices):
    WAITING = "waiting", _("Đang chờ gửi")
    ACCEPTED = "accepted", _("Cấp trên đã tiếp nhận")
    REFUSED = "refused", _("Cấp trên từ chối")


class Outgoing(models.Model):
    """One signed version of a report being sent up: attempts, last error, the acknowledgement."""

    report = models.ForeignKey("reporting.Report", on_delete=models.CASCADE, related_name="exchange_sends")
    report_version = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    payload_sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=OutgoingState.choices, default=OutgoingState.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    ack = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo gửi liên thông")
        verbose_name_plural = _("báo cáo gửi liên thông")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "report_version"], name="outgoing_one_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.report_version} ({self.get_state_display()})"
