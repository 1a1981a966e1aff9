"""Documents of the cascade (văn bản), the links between them, and their duties."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from theodoi.domain.periods import KIND_LABELS
from theodoi.domain.text import shorten
from theodoi.planning.models.common import Tracked
from theodoi.tenancy.models import Unit


class DocType(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
    CHUONG_TRINH = "chuong_trinh", _("Chương trình hành động")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    CHI_THI = "chi_thi", _("Chỉ thị")
    KET_LUAN = "ket_luan", _("Kết luận")
    THONG_BAO = "thong_bao", _("Thông báo")
    CONG_VAN = "cong_van", _("Công văn")
    HUONG_DAN = "huong_dan", _("Hướng dẫn")
    DE_AN = "de_an", _("Đề án")
    TO_TRINH = "to_trinh", _("Tờ trình")
    BAO_CAO = "bao_cao", _("Báo cáo")
    KHAC = "khac", _("Văn bản khác")


class DocStatus(models.TextChoices):
    STUB = "stub", _("Được trích dẫn (chưa có nội dung)")
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class DocumentQuerySet(models.QuerySet["Document"]):
    def plans(self) -> DocumentQuerySet:
        """Documents that carry targets or tasks to follow (not bare citations)."""
        return self.exclude(status=DocStatus.STUB)

    def public(self) -> DocumentQuerySet:
        return self.filter(is_public=True, confidential=False).exclude(status=DocStatus.STUB)


class Document(Tracked):
    """A document of the cascade: a resolution, programme, plan, decision...

    A document cited by another but not (yet) in the system is a ``stub``: its number
    is known, its text is not. ``number_key`` is the normalised number used to link
    citations ("71/NQ -CP" and "71/NQ-CP" are one node).
    """

    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    number_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents",
    )
    issuer_name = models.CharField(_("cơ quan ban hành (như ghi trong văn bản)"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    issued_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    period_start = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=DocStatus.choices, default=DocStatus.ACTIVE, db_index=True
    )
    monthly_due_day = models.PositiveSmallIntegerField(
        _("hạn báo cáo hằng tháng (ngày)"), default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Đơn vị gửi báo cáo tháng trước ngày này (1–31)."),
    )
    is_public = models.BooleanField(_("công khai"), default=True)
    confidential = models.BooleanField(_("mật"), default=False)
    source_file = models.FileField(_("tệp gốc"), upload_to="documents/%Y/", blank=True)
    source_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    source_text = models.TextField(_("văn bản"), blank=True)
    extraction = models.JSONField(_("kết quả trích xuất"), null=True, blank=True)
    implements = models.ManyToManyField(
        "self", verbose_name=_("căn cứ / thực hiện"), symmetrical=False, blank=True,
        through="DocumentLink", related_name="implemented_by",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_date", "number"]
        indexes = [models.Index(fields=["issuer", "status"])]
        constraints = [
            # A due day outside 1–31 would break every reminder and warning of the plan.
            models.CheckConstraint(condition=models.Q(monthly_due_day__gte=1, monthly_due_day__lte=31),
                                   name="document_due_day_range"),
        ]

    def __str__(self) -> str:
        label = self.number or self.get_doc_type_display()
        return f"{label} – {shorten(self.title, 80)}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plan_detail", args=[self.uid])

    @property
    def is_stub(self) -> bool:
        return self.status == DocStatus.STUB

    def save(self, *args, **kwargs) -> None:
        from theodoi.planning.numbers import number_key

        self.number_key = number_key(self.number)
        super().save(*args, **kwargs)


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", _("Thực hiện")
    CITES = "cites", _("Căn cứ, trích dẫn")
    REPLACES = "replaces", _("Thay thế")
    AMENDS = "amends", _("Sửa đổi, bổ sung")


class DocumentLink(models.Model):
    """An edge of the cascade graph: ``source`` implements or cites ``target``."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="outgoing_links")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="incoming_links")
    kind = models.CharField(_("quan hệ"), max_length=12, choices=LinkKind.choices, default=LinkKind.CITES)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="document_link_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="document_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source.number or self.source_id} → {self.target.number or self.target_id}"


class AssignmentRole(models.TextChoices):
    LEAD = "chu_tri", _("Chủ trì")
    COORDINATE = "phoi_hop", _("Phối hợp")
    EXECUTE = "thuc_hien", _("Thực hiện")


class Assignment(models.Model):
    """One item of the plan's implementation section (TỔ CHỨC THỰC HIỆN)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments")
    unit_name = models.CharField(_("đơn vị (như ghi trong văn bản)"), max_length=255)
    role = models.CharField(_("vai trò"), max_length=10, choices=AssignmentRole.choices)
    duties = models.TextField(_("nhiệm vụ được giao"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phân công tổ chức thực hiện")
        verbose_name_plural = _("phân công tổ chức thực hiện")
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.unit_name} ({self.get_role_display()})"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    BIANNUAL = "biannual", _(KIND_LABELS["half"])  # the plan schema's word for the period kind "half"
    ANNUAL = "annual", _("Hằng năm")
    ADHOC = "adhoc", _("Đột xuất")


class ReportingDuty(models.Model):
    """Who reports what to whom, how often and by which day."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reporting_duties")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_duties")
    unit_name = models.CharField(_("đơn vị báo cáo"), max_length=255)
    recipient = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="reports_received"
    )
    recipient_name = models.CharField(_("nơi nhận"), max_length=255, blank=True)
    frequency = models.CharField(_("tần suất"), max_length=10, choices=Frequency.choices)
    due_day = models.PositiveSmallIntegerField(_("hạn (ngày trong tháng)"), null=True, blank=True)

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo")
        verbose_name_plural = _("nghĩa vụ báo cáo")

    def __str__(self) -> str:
        return f"{self.unit_name} → {self.recipient_name or '?'} ({self.get_frequency_display()})"


class PlanDueOrigin(models.TextChoices):
    EXTRACTED = "extracted", _("Đọc từ văn bản")
    OFFICE = "office", _("Văn phòng thêm")


class PlanDue(Tracked):
    """A plan a lower unit owes: "plan due from unit X by date", fulfilled when X imports a plan citing this one.

    ``unit`` is empty when the document names a group ("Các Chi, Đảng uỷ trực thuộc"): the office
    names the unit (or adds one obligation per unit). ``fulfilled_by`` is the plan that fulfils it.
    """

    document = models.ForeignKey(Document, verbose_name=_("kế hoạch cấp trên"), on_delete=models.CASCADE,
                                 related_name="plans_due")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị phải xây dựng kế hoạch"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="plans_owed")
    unit_name = models.CharField(_("đơn vị (như ghi trong văn bản)"), max_length=255, blank=True)
    due_text = models.CharField(_("thời hạn (như ghi)"), max_length=120, blank=True)
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    origin = models.CharField(_("nguồn"), max_length=10, choices=PlanDueOrigin.choices,
                              default=PlanDueOrigin.OFFICE)
    note = models.TextField(_("ghi chú"), blank=True)
    fulfilled_by = models.ForeignKey(Document, verbose_name=_("kế hoạch đã xây dựng"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="fulfils")
    fulfilled_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("kế hoạch cấp dưới phải xây dựng")
        verbose_name_plural = _("kế hoạch cấp dưới phải xây dựng")
        ordering = ["document", "due_date", "id"]

    def __str__(self) -> str:
        who = self.unit.name if self.unit else self.unit_name
        return f"{who} → {self.document.number or self.document_id}"

    @property
    def who(self) -> str:
        """The unit owing the plan, named as every page names it (``planning.selectors.texts.unit_label``)."""
        from theodoi.planning.selectors.texts import unit_label

        return unit_label(self.unit) if self.unit else self.unit_name
