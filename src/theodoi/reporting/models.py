"""Periodic reports (báo cáo định kỳ) of a unit and the certificates that sign them."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from theodoi.tenancy.models import Unit


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Báo cáo tháng")
    QUARTERLY = "quarterly", _("Báo cáo quý")
    HALF = "half", _("Báo cáo 6 tháng")
    ANNUAL = "annual", _("Báo cáo năm")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    FINAL = "final", _("Đã ký, chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi cấp trên")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Cấp trên đã tiếp nhận")


class Report(models.Model):
    """One report of one unit for one period.

    ``narrative`` holds the editable text sections; ``data`` the figures. While the
    report is a draft ``data`` is refreshed from the database on every build; at
    finalisation it is frozen together with the signed PDF and its SHA-256, so what
    was signed can always be rebuilt and checked. A returned report gets a new
    draft version (``version`` + 1) and keeps the signed file of the old one in the audit trail.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportKind.choices)
    recipient = models.ForeignKey(Unit, verbose_name=_("nơi nhận"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="inbox_reports",
                                  help_text=_("cơ quan nhận báo cáo theo nghĩa vụ báo cáo của kế hoạch"))
    period_key = models.CharField(_("kỳ báo cáo"), max_length=10)
    state = models.CharField(_("trạng thái"), max_length=10, choices=ReportState.choices,
                             default=ReportState.DRAFT, db_index=True)
    narrative = models.JSONField(_("nội dung"), default=dict, blank=True)
    data = models.JSONField(_("số liệu đã chốt"), null=True, blank=True)
    number = models.CharField(_("số"), max_length=40, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    sign_mode = models.CharField(_("thẩm quyền ký"), max_length=4, blank=True,
                                 help_text=_("TM, KT, TL hoặc để trống (ký trực tiếp)"))
    pdf = models.FileField(_("bản PDF đã ký"), upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    finalised_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    due_date = models.DateField(_("hạn gửi"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    on_time = models.BooleanField(_("đúng hạn"), null=True, blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    AUDIT_DIGEST: ClassVar[tuple[str, ...]] = ("data",)  # the trail keeps the frozen figures' hash

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["unit__path", "-period_key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "period_key"], name="report_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_key} – {self.unit}"

    @property
    def is_frozen(self) -> bool:
        return self.state in (ReportState.FINAL, ReportState.SUBMITTED, ReportState.ACCEPTED)


class UnitCertificate(models.Model):
    """The certificate a unit signs its reports with: a PKCS#12 file or a key on a PKCS#11 token.

    The key file lives either on disk (``p12_path``, e.g. issued by the Ban Cơ yếu) or in
    ``p12_data``; or on a token (``pkcs11_key`` on the token ``pkcs11_token`` or in slot
    ``pkcs11_slot``). The password (the token's PIN) is never stored in the database: it is read
    from the environment variable ``password_env`` or from the file ``password_file``.
    """

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="certificate")
    p12_path = models.CharField(_("đường dẫn tệp .p12"), max_length=500, blank=True)
    p12_data = models.BinaryField(_("tệp .p12"), null=True, blank=True)
    password_env = models.CharField(_("biến môi trường chứa mật khẩu"), max_length=100, blank=True)
    password_file = models.CharField(_("tệp chứa mật khẩu"), max_length=500, blank=True)
    subject = models.CharField(_("chủ thể"), max_length=255, blank=True)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, blank=True, db_index=True)
    cert_pem = models.TextField(_("chứng thư (PEM)"), blank=True)
    chain_pem = models.TextField(_("chuỗi chứng thư CA (PEM)"), blank=True)
    # A key on a PKCS#11 token instead of a .p12 (THEODOI_PKCS11_LIB; the PIN as the password above)
    pkcs11_token = models.CharField(_("nhãn token PKCS#11"), max_length=100, blank=True)
    pkcs11_slot = models.PositiveIntegerField(_("khe PKCS#11"), null=True, blank=True)
    pkcs11_key = models.CharField(_("nhãn khóa trên token"), max_length=100, blank=True)
    # The visible signature (Decree 30, Appendix I): transparent PNGs of the signer's signature and the seal
    signature_png = models.BinaryField(_("hình chữ ký (PNG)"), null=True, blank=True)
    seal_png = models.BinaryField(_("hình con dấu (PNG)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    AUDIT_DIGEST: ClassVar[tuple[str, ...]] = ("p12_data", "signature_png", "seal_png")  # files: their hash only

    class Meta:
        verbose_name = _("chứng thư số của đơn vị")
        verbose_name_plural = _("chứng thư số của đơn vị")

    def __str__(self) -> str:
        return f"{self.unit} – {self.subject}"
