"""Forms of the upload page: the file, then the corrections before saving."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from theodoi.planning.models import Area, Comparator, Frequency
from theodoi.tenancy.models import Unit

AREAS = Area.choices
COMPARATORS = [("", "—"), *Comparator.choices]
ROLES = [("chủ trì", _("Chủ trì")), ("phối hợp", _("Phối hợp")), ("thực hiện", _("Thực hiện"))]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản (.txt, .md, .docx, .pdf)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        limit = settings.THEODOI_MAX_UPLOAD_BYTES
        if f.size > limit:
            from theodoi.extraction.safety import human_size

            raise forms.ValidationError(_("Tệp quá lớn (%(size)s); giới hạn là %(limit)s.")
                                        % {"size": human_size(f.size), "limit": human_size(limit)})
        if f.size == 0:
            raise forms.ValidationError(_("Tệp rỗng."))
        return f


class MetaForm(forms.Form):
    issuer = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị ban hành"))
    doc_type = forms.CharField(label=_("Loại văn bản"), max_length=40)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=80, required=False)
    issued_date = forms.DateField(label=_("Ngày ban hành"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.IntegerField(label=_("Từ năm"), required=False, min_value=1945, max_value=2100)
    period_end = forms.IntegerField(label=_("Đến năm"), required=False, min_value=1945, max_value=2100)

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["issuer"]).queryset = (
            issuers if issuers is not None else Unit.objects.none())


class _Row(forms.Form):
    """An extracted item: its place in the extraction and how sure the extractor was."""

    position = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confidence = forms.FloatField(widget=forms.HiddenInput, required=False)


class TargetRow(_Row):
    keep = forms.BooleanField(label=_("Giữ"), required=False, initial=True)
    section = forms.CharField(label=_("Mục"), max_length=40, required=False)
    text = forms.CharField(label=_("Chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=AREAS)
    comparator = forms.ChoiceField(label=_("So sánh"), choices=COMPARATORS, required=False)
    value = forms.DecimalField(label=_("Giá trị"), required=False, max_digits=20, decimal_places=4)
    value_max = forms.DecimalField(label=_("Đến"), required=False, max_digits=20, decimal_places=4)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=80, required=False)
    deadline_year = forms.IntegerField(label=_("Năm đạt"), required=False, min_value=1945, max_value=2100)


class TaskRow(_Row):
    keep = forms.BooleanField(label=_("Giữ"), required=False, initial=True)
    code = forms.CharField(label=_("Mã"), max_length=40, required=False)
    title = forms.CharField(label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.CharField(label=_("Thời hạn"), max_length=120, required=False)
    lead_names = forms.CharField(label=_("Đơn vị chủ trì"), max_length=255, required=False)
    coordinating_names = forms.CharField(label=_("Đơn vị phối hợp"), max_length=2000, required=False,
                                         help_text=_("Nhiều đơn vị cách nhau bởi dấu chấm phẩy (;)."))
    outputs = forms.CharField(label=_("Sản phẩm"), max_length=2000, required=False)


class AssignmentRow(_Row):
    keep = forms.BooleanField(label=_("Giữ"), required=False, initial=True)
    unit = forms.CharField(label=_("Đơn vị"), max_length=255)
    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLES)
    duties = forms.CharField(label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


FREQUENCIES = Frequency.choices


class ReportingRow(_Row):
    keep = forms.BooleanField(label=_("Giữ"), required=False, initial=True)
    unit = forms.CharField(label=_("Đơn vị báo cáo"), max_length=255)
    to = forms.CharField(label=_("Gửi đến"), max_length=255, required=False)
    frequency = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=FREQUENCIES)
    due_day = forms.IntegerField(label=_("Trước ngày"), required=False, min_value=1, max_value=31)


class UnitPicksForm(forms.Form):
    """One choice per unit name the tree does not know: a unit of the issuer's tree, or none yet
    (the name stays as written, the office sets the unit later in the "6 rõ" worklist)."""

    def __init__(self, *args, names=(), units=(), label_of=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        choices = [("", _("— Chưa xác định, để sau —")), *((pk, label_of(u)) for pk, u in self.units.items())]
        self.names = list(names)
        for i, name in enumerate(self.names):
            self.fields[f"u{i}"] = forms.ChoiceField(label=name, choices=choices, required=False,
                                                     widget=forms.Select(attrs={"aria-describedby": f"uses-{i}"}))

    def picks(self) -> dict[str, Unit | None]:
        """Every name shown, with the unit the office gave it (None: not yet known)."""
        return {name: self.units.get(self.cleaned_data.get(f"u{i}") or "") for i, name in enumerate(self.names)}


TargetFormSet = forms.formset_factory(TargetRow, extra=0)
TaskFormSet = forms.formset_factory(TaskRow, extra=0)
AssignmentFormSet = forms.formset_factory(AssignmentRow, extra=0)
ReportingFormSet = forms.formset_factory(ReportingRow, extra=0)
