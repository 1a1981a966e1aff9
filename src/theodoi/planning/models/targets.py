"""Indicators, targets (chỉ tiêu) and the figures units report for them (số liệu)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from theodoi.domain.text import shorten
from theodoi.planning.models.common import Area, FigureQuerySet, Reviewed, Tracked
from theodoi.planning.models.documents import Document
from theodoi.tenancy.models import Unit


class IndicatorKind(models.TextChoices):
    VALUE = "value", _("Giá trị")
    RATIO = "ratio", _("Tỷ lệ (tử số / mẫu số)")
    COUNT = "count", _("Số lượng")
    BOOLEAN = "boolean", _("Có / không")
    TEXT = "text", _("Định tính")


class UnitAggregation(models.TextChoices):
    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Trung bình")
    MIN = "min", _("Nhỏ nhất")
    MAX = "max", _("Lớn nhất")
    NONE = "none", _("Không tổng hợp")


class TimeAggregation(models.TextChoices):
    LAST = "last", _("Giá trị kỳ cuối")
    CUMULATIVE = "cumulative", _("Lũy kế")
    SUM = "sum", _("Cộng các kỳ")


class Comparator(models.TextChoices):
    GE = ">=", _("Đạt / tối thiểu (≥)")
    GT = ">", _("Trên (>)")
    LE = "<=", _("Tối đa / không quá (≤)")
    LT = "<", _("Dưới (<)")
    EQ = "=", _("Đúng bằng (=)")


class Indicator(models.Model):
    """What a target measures and how its figures combine across units and time.

    A ratio keeps numerator and denominator, so a province's percentage is
    Σ numerators / Σ denominators of its communes, never an average of percentages.
    """

    code = models.CharField(_("mã chỉ số"), max_length=40, unique=True)
    name = models.TextField(_("tên chỉ số"))
    kind = models.CharField(_("loại"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.VALUE)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=80, blank=True)
    numerator_label = models.CharField(_("tử số"), max_length=255, blank=True)
    denominator_label = models.CharField(_("mẫu số"), max_length=255, blank=True)
    across_units = models.CharField(
        _("tổng hợp theo đơn vị"), max_length=10, choices=UnitAggregation.choices, default=UnitAggregation.SUM
    )
    across_time = models.CharField(
        _("tổng hợp theo thời gian"), max_length=12, choices=TimeAggregation.choices, default=TimeAggregation.LAST
    )
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    lead_name = models.CharField(_("cơ quan theo dõi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {shorten(self.name, 80)}"


class Target(Tracked):
    """A quantified commitment of a plan, as written, with its parsed value."""

    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("mã"), max_length=40, blank=True)
    text = models.TextField(_("nội dung chỉ tiêu"))
    section = models.CharField(_("mục"), max_length=40, blank=True)
    area = models.CharField(_("lĩnh vực"), max_length=5, choices=Area.choices, default=Area.KHAC)
    comparator = models.CharField(_("so sánh"), max_length=2, choices=Comparator.choices, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4, null=True, blank=True)
    value_max = models.DecimalField(_("giá trị tối đa"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=80, blank=True)
    baseline = models.DecimalField(_("giá trị gốc"), max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    deadline_year = models.PositiveSmallIntegerField(_("năm phải đạt"), null=True, blank=True)
    deadline = models.DateField(_("hạn đạt"), null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("chỉ tiêu cấp trên"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị theo dõi"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="responsible_targets",
    )
    reporting_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị báo cáo số liệu"), blank=True, related_name="reported_targets",
        help_text=_("Các đơn vị (cả thôn, bản) được yêu cầu báo cáo số liệu của chỉ tiêu này."),
    )
    confidential = models.BooleanField(_("mật"), default=False)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    hand_set = models.JSONField(_("trường do người nhập"), default=list, blank=True, editable=False,
                                help_text=_("Trường đã được sửa tay: nhập lại văn bản không ghi đè."))
    not_in_document_since = models.DateField(_("không còn trong văn bản từ"), null=True, blank=True,
                                             editable=False)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return shorten(self.text, 100)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("target_detail", args=[self.uid])

    @property
    def is_ratio(self) -> bool:
        return bool(self.indicator and self.indicator.kind == IndicatorKind.RATIO)


class Measurement(Tracked, Reviewed):
    """A figure of a target for one unit (a commune, or a village for its area) and one period."""

    target = models.ForeignKey(Target, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE,
                               related_name="measurements")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="measurements")
    period_key = models.CharField(_("kỳ"), max_length=10, help_text=_("2026-05, 2026-Q2, 2026-H1, 2026"))
    period_end = models.DateField(_("cuối kỳ"), db_index=True)
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("tử số"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    evidence_note = models.TextField(_("minh chứng"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = FigureQuerySet.as_manager()  # writes in bulk keep the current state too

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["target", "unit", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["target", "unit", "period_key"], name="measurement_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.target_id} / {self.unit} / {self.period_key}"

    @property
    def effective_value(self):
        """The value, or numerator/denominator as a percentage when both are given."""
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator
        return self.value
