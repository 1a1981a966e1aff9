"""Exchange services: the province's KPI mapping (the only writer of ``KpiMapping``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.exchange.models import KpiMapping
from theodoi.planning.models import Indicator, Target
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import can


def map_kpi(*, user: Any, owner: Unit, kpi_code: str, kpi_name: str = "", indicator: Indicator | None = None,
            target: Target | None = None, note: str = "") -> KpiMapping:
    """Map an indicator (all its targets) or one target to a national KPI code, for ``owner``'s subtree.

    Only an administrator of ``owner`` (``manage``) maps; a second mapping of the same
    indicator or target replaces the first (audited as an update).
    """
    if (indicator is None) == (target is None):
        raise ValidationError(_("Chọn một chỉ số hoặc một chỉ tiêu để ánh xạ."))
    code = (kpi_code or "").strip()
    if not code or len(code) > 60:
        raise ValidationError(_("Mã KPI quốc gia không hợp lệ."))
    if not getattr(user, "is_superuser", False) and not can(user, "manage", owner):
        raise PermissionDenied(_("Bạn không có quyền ánh xạ KPI cho đơn vị này."))
    with transaction.atomic():
        lookup = {"owner": owner, "indicator": indicator} if indicator else {"owner": owner, "target": target}
        row = KpiMapping.objects.select_for_update().filter(**lookup).first()
        before = snapshot(row) if row else None
        if row is None:
            row = KpiMapping(**lookup, created_by=user if getattr(user, "pk", None) else None)
        else:
            row.version += 1
        row.kpi_code, row.kpi_name, row.note = code, (kpi_name or "").strip()[:500], (note or "").strip()
        row.save()
        record("create" if before is None else "update", row, actor=user, before=before, after=snapshot(row))
    return row


def unmap_kpi(*, user: Any, mapping: KpiMapping) -> None:
    if not getattr(user, "is_superuser", False) and not can(user, "manage", mapping.owner):
        raise PermissionDenied(_("Bạn không có quyền ánh xạ KPI cho đơn vị này."))
    with transaction.atomic():
        before = snapshot(mapping)
        record("delete", mapping, actor=user, before=before, after=None)
        mapping.delete()
