"""Tasks (nhiệm vụ), their science-and-technology lifecycle, progress updates and evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from theodoi.domain.periods import KIND_LABELS
from theodoi.domain.text import shorten
from theodoi.planning.models.common import Reviewed, Tracked, UpdateQuerySet
from theodoi.planning.models.documents import Document
from theodoi.planning.models.targets import Measurement, Target
from theodoi.tenancy.models import Unit


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày")
    # the period kinds and their names: ``domain.periods.KIND_LABELS``
    MONTH = "month", _(KIND_LABELS["month"])
    QUARTER = "quarter", _(KIND_LABELS["quarter"])
    HALF = "half", _(KIND_LABELS["half"])
    YEAR = "year", _(KIND_LABELS["year"])
    RANGE = "range", _("Giai đoạn")
    RECURRING = "recurring", _("Định kỳ")
    NONE = "none", _("Chưa xác định")


class Recurrence(models.TextChoices):
    ANNUAL = "annual", _("Hằng năm")
    CONTINUOUS = "continuous", _("Thường xuyên")


class RunState(models.TextChoices):
    """What a person decided about a task; the time-based status is computed (domain.status)."""

    ACTIVE = "active", _("Đang theo dõi")
    PAUSED = "paused", _("Tạm dừng")
    STOPPED = "stopped", _("Dừng")


class Task(Tracked):
    """A task of a plan, with who leads it, with whom, what it delivers and by when."""

    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name=_("nhóm nhiệm vụ"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("mã"), max_length=40, blank=True)
    title = models.TextField(_("tên nhiệm vụ"))
    description = models.TextField(_("nội dung"), blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_unit_name = models.CharField(_("đơn vị chủ trì (như ghi)"), max_length=255, blank=True)
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_tasks"
    )
    coordinating_text = models.TextField(_("đơn vị phối hợp (như ghi)"), blank=True)
    receiving_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tiếp nhận"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="received_tasks",
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người phụ trách"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="responsible_tasks",
    )
    responsibility = models.TextField(_("trách nhiệm"), blank=True)
    approving_authority = models.CharField(_("cấp có thẩm quyền phê duyệt"), max_length=255, blank=True)
    outputs = models.TextField(_("sản phẩm"), blank=True)
    deadline_text = models.CharField(_("thời hạn (như ghi)"), max_length=120, blank=True)
    deadline_kind = models.CharField(_("loại thời hạn"), max_length=10, choices=DeadlineKind.choices,
                                     default=DeadlineKind.NONE)
    start_date = models.DateField(_("bắt đầu"), null=True, blank=True)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True, db_index=True)
    recurrence = models.CharField(_("lặp lại"), max_length=12, choices=Recurrence.choices, blank=True)
    budget_planned = models.DecimalField(_("kinh phí dự kiến (đồng)"), max_digits=18, decimal_places=0,
                                         null=True, blank=True)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=255, blank=True)
    targets = models.ManyToManyField(Target, verbose_name=_("chỉ tiêu phục vụ"), blank=True, related_name="tasks")
    is_science_task = models.BooleanField(_("nhiệm vụ khoa học, công nghệ"), default=False)
    run_state = models.CharField(_("điều hành"), max_length=10, choices=RunState.choices, default=RunState.ACTIVE)
    run_state_reason = models.TextField(_("lý do tạm dừng / dừng"), blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    is_public = models.BooleanField(_("công khai tiến độ"), default=True)
    finance_public = models.BooleanField(_("công khai tài chính"), default=False)
    confidential = models.BooleanField(_("mật"), default=False)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    hand_set = models.JSONField(_("trường do người nhập"), default=list, blank=True, editable=False,
                                help_text=_("Trường đã được sửa tay: nhập lại văn bản không ghi đè."))
    not_in_document_since = models.DateField(_("không còn trong văn bản từ"), null=True, blank=True,
                                             editable=False)
    # A task of a replaced plan, taken over by a task of the plan that replaces it (linked to a task
    # the new plan already has, or carried over as a new one): ``services.carry_over``
    continued_by = models.ForeignKey("self", verbose_name=_("tiếp nối bởi"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="continues", editable=False)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "position"]
        indexes = [models.Index(fields=["lead_unit", "run_state"])]

    def __str__(self) -> str:
        return f"{self.code} {shorten(self.title, 90)}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("task_detail", args=[self.uid])

    @property
    def is_group(self) -> bool:
        """A heading that groups other tasks; its progress is its children's."""
        return self.children.exists()


class Stage(models.TextChoices):
    """Lifecycle stages of a science-and-technology task, in order."""

    ORDER = "dat_hang", _("Đặt hàng")
    SELECTION = "tuyen_chon", _("Tuyển chọn")
    DIRECT = "giao_truc_tiep", _("Giao trực tiếp")
    CONTRACT = "hop_dong", _("Hợp đồng")
    DISBURSEMENT = "giai_ngan", _("Giải ngân")
    ACCEPTANCE = "nghiem_thu", _("Nghiệm thu")
    TRANSFER = "chuyen_giao", _("Chuyển giao")
    FOLLOW_UP = "theo_doi", _("Theo dõi sau nghiệm thu")


class TaskStage(Tracked):
    """A dated step of a science-and-technology task, with its document and money."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("giai đoạn"), max_length=16, choices=Stage.choices)
    date = models.DateField(_("ngày"))
    document_ref = models.CharField(_("văn bản"), max_length=255, blank=True)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    order_reason = models.TextField(_("lý do không theo thứ tự"), blank=True)

    class Meta:
        verbose_name = _("giai đoạn nhiệm vụ KH&CN")
        verbose_name_plural = _("giai đoạn nhiệm vụ KH&CN")
        ordering = ["task", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.date:%d/%m/%Y}"


class ProgressUpdate(Tracked, Reviewed):
    """A unit's monthly update of one task: how far, what was done, money, problems."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="updates")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
                             related_name="progress_updates")
    period_key = models.CharField(_("kỳ báo cáo"), max_length=10)
    period_end = models.DateField(_("cuối kỳ"), db_index=True)
    percent = models.DecimalField(_("tỷ lệ hoàn thành (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    work_done = models.TextField(_("kết quả thực hiện"), blank=True)
    outputs_delivered = models.TextField(_("sản phẩm đã có"), blank=True)
    disbursed_total = models.DecimalField(
        _("giải ngân lũy kế (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    reopened_reason = models.TextField(_("lý do mở lại"), blank=True)

    objects = UpdateQuerySet.as_manager()  # writes in bulk keep the current state too

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period_key"], name="update_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | (models.Q(percent__gte=0) & models.Q(percent__lte=100)),
                name="update_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} / {self.period_key}"


class Evidence(models.Model):
    """A file attached as evidence to an update, a figure or a lifecycle stage."""

    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="evidence")
    measurement = models.ForeignKey(Measurement, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="evidence")
    stage = models.ForeignKey(TaskStage, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
