"""Forms of the staff pages: list filters, the monthly update, the figure, review reasons.

Forms only parse and validate input; the tracking services write.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.domain import numbers
from theodoi.planning.models import DocStatus
from theodoi.tenancy.models import UnitKind


def _search_field() -> forms.CharField:
    return forms.CharField(
        label=_("Tìm kiếm"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("gõ có dấu hoặc không dấu")}),
    )


class PlanFilterForm(forms.Form):
    q = _search_field()
    status = forms.ChoiceField(label=_("Tình trạng"), required=False,
                               choices=[("", _("Tất cả"))] + [c for c in DocStatus.choices if c[0] != "stub"])


class TaskFilterForm(forms.Form):
    q = _search_field()
    status = forms.ChoiceField(label=_("Tình trạng"), required=False)
    lead = forms.ChoiceField(label=_("Đơn vị chủ trì"), required=False)
    overdue = forms.BooleanField(label=_("Chỉ quá hạn"), required=False)
    funded = forms.BooleanField(label=_("Chỉ nhiệm vụ có kinh phí"), required=False)

    def __init__(self, *args: Any, status_choices: list, unit_choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("Tất cả")), *status_choices]
        cast(forms.ChoiceField, self.fields["lead"]).choices = [("", _("Tất cả")), *unit_choices]


class TargetFilterForm(forms.Form):
    q = _search_field()
    status = forms.ChoiceField(label=_("Tình trạng"), required=False)

    def __init__(self, *args: Any, status_choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("Tất cả")), *status_choices]


class UnitFilterForm(forms.Form):
    q = _search_field()
    kind = forms.ChoiceField(label=_("Loại đơn vị"), required=False, choices=[("", _("Tất cả"))] + UnitKind.choices)
    ended = forms.BooleanField(label=_("Cả đơn vị đã kết thúc hoạt động"), required=False)


class VnNumberInput(forms.TextInput):
    """A text box for a number as Vietnamese officials write it ("31.250.000", "12,5"); a number
    input would silently drop "31.250.000" (it only takes "31250000"), so a plain text box with a
    numeric keyboard is used and the value is shown in the same Vietnamese format."""

    def __init__(self, decimals: int = 2, attrs: dict | None = None) -> None:
        self.decimals = decimals
        super().__init__({"inputmode": "decimal" if decimals else "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):  # what the person typed, shown back unchanged
            return value
        return numbers.format_number(value, self.decimals)


class VnDecimalField(forms.DecimalField):
    """A DecimalField that reads "1.234,5", "1234,5" and "1234.5" alike (domain.numbers.parse_number)."""

    def __init__(self, *args: Any, decimal_places: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("widget", VnNumberInput(decimal_places))
        super().__init__(*args, decimal_places=decimal_places, **kwargs)

    # django-stubs declares DecimalField a subclass of IntegerField, with its int return type
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            parsed = numbers.parse_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(parsed)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _text(label: Any, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class ProgressForm(forms.Form):
    """The officer's monthly update of one task (works on a phone: one column, big inputs)."""

    percent = VnDecimalField(label=_("Tỷ lệ hoàn thành (%)"), min_value=Decimal(0), max_value=Decimal(100),
                             decimal_places=1, required=False)
    work_done = _text(_("Kết quả thực hiện trong kỳ"), 4)
    outputs_delivered = _text(_("Sản phẩm đã có"))
    disbursed_total = VnDecimalField(label=_("Giải ngân lũy kế (đồng)"), min_value=Decimal(0),
                                     decimal_places=0, required=False)
    difficulties = _text(_("Khó khăn, vướng mắc"))
    proposals = _text(_("Kiến nghị, đề xuất"))
    evidence = MultipleFileField(label=_("Tệp minh chứng"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    DATA_FIELDS = ("percent", "work_done", "outputs_delivered", "disbursed_total", "difficulties", "proposals")

    def data_for_service(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in self.DATA_FIELDS}


class FigureForm(forms.Form):
    """A figure for a target: a value, or numerator and denominator for a ratio."""

    value = VnDecimalField(label=_("Giá trị"), required=False, decimal_places=4)
    numerator = VnDecimalField(label=_("Tử số"), required=False, decimal_places=4, min_value=Decimal(0))
    denominator = VnDecimalField(label=_("Mẫu số"), required=False, decimal_places=4, min_value=Decimal(0))
    source = forms.CharField(label=_("Nguồn số liệu"), required=False, max_length=255)
    note = _text(_("Ghi chú"))
    evidence = MultipleFileField(label=_("Tệp minh chứng"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_ratio = data.get("numerator") is not None or data.get("denominator") is not None
        if has_ratio and (data.get("numerator") is None or not data.get("denominator")):
            raise forms.ValidationError(_("Nhập đủ tử số và mẫu số (mẫu số khác 0)."))
        if data.get("value") is None and not has_ratio:
            raise forms.ValidationError(_("Nhập giá trị hoặc tử số và mẫu số."))
        return data


class ReasonForm(forms.Form):
    """Return or reopen: a reason is required."""

    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
