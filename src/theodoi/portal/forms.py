"""Forms of the portal: citizens' feedback (with a honeypot) and the standing office's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.portal.models import FeedbackKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NAME_MAX, ORG_MAX, CONTACT_MAX = 120, 200, 200
BODY_MIN, BODY_MAX = 10, 3000


def _messages(label: StrOrPromise, max_length: int | None = None, min_length: int | None = None) -> dict:
    msgs = {"required": _("Vui lòng nhập %(f)s.") % {"f": label}}
    if max_length:
        msgs["max_length"] = _("%(f)s không được dài quá %(n)s ký tự.") % {"f": label, "n": max_length}
    if min_length:
        msgs["min_length"] = _("%(f)s cần ít nhất %(n)s ký tự.") % {"f": label, "n": min_length}
    return msgs


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=FeedbackKind.choices, initial=FeedbackKind.OPINION,
                             error_messages={"required": _("Vui lòng chọn loại ý kiến."),
                                             "invalid_choice": _("Loại ý kiến không hợp lệ.")})
    name = forms.CharField(label=_("Họ và tên"), max_length=NAME_MAX,
                           error_messages=_messages(_("họ và tên"), NAME_MAX))
    organisation = forms.CharField(label=_("Cơ quan, tổ chức (nếu có)"), max_length=ORG_MAX, required=False,
                                   error_messages=_messages(_("tên cơ quan, tổ chức"), ORG_MAX))
    contact = forms.CharField(
        label=_("Điện thoại hoặc thư điện tử (không công khai)"), max_length=CONTACT_MAX, required=False,
        help_text=_("Chỉ văn phòng thường trực xem được, dùng để liên hệ lại khi cần."),
        error_messages=_messages(_("thông tin liên hệ"), CONTACT_MAX),
    )
    body = forms.CharField(
        label=_("Nội dung ý kiến, kiến nghị"), min_length=BODY_MIN, max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_messages(_("nội dung"), BODY_MAX, BODY_MIN),
    )
    # Honeypot: hidden from people by CSS and aria-hidden; bots that fill every field are refused.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Không gửi được ý kiến. Vui lòng thử lại."))
        return ""

    def clean(self) -> dict:
        data = super().clean() or {}
        for key in ("name", "body"):
            if key in data and not data[key].strip():
                self.add_error(key, _("Vui lòng nhập nội dung có nghĩa."))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời (sẽ được công khai)"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             error_messages=_messages(_("nội dung trả lời"), 5000))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Lý do không công khai"), max_length=255,
                             error_messages=_messages(_("lý do"), 255))


class FeedbackFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), required=False,
                               choices=[("", _("Tất cả"))])

    def __init__(self, *args, **kwargs):
        from theodoi.portal.models import FeedbackStatus

        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Tất cả")), *FeedbackStatus.choices]
