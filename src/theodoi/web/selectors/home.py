"""What waits for a leader's approval (what to report comes from ``planning.selectors.obligations``)."""

from __future__ import annotations

from typing import Any

from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState
from theodoi.tenancy.permissions import restrict


def awaiting_approval(user: Any) -> tuple[list[ProgressUpdate], list[Measurement]]:
    updates = list(
        restrict(ProgressUpdate.objects.filter(state=ReviewState.SUBMITTED), user, "approve")
        .select_related("task", "unit", "unit__parent", "submitted_by").order_by("submitted_at")[:200]
    )
    figures = list(
        restrict(Measurement.objects.filter(state=ReviewState.SUBMITTED), user, "approve")
        .select_related("target", "unit", "unit__parent", "submitted_by").order_by("submitted_at")[:200]
    )
    return updates, figures
