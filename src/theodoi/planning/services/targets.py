"""Editing who follows a target: its responsible unit and the units that report its figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import Target
from theodoi.planning.selectors.texts import unit_label
from theodoi.planning.services.common import check_version, lock, require, text
from theodoi.planning.services.handset import mark_hand_set

EDITABLE = ("responsible_unit", "reporting_units")
SHOWN = ("responsible_unit_id", "text")


def update_target(*, user: Any, target: Target, fields: dict[str, Any], expected_version: int | None = None,
                  reason: str = "") -> Target:
    """Set a target's responsible unit and/or the units asked to report its figures.

    Guarantees: only the standing office of the plan (``manage``) writes; every unit belongs
    to the plan's tree (``planning.selectors.assignable.plan_units``, villages included);
    a stale ``expected_version`` raises ConflictError; the row, its links and one audit
    event commit together. The units named here are asked for a figure every period
    (``planning.selectors.obligations``).
    """
    require(user, "manage", target, _("Bạn không có quyền sửa chỉ tiêu này."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Không sửa được trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        row = lock(Target, target.pk)
        check_version(row, target.version if expected_version is None else expected_version, SHOWN)
        before = snapshot(row)
        named = [u for u in ([fields.get("responsible_unit")] + list(fields.get("reporting_units") or []))
                 if u is not None]
        _check_units(row, named)
        if "responsible_unit" in fields:
            row.responsible_unit = fields["responsible_unit"]
        mark_hand_set(row, [f for f in fields if f != "responsible_unit" or row.responsible_unit_id
                            != before.get("responsible_unit_id")])  # a re-import keeps them
        row.version += 1
        row.save()
        if "reporting_units" in fields:
            row.reporting_units.set([u for u in fields["reporting_units"] or [] if u is not None])
        row.refresh_from_db()
        record("update", row, actor=user, before=before, after=snapshot(row), reason=text(reason))
    return row


def _check_units(row: Target, units: list) -> None:
    from theodoi.planning.selectors.assignable import plan_units

    allowed = set(plan_units(row.document).values_list("pk", flat=True))
    outside = [unit_label(u) for u in units if u.pk not in allowed]
    if outside:
        raise ValidationError(_("%(u)s không thuộc %(issuer)s (đơn vị ban hành kế hoạch) nên không thể theo dõi "
                                "chỉ tiêu của kế hoạch này.") % {
            "u": ", ".join(outside), "issuer": row.document.issuer.name if row.document.issuer else "?"})


def assign_responsible(*, user: Any, targets: list[tuple[Target, int | None]], unit: Any,
                       reason: str = "") -> list[Target]:
    """Give several targets one responsible unit; all or nothing (see ``tasks.assign_lead``)."""
    if unit is None:
        raise ValidationError(_("Hãy chọn đơn vị theo dõi."))
    if not targets:
        raise ValidationError(_("Hãy chọn ít nhất một chỉ tiêu."))
    with transaction.atomic():
        return [update_target(user=user, target=t, fields={"responsible_unit": unit}, expected_version=v,
                              reason=reason or _("Giao đơn vị theo dõi cho nhiều chỉ tiêu")) for t, v in targets]
