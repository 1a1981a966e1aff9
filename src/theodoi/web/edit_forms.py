"""Forms of the standing office's editing pages: a task, a target, a row of the "6 rõ" worklist.

Choices come from ``planning.selectors.assignable`` (the plan's tree); the forms only parse,
the editing services (``planning.services.tasks`` / ``targets``) check and write.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.planning.models import Document, Target
from theodoi.planning.selectors.assignable import plan_people, plan_targets, plan_units
from theodoi.planning.selectors.texts import unit_label as planning_unit_label
from theodoi.tenancy.models import Unit
from theodoi.web.forms import VnDecimalField

DEADLINE_HELP = _("Viết như trong kế hoạch: «30/6/2026», «Tháng 9/2026», «Quý II/2026», «Năm 2026», "
                  "«2026-2030», «Hằng năm», «Thường xuyên».")


class PlanChoices:
    """What a plan's forms offer, read once per request however many row forms a page holds:
    its units (``plan_units``), people (``plan_people``) and targets (``plan_targets``)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.units = list(plan_units(doc))
        self.people = list(plan_people(doc))
        self._targets: list[Target] | None = None

    @property
    def targets(self) -> list[Target]:
        if self._targets is None:
            self._targets = list(plan_targets(self.doc))
        return self._targets

    def unit_label(self, unit: Unit) -> str:
        """A unit named with its parent when that is not the issuer (two communes of a province
        each have a "Phòng Văn hóa - Xã hội")."""
        issuer_id = self.doc.issuer_id
        if unit.pk == issuer_id or unit.parent_id in (None, issuer_id) or unit.parent is None:
            return unit.name
        return planning_unit_label(unit)


_NOT_IN_PLAN = _("Lựa chọn này không thuộc kế hoạch (đơn vị, người hoặc chỉ tiêu ngoài kế hoạch).")


class ObjectChoiceField(forms.ChoiceField):
    """One of a list of objects read beforehand (no query per form); cleans to the object."""

    def __init__(self, objects: list, label_of: Any, *, empty_label: Any = None, **kwargs: Any) -> None:
        self.by_pk = {str(o.pk): o for o in objects}
        choices = [("", empty_label)] if empty_label is not None else []
        choices += [(str(o.pk), label_of(o)) for o in objects]
        kwargs.setdefault("error_messages", {"invalid_choice": _NOT_IN_PLAN})
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return str(value.pk) if hasattr(value, "pk") else value

    def clean(self, value: Any) -> Any:
        key = super().clean(value)
        return self.by_pk[key] if key else None


class ObjectsChoiceField(forms.MultipleChoiceField):
    """Several of a list of objects read beforehand, as ticks; cleans to the list of objects."""

    def __init__(self, objects: list, label_of: Any, **kwargs: Any) -> None:
        self.by_pk = {str(o.pk): o for o in objects}
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"class": "checks"}))
        kwargs.setdefault("error_messages", {"invalid_choice": _NOT_IN_PLAN})
        super().__init__(choices=[(str(o.pk), label_of(o)) for o in objects], **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [str(v.pk) if hasattr(v, "pk") else v for v in value]
        return value

    def clean(self, value: Any) -> list:
        return [self.by_pk[k] for k in super().clean(value)]


def _person(user: Any) -> str:
    return user.full_name or user.username


def _target(obj: Target) -> str:
    text = obj.text if len(obj.text) <= 140 else obj.text[:139] + "…"
    return f"{obj.code}. {text}" if obj.code else text


def _text(label: Any, rows: int = 2, **kw: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kw)


class SixClearRowForm(forms.Form):
    """One task of the worklist: the fields behind the "6 rõ", on one card."""

    lead_unit = forms.Field(label=_("Đơn vị chủ trì"), required=False)
    responsible_person = forms.Field(label=_("Người phụ trách"), required=False)
    deadline_text = forms.CharField(label=_("Thời hạn"), required=False, max_length=120, help_text=DEADLINE_HELP)
    responsibility = _text(_("Trách nhiệm"))
    outputs = _text(_("Sản phẩm"))
    approving_authority = forms.CharField(label=_("Cấp có thẩm quyền phê duyệt"), required=False, max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    SERVICE_FIELDS: tuple[str, ...] = ("lead_unit", "responsible_person", "deadline_text", "responsibility",
                                       "outputs", "approving_authority")

    def __init__(self, *args: Any, plan: PlanChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"] = ObjectChoiceField(plan.units, plan.unit_label, label=_("Đơn vị chủ trì"),
                                                     required=False, empty_label=_("— chưa giao —"))
        self.fields["responsible_person"] = ObjectChoiceField(
            plan.people, _person, label=_("Người phụ trách"), required=False, empty_label=_("— chưa giao —"))

    def service_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in self.SERVICE_FIELDS}


class TaskEditForm(SixClearRowForm):
    """Every field of a task the standing office completes after an import."""

    title = _text(_("Tên nhiệm vụ"), 3, max_length=20000)
    description = _text(_("Nội dung"), 4)
    receiving_unit = forms.Field(label=_("Đơn vị tiếp nhận, ứng dụng"), required=False)
    coordinating_units = forms.Field(label=_("Đơn vị phối hợp"), required=False)
    budget_planned = VnDecimalField(label=_("Kinh phí dự kiến (đồng)"), required=False, decimal_places=0)
    funding_source = forms.CharField(label=_("Nguồn kinh phí"), required=False, max_length=255)
    targets = forms.Field(label=_("Chỉ tiêu nhiệm vụ phục vụ"), required=False)

    SERVICE_FIELDS = ("title", "description", "lead_unit", "coordinating_units", "receiving_unit",
                      "responsible_person", "deadline_text", "responsibility", "outputs", "approving_authority",
                      "budget_planned", "funding_source", "targets")
    field_order = ["title", "description", "lead_unit", "coordinating_units", "receiving_unit",
                   "responsible_person", "deadline_text", "outputs", "responsibility", "approving_authority",
                   "budget_planned", "funding_source", "targets", "version"]

    def __init__(self, *args: Any, plan: PlanChoices, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["title"].required = True
        self.fields["receiving_unit"] = ObjectChoiceField(
            plan.units, plan.unit_label, label=_("Đơn vị tiếp nhận, ứng dụng"), required=False,
            empty_label=_("— không có —"))
        self.fields["coordinating_units"] = ObjectsChoiceField(plan.units, plan.unit_label,
                                                               label=_("Đơn vị phối hợp"), required=False)
        self.fields["targets"] = ObjectsChoiceField(plan.targets, _target, label=_("Chỉ tiêu nhiệm vụ phục vụ"),
                                                    required=False)
        self.order_fields(self.field_order)


class TargetEditForm(forms.Form):
    """Who follows a target and who reports its figures."""

    responsible_unit = forms.Field(label=_("Đơn vị theo dõi"), required=False)
    reporting_units = forms.Field(label=_("Đơn vị báo cáo số liệu"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, plan: PlanChoices, with_reporting: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"] = ObjectChoiceField(plan.units, plan.unit_label, label=_("Đơn vị theo dõi"),
                                                            required=False, empty_label=_("— chưa giao —"))
        if with_reporting:
            self.fields["reporting_units"] = ObjectsChoiceField(
                plan.units, plan.unit_label, label=_("Đơn vị báo cáo số liệu"), required=False,
                help_text=_("Các đơn vị này (cả thôn, bản) được yêu cầu nhập số liệu mỗi kỳ, "
                            "ngoài đơn vị theo dõi."))
        else:
            del self.fields["reporting_units"]

    def service_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in ("responsible_unit", "reporting_units") if k in self.fields}


class BulkLeadForm(forms.Form):
    """Several tasks (or targets) given one unit."""

    unit = forms.Field(label=_("Đơn vị"), required=True)

    def __init__(self, *args: Any, plan: PlanChoices, label: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = ObjectChoiceField(plan.units, plan.unit_label, label=label, required=True,
                                                empty_label=_("— chọn đơn vị —"),
                                                error_messages={"required": _("Hãy chọn đơn vị."),
                                                                "invalid_choice": _NOT_IN_PLAN})
