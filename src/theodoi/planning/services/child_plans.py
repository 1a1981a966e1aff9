"""Plans owed by lower units (``PlanDue``): the office adds or completes them; an import fulfils them.

"Các Chi, Đảng uỷ trực thuộc … xây dựng kế hoạch … hoàn thành trong tháng 4/2025" (seed 004) is read
by the importer (``domain.child_plans``); the standing office of the plan adds others or names the
unit of a group. A due is fulfilled when the unit (or a unit below it) imports a plan that cites or
implements the plan, and is warned when late (``selectors.warnings``, kind ``plan_due``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.domain.deadlines import parse_deadline
from theodoi.planning.models import DocStatus, Document, PlanDue, PlanDueOrigin
from theodoi.planning.selectors.texts import unit_label
from theodoi.planning.services.common import check_version, lock, require, text
from theodoi.tenancy.models import Unit, UnitKind

AREAS = (UnitKind.NATION, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)


def area_of(issuer: Unit) -> Unit:
    """Where the units that owe an issuer's plans lie: the issuer's own area (a commune, a district…),
    or the area of a body inside one (a district's party committee asks the district's communes)."""
    return issuer if issuer.kind in AREAS or issuer.parent is None else issuer.parent

SHOWN = ("unit_id", "unit_name", "due_text", "due_date", "fulfilled_by_id")


def fulfilling_plan(due: PlanDue) -> Document | None:
    """The earliest plan issued by the due's unit (or below it) that cites or implements its plan."""
    if due.unit is None:
        return None
    return (Document.objects.exclude(status=DocStatus.STUB)
            .filter(outgoing_links__target_id=due.document_id, issuer__path__startswith=due.unit.path)
            .exclude(pk=due.document_id).order_by("issued_date", "pk").first())


def _fulfil(row: PlanDue, plan: Document | None, user: Any) -> None:
    """Mark ``row`` fulfilled by ``plan`` (inside the caller's transaction; audited)."""
    if plan is None or row.fulfilled_by_id == plan.pk:
        return
    before = snapshot(row)
    row.fulfilled_by = plan
    row.fulfilled_on = plan.issued_date or timezone.localdate()
    row.version += 1
    row.save()
    record("fulfil", row, actor=user, before=before, after=snapshot(row),
           reason=_("Đã có kế hoạch %(p)s") % {"p": plan.number or plan.title[:80]})


def _clean(document: Document, unit: Unit | None, due_date: Any, due_text: str) -> tuple[dt.date | None, str]:
    due_text = text(due_text, 120)
    if due_date is None and due_text:
        due_date = parse_deadline(due_text).due
    if due_date is None:
        raise ValidationError(_("Hãy nhập hạn (ngày, hoặc thời hạn như “tháng 4/2025”)."))
    if not isinstance(due_date, dt.date):
        raise ValidationError(_("Hạn không hợp lệ."))
    if unit is not None and document.issuer is not None and not unit.path.startswith(area_of(document.issuer).path):
        raise ValidationError(_("%(u)s không thuộc %(i)s.") % {"u": unit_label(unit),
                                                               "i": area_of(document.issuer).name})
    if unit is not None and unit.pk == document.issuer_id:
        raise ValidationError(_("Đơn vị ban hành kế hoạch không nợ kế hoạch của chính mình."))
    return due_date, due_text


def add_plan_due(*, user: Any, document: Document, unit: Unit, due_date: Any = None, due_text: str = "",
                 note: str = "") -> PlanDue:
    """The plan's standing office (``manage``) records that ``unit`` must build a plan by a date."""
    require(user, "manage", document, _("Bạn không có quyền giao xây dựng kế hoạch cho kế hoạch này."))
    if unit is None:
        raise ValidationError(_("Hãy chọn đơn vị phải xây dựng kế hoạch."))
    due_date, due_text = _clean(document, unit, due_date, due_text)
    with transaction.atomic():
        row = PlanDue.objects.create(document=document, unit=unit, unit_name=unit.name, due_date=due_date,
                                     due_text=due_text, note=text(note), origin=PlanDueOrigin.OFFICE,
                                     created_by=user)
        record("create", row, actor=user)
        _fulfil(row, fulfilling_plan(row), user)
    return row


def update_plan_due(*, user: Any, due: PlanDue, unit: Unit | None, due_date: Any = None, due_text: str = "",
                    expected_version: int | None = None) -> PlanDue:
    """Name the unit of a due (a group the document named) or change its deadline; optimistic lock."""
    require(user, "manage", due.document, _("Bạn không có quyền sửa nội dung này."))
    with transaction.atomic():
        row = lock(PlanDue, due.pk)
        check_version(row, due.version if expected_version is None else expected_version, SHOWN)
        due_date, due_text = _clean(row.document, unit, due_date, due_text or row.due_text)
        before = snapshot(row)
        row.unit, row.due_date, row.due_text = unit, due_date, due_text
        row.origin = PlanDueOrigin.OFFICE  # the office's now: a re-import leaves it as set
        row.version += 1
        row.save()
        record("update", row, actor=user, before=before, after=snapshot(row))
        if row.fulfilled_by_id is None:
            _fulfil(row, fulfilling_plan(row), user)
    return row


def fulfil_from(plan: Document, user: Any) -> int:
    """After ``plan`` is imported: fulfil the dues of the plans it cites owed by its issuer (or above it)."""
    if plan.issuer is None:
        return 0
    done = 0
    dues = PlanDue.objects.select_related("unit").filter(
        document__incoming_links__source=plan, fulfilled_by__isnull=True, unit__isnull=False)
    for row in dues:
        assert row.unit is not None  # filtered above
        if plan.issuer.path.startswith(row.unit.path):
            _fulfil(row, plan, user)
            done += 1
    return done
