"""What waits for a person's approval: submitted updates and figures they may approve."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.permissions import restrict


def review_rows(user: Any) -> list[dict[str, Any]]:
    """One row per submitted update, then per submitted figure, that ``user`` may approve, oldest
    sent first (two queries); links by ``get_absolute_url``."""
    rows: list[dict[str, Any]] = []
    updates = restrict(ProgressUpdate.objects.filter(state=ReviewState.SUBMITTED), user, "approve")
    for u in updates.select_related("task", "unit", "unit__parent", "submitted_by").order_by("submitted_at"):
        rows.append({"kind": _("Tiến độ"), "item": u.task.title, "period": u.period_key, "unit": unit_label(u.unit),
                     "submitted_by": str(u.submitted_by or ""), "submitted_at": u.submitted_at,
                     "_url": f"{u.task.get_absolute_url()}#u-{u.uid}"})
    figures = restrict(Measurement.objects.filter(state=ReviewState.SUBMITTED), user, "approve")
    for m in figures.select_related("target", "unit", "unit__parent", "submitted_by").order_by("submitted_at"):
        rows.append({"kind": _("Số liệu"), "item": m.target.text, "period": m.period_key, "unit": unit_label(m.unit),
                     "submitted_by": str(m.submitted_by or ""), "submitted_at": m.submitted_at,
                     "_url": m.target.get_absolute_url()})
    return rows
