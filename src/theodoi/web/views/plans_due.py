"""Plans owed by lower units: the list on the plan's page and the office's form (services.child_plans)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from theodoi.planning.models import Document, PlanDue
from theodoi.planning.selectors.plans_due import due_of, open_dues, owing_candidates
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can
from theodoi.web.views.common import get_allowed


class PlanDueForm(forms.Form):
    due = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị phải xây dựng kế hoạch"), queryset=Unit.objects.none())
    due_date = forms.DateField(label=gettext_lazy("Hạn"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    due_text = forms.CharField(label=gettext_lazy("Thời hạn như ghi"), max_length=120, required=False,
                               help_text=gettext_lazy("Ví dụ: “hoàn thành trong tháng 4/2025”."))

    def __init__(self, *args, document: Document, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = owing_candidates(document)


def forms_for(user, document: Document) -> dict:
    """The add form and one edit form per open due, for the plan page (only for the plan's office)."""
    if not can(user, "manage", document):
        return {}
    edits = {d.pk: PlanDueForm(document=document, prefix=f"d{d.pk}", initial={
        "due": d.pk, "version": d.version, "unit": d.unit_id, "due_date": d.due_date, "due_text": d.due_text})
        for d in open_dues(document)}
    return {"due_form": PlanDueForm(document=document, prefix="new"), "due_edits": edits}


@login_required
@require_POST
def plan_due(request: HttpRequest, uid: str) -> HttpResponse:
    """POST only: add a due (``new-`` fields) or change one (``d<pk>-`` fields); back to the plan page."""
    document = get_allowed(Document.objects.select_related("issuer"), request.user, uid=uid)
    if not can(request.user, "manage", document):
        raise PermissionDenied(_("Bạn không có quyền giao xây dựng kế hoạch cho kế hoạch này."))
    from theodoi.planning.services import child_plans, errors

    prefix = request.POST.get("prefix", "new")
    form = PlanDueForm(request.POST, document=document, prefix=prefix)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(document.get_absolute_url() + "#ke-hoach-cap-duoi")
    d = form.cleaned_data
    try:
        if d.get("due"):
            due = due_of(document, d["due"])
            if due is None:
                raise PlanDue.DoesNotExist
            child_plans.update_plan_due(user=request.user, due=due, unit=d["unit"], due_date=d["due_date"],
                                        due_text=d["due_text"], expected_version=d["version"])
        else:
            child_plans.add_plan_due(user=request.user, document=document, unit=d["unit"], due_date=d["due_date"],
                                     due_text=d["due_text"])
    except PlanDue.DoesNotExist:
        messages.error(request, _("Không tìm thấy nội dung yêu cầu."))
    except (errors.ConflictError, ValidationError) as exc:
        messages.error(request, errors.refusal(exc))
    else:
        messages.success(request, _("Đã lưu kế hoạch cấp dưới phải xây dựng."))
    return redirect(document.get_absolute_url() + "#ke-hoach-cap-duoi")
