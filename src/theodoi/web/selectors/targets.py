"""Target rows: latest figure against the target value, status, trend points.

Status, latest value and series are the official ones of
``planning.selectors.status.target_rows`` (approved figures, aggregated across units as
the indicator says), so pages, reports and warnings agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from theodoi.planning.models import Measurement, Target
from theodoi.planning.selectors import status as official
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict
from theodoi.web.selectors import facts
from theodoi.web.selectors.search import search


def target_queryset(user: Any) -> QuerySet[Target]:
    return restrict(Target.objects.all(), user, "view")


def figures(user: Any, target_ids: list[int], unit: Unit | None = None) -> dict[int, list[dict[str, Any]]]:
    """Readable figures per target, oldest period first (one query)."""
    qs = restrict(Measurement.objects.filter(target_id__in=target_ids), user, "view")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in qs.order_by("target_id", "period_end", "id").values(
        "target_id", "period_key", "period_end", "value", "numerator", "denominator", "state", "unit__name",
    ):
        m["effective"] = _effective(m)
        out[m["target_id"]].append(m)
    return out


def _effective(m: dict[str, Any]) -> Decimal | None:
    if m["numerator"] is not None and m["denominator"]:
        return m["numerator"] * 100 / m["denominator"]
    return m["value"]


def of_unit(qs: QuerySet[Target], unit: Unit) -> QuerySet[Target]:
    """Targets a unit's subtree answers for: those it is responsible for, and the targets
    without a responsible unit of the plans the subtree issued (a commune's own plan)."""
    return qs.filter(Q(responsible_unit__path__startswith=unit.path)
                     | Q(responsible_unit__isnull=True, document__issuer__path__startswith=unit.path))


def target_rows(user: Any, qs: QuerySet[Target], today: dt.date | None = None,
                unit: Unit | None = None) -> list[dict[str, Any]]:
    """Rows with the official status; figures from ``unit``'s subtree only when given."""
    today = today or dt.date.today()
    targets = list(qs.select_related("document", "document__issuer", "responsible_unit", "indicator").order_by(
        "document__issued_date", "position", "id"))
    rows = []
    for t, st in zip(targets, official.target_rows(targets, today, unit), strict=True):
        view = facts.target_view(st.code)
        rows.append({
            "code": t.code, "text": t.text, "area": t.get_area_display(),
            "plan": t.document.number or t.document.title[:60],
            "comparator": t.comparator, "target_value": t.value, "unit_of_measure": t.unit_of_measure,
            "latest_value": st.value, "period": st.period_key,
            "status": view.label, "status_code": st.code, "tone": view.tone,
            "responsible": t.responsible_unit.name if t.responsible_unit else "",
            "responsible_path": t.responsible_unit.path if t.responsible_unit else "",
            "issuer_path": t.document.issuer.path if t.document.issuer else "",
            "deadline_year": t.deadline_year,
            "trend": [v for _end, v in st.series][-12:],
            "uid": str(t.uid), "_url": f"/targets/{t.uid}/",
        })
    return rows


def targets(user: Any, *, q: str = "", status: str = "", plan_id: int | None = None,
            unit: Unit | None = None, today: dt.date | None = None) -> list[dict[str, Any]]:
    qs = target_queryset(user)
    if plan_id:
        qs = qs.filter(document_id=plan_id)
    if unit is not None:
        qs = of_unit(qs, unit)
    qs = search(qs, q, ("code", "text", "unit_of_measure"))
    rows = target_rows(user, qs, today, unit)
    return [r for r in rows if r["status_code"] == status] if status else rows


def trend(user: Any, target: Target) -> list[dict[str, Any]]:
    """Per-period figures of the target summed/combined by the tracking selectors when available."""
    return figures(user, [target.pk]).get(target.pk, [])
