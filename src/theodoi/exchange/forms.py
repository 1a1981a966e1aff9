"""Forms of the exchange page: what to export and the file to import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from theodoi.domain.periods import Period
from theodoi.exchange.format import KIND_LABELS, KINDS
from theodoi.planning.selectors.texts import unit_label


class ExportForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"))
    period = forms.CharField(label=_("Kỳ (để trống: kỳ đang mở)"), required=False, max_length=10,
                             widget=forms.TextInput(attrs={"placeholder": "2026-05", "inputmode": "numeric"}))
    kinds = forms.MultipleChoiceField(label=_("Gồm"), choices=[(k, KIND_LABELS[k]) for k in KINDS],
                                      initial=list(KINDS), widget=forms.CheckboxSelectMultiple)
    fmt = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")],
                            initial="xlsx")

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [(u.slug, unit_label(u)) for u in units]

    def clean_period(self) -> Period | None:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return None
        try:
            return Period.parse(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Kỳ không hợp lệ (ví dụ: 2026-05).")) from exc


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp .xlsx hoặc .csv"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        if f.size > settings.THEODOI_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn."))
        return f
