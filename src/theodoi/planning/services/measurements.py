"""Figures (số liệu) of a target for one unit and one period: save and submit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import Measurement, ReviewState, Target
from theodoi.planning.selectors.texts import unit_label
from theodoi.planning.services.common import (
    check_version,
    decimal_or_none,
    reportable_period,
    require,
    text,
)
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import scope

SHOWN = ("value", "numerator", "denominator", "source", "note", "state")


def _clean(target: Target, value: Any, numerator: Any, denominator: Any) -> tuple[Any, Any, Any]:
    """Parsed numbers; structural errors only (contradictions become warnings, not refusals)."""
    errors: list[str] = []
    parsed = []
    for raw, label, minimum in ((value, _("Giá trị"), None), (numerator, _("Tử số"), Decimal(0)),
                                (denominator, _("Mẫu số"), Decimal(0))):
        try:
            parsed.append(decimal_or_none(raw, label, minimum=minimum))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    v, n, d = parsed
    if (n is None) != (d is None):
        raise ValidationError(_("Nhập đủ cả tử số và mẫu số."))
    if d is not None and d == 0:
        raise ValidationError(_("Mẫu số phải khác 0."))
    if v is None and n is None:
        raise ValidationError(_("Nhập giá trị hoặc tử số và mẫu số."))
    if target.is_ratio and n is None:
        raise ValidationError(_("Chỉ tiêu này là tỷ lệ: hãy nhập tử số và mẫu số."))
    return v, n, d


def save_measurement(*, user: Any, target: Target, unit: Unit, period_key: str, value: Any = None,
                     numerator: Any = None, denominator: Any = None, source: str = "", note: str = "",
                     expected_version: int | None = None, submit: bool = False,
                     evidence: list | tuple = ()) -> Measurement:
    """Create or change the figure of ``target`` for ``unit`` and a period; optionally submit it.

    Guarantees: the user may read the target's plan and report for ``unit``
    (PermissionDenied otherwise); an approved figure is not changed; a stale
    ``expected_version`` (None = "I saw no figure") raises ConflictError with the
    other person's values; the row, its evidence files (``evidence``: uploaded files)
    and its audit events commit together (a refused file stores nothing).
    """
    period = reportable_period(period_key, target.document.monthly_due_day)
    v, n, d = _clean(target, value, numerator, denominator)
    require(user, "report", target, _("Bạn không có quyền nhập số liệu cho chỉ tiêu này."))
    if not scope(user, "report").covers(unit):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu cho đơn vị %(u)s.") % {"u": unit_label(unit)})
    fields = {"value": v, "numerator": n, "denominator": d, "source": text(source, 255), "note": text(note)}
    with transaction.atomic():
        row = (Measurement.objects.select_for_update()
               .filter(target=target, unit=unit, period_key=period.key).first())
        before = None
        if row is None:
            if expected_version is not None:
                from theodoi.planning.services.progress import raise_gone

                raise_gone()
            row = Measurement(target=target, unit=unit, period_key=period.key, period_end=period.end,
                              entered_by=user, created_by=user, **fields)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                other = Measurement.objects.get(target=target, unit=unit, period_key=period.key)
                check_version(other, None, SHOWN)
        else:
            check_version(row, expected_version, SHOWN)
            if row.is_locked:
                raise ValidationError(_("Số liệu kỳ này đã được duyệt và khóa. "
                                        "Cần lãnh đạo mở lại (có lý do) trước khi sửa."))
            before = snapshot(row)
            for k, val in fields.items():
                setattr(row, k, val)
            row.entered_by = user
            if row.state == ReviewState.RETURNED:
                row.state = ReviewState.DRAFT
            row.version += 1
            row.save()
        if submit and row.state != ReviewState.SUBMITTED:
            row.state = ReviewState.SUBMITTED
            row.submitted_by = user
            row.submitted_at = timezone.now()
            row.version += 1
            row.save()
        row.refresh_from_db()
        action = "submit" if submit else ("create" if before is None else "update")
        record(action, row, actor=user, before=before, after=snapshot(row))
        if evidence:
            from theodoi.planning.services.evidence import attach_evidence

            for f in evidence:
                attach_evidence(user=user, file=f, measurement=row)
    return row


NOTHING_TO_REPORT = "Không phát sinh trong kỳ."


def report_nothing(*, user: Any, target: Target, unit: Unit, period_key: str,
                   expected_version: int | None = None) -> Measurement:
    """"Không phát sinh" for a figure, sent in one step, by the indicator's rule over time
    (``domain.aggregate.rule_of``): figures added up over periods get 0 for this one; a latest or
    cumulative figure (and a ratio) keeps the unit's latest approved figure before the period.
    Without such a figure there is nothing to keep: ValidationError asking for the figure."""
    from theodoi.domain.aggregate import rule_of

    period = reportable_period(period_key, target.document.monthly_due_day)
    rule = rule_of(target)
    if rule.time_how == "sum" and not target.is_ratio:
        values: dict[str, Any] = {"value": Decimal(0)}
    else:
        last = (Measurement.objects.filter(target=target, unit=unit, state=ReviewState.APPROVED,
                                           period_end__lt=period.end).order_by("-period_end").first())
        if last is None:
            raise ValidationError(_("Chưa có số liệu đã duyệt của kỳ trước để giữ nguyên: hãy nhập số liệu kỳ này."))
        values = {"value": last.value, "numerator": last.numerator, "denominator": last.denominator,
                  "source": last.source}
    return save_measurement(user=user, target=target, unit=unit, period_key=period.key, note=NOTHING_TO_REPORT,
                            expected_version=expected_version, submit=True, **values)
