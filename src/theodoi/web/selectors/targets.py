"""Target rows: latest figure against the target value, status, trend points.

Status, latest value and series are the official ones of
``planning.selectors.status.target_rows`` (approved figures, aggregated across units as
the indicator says), so pages, reports and warnings agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.db.models import Q, QuerySet

from theodoi.domain import periods
from theodoi.planning.models import Document, Indicator, IndicatorKind, Target
from theodoi.planning.selectors import status as official
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict
from theodoi.web.listing import LazyRows
from theodoi.web.selectors import facts
from theodoi.web.selectors.search import search


def target_queryset(user: Any) -> QuerySet[Target]:
    return restrict(Target.objects.all(), user, "view")


def of_unit(qs: QuerySet[Target], unit: Unit) -> QuerySet[Target]:
    """Targets a unit's subtree answers for: those it is responsible for, and the targets
    without a responsible unit of the plans the subtree issued (a commune's own plan)."""
    return qs.filter(Q(responsible_unit__path__startswith=unit.path)
                     | Q(responsible_unit__isnull=True, document__issuer__path__startswith=unit.path))


def target_rows(user: Any, qs: QuerySet[Target], today: dt.date | None = None,
                unit: Unit | None = None) -> list[dict[str, Any]]:
    """Rows with the official status; figures from ``unit``'s subtree only when given."""
    today = today or dt.date.today()
    targets = list(qs.select_related("document", "document__issuer", "responsible_unit", "responsible_unit__parent",
                                       "indicator").defer(*official.PLAN_TEXT).order_by(
        "document__issued_date", "position", "id"))
    rows = []
    for t, st in zip(targets, official.target_rows(targets, today, unit), strict=True):
        view = facts.target_view(st.code)
        fc = official.row_forecast(st, today)
        outlook = facts.outlook_view(fc.outlook if fc else "")
        rows.append({
            "code": t.code, "text": t.text, "area": t.get_area_display(),
            "plan": t.document.number or t.document.title,
            "comparator": t.comparator, "target_value": t.value, "target_max": t.value_max,
            "unit_of_measure": t.unit_of_measure,
            "latest_value": st.value, "period": st.period_key,
            "status": view.label, "status_code": st.code, "tone": view.tone,
            "responsible": unit_label(t.responsible_unit) if t.responsible_unit else "",
            "responsible_path": t.responsible_unit.path if t.responsible_unit else "",
            "issuer_path": t.document.issuer.path if t.document.issuer else "",
            "deadline_year": t.deadline_year,
            "indicator_id": t.indicator_id, "indicator": t.indicator.name if t.indicator else "",
            "trend": [v for _end, v in st.series][-12:],
            # the forecast at the deadline (``domain.forecast``): the dashboard orders by it
            "outlook": outlook.code, "outlook_label": outlook.label, "outlook_tone": outlook.tone,
            "forecast_value": fc.value if fc else None,
            # (period key, combined approved value): the chart of the target page
            "_series": [(periods.current_reporting_month(end).key, v) for end, v in st.series],
            "_series_len": len(st.series),
            "uid": str(t.uid), "_url": t.get_absolute_url(), "_pk": t.pk,
        })
    return rows


# what the status of a target needs from its row, its plan's and its indicator (``status.target_rows``)
_LIGHT = ("id", "position", "comparator", "value", "value_max", "deadline", "deadline_year", "baseline",
          "baseline_year", "unit_of_measure", "document", "document__issued_date", "document__period_start",
          "document__period_end", "indicator", "indicator__kind", "indicator__across_time", "indicator__across_units")
# what a light row reads of each target: its status's inputs (``_LIGHT``) and the row's own columns
_ROW = ("uid", "code", "text", "responsible_unit", "document__issuer", "indicator__name")
_FIELDS = tuple(f for f in (*_LIGHT, *_ROW) if "__" not in f)  # read as values, the plans apart


def _of(prefix: str) -> list[str]:
    return ["id", *(f.split("__", 1)[1] for f in (*_LIGHT, *_ROW) if f.startswith(prefix + "__"))]
# the keys of ``target_rows`` a light row leaves out: the area's and the plan's names, the responsible
# unit's name, the trend's last points, the chart's series, the link
HEAVY_KEYS = ("area", "plan", "responsible", "trend", "_series", "_url")


class LightTarget:
    """A target as ``light_targets`` reads it: its own columns of ``_LIGHT`` and ``_ROW`` as plain
    attributes (a foreign key as its ``…_id``), its plan and indicator as their objects (None without
    one); not a model instance (building one per target cost six times the query's reading of the rows)."""

    __slots__ = ("baseline", "baseline_year", "code", "comparator", "deadline", "deadline_year", "document",
                 "document_id", "id", "indicator", "indicator_id", "position", "responsible_unit_id", "text", "uid",
                 "unit_of_measure", "value", "value_max")

    def __init__(self, values: tuple[Any, ...], plans: dict[int, Document], indicators: dict[int, Indicator]) -> None:
        (self.id, self.position, self.comparator, self.value, self.value_max, self.deadline, self.deadline_year,
         self.baseline, self.baseline_year, self.unit_of_measure, self.document_id, self.indicator_id, self.uid,
         self.code, self.text, self.responsible_unit_id) = values  # in the order of _FIELDS
        self.document = plans[self.document_id]
        self.indicator = indicators[self.indicator_id] if self.indicator_id is not None else None

    @property
    def pk(self) -> int:
        return cast(int, self.id)

    @property
    def is_ratio(self) -> bool:  # ``Target.is_ratio``
        return bool(self.indicator and self.indicator.kind == IndicatorKind.RATIO)


def light_targets(qs: QuerySet[Target]) -> list[Any]:
    """The targets of ``qs`` (already restricted) with only what their status and light rows read
    (``LightTarget``), in the order of ``target_rows``; their plans and indicators read apart, one
    object each."""
    rows = list(qs.order_by("document__issued_date", "position", "id").values_list(*_FIELDS))
    at, ind = _FIELDS.index("document"), _FIELDS.index("indicator")
    plans = Document.objects.only(*_of("document")).in_bulk({r[at] for r in rows})
    ids = {r[ind] for r in rows} - {None}
    indicators = Indicator.objects.only(*_of("indicator")).in_bulk(ids) if ids else {}
    # a plan deleted in between: its targets with it (an indicator in use cannot be deleted: PROTECT)
    return [LightTarget(r, plans, indicators) for r in rows if r[at] in plans]


def target_light_rows(targets: list[Target], today: dt.date, unit: Unit | None = None, *,
                      stored: dict[int, list[tuple[dt.date, Any]]] | None = None,
                      units: dict[int, tuple[str, str, str]] | None = None) -> list[dict[str, Any]]:
    """``target_rows`` of ``light_targets`` without ``HEAVY_KEYS``: every other key has the same value
    (``tests/web/test_light_rows.py``), with each unit's path and each label read once. ``stored``:
    their ``status.stored_series`` for ``unit`` when the caller has it; ``units``: the
    ``tasks.unit_labels`` of their owners (``owner_ids``) when the caller has them."""
    from theodoi.web.selectors.tasks import unit_labels

    if units is None:
        units = unit_labels(owner_ids(targets))
    views: dict[str, facts.StatusView] = {}
    outlooks: dict[str, facts.StatusView] = {}
    rows = []
    for t, st in zip(targets, official.target_rows(targets, today, unit, stored=stored), strict=True):
        view = views.get(st.code) or views.setdefault(st.code, facts.target_view(st.code))
        fc = official.row_forecast(st, today)
        code = fc.outlook if fc else ""
        outlook = outlooks.get(code) or outlooks.setdefault(code, facts.outlook_view(code))
        rows.append({
            "code": t.code, "text": t.text,
            "comparator": t.comparator, "target_value": t.value, "target_max": t.value_max,
            "unit_of_measure": t.unit_of_measure,
            "latest_value": st.value, "period": st.period_key,
            "status": view.label, "status_code": st.code, "tone": view.tone,
            "responsible_path": units[t.responsible_unit_id][2] if t.responsible_unit_id else "",
            "issuer_path": units[t.document.issuer_id][2] if t.document.issuer_id else "",
            "deadline_year": t.deadline_year,
            "indicator_id": t.indicator_id, "indicator": t.indicator.name if t.indicator else "",
            "outlook": outlook.code, "outlook_label": outlook.label, "outlook_tone": outlook.tone,
            "forecast_value": fc.value if fc else None,
            "_series_len": len(st.series),
            "uid": str(t.uid), "_pk": t.pk,
        })
    return rows


def owner_ids(targets: list[Any]) -> list[int]:
    """The units a light row of each target names: its responsible unit and its plan's issuer."""
    return [u for t in targets for u in (t.responsible_unit_id, t.document.issuer_id) if u]


def _filtered(user: Any, q: str, plan_id: int | None, unit: Unit | None) -> QuerySet[Target]:
    qs = target_queryset(user)
    if plan_id:
        qs = qs.filter(document_id=plan_id)
    if unit is not None:
        qs = of_unit(qs, unit)
    return search(qs, q, ("code", "text", "unit_of_measure"))


def targets(user: Any, *, q: str = "", status: str = "", plan_id: int | None = None,
            unit: Unit | None = None, today: dt.date | None = None) -> list[dict[str, Any]]:
    rows = target_rows(user, _filtered(user, q, plan_id, unit), today, unit)
    return [r for r in rows if r["status_code"] == status] if status else rows




def target_list_rows(user: Any, *, q: str = "", status: str = "", plan_id: int | None = None,
                     unit: Unit | None = None, today: dt.date | None = None) -> LazyRows:
    """The rows of ``targets`` for a list that shows a page: the ids in their order from SQL, and,
    for a status filter, every target's status from its stored series (narrow queries) to keep
    those of that status; whole rows, judged, built only for the rows read (``LazyRows``). Without a
    status filter no target is judged but the page's: ``target_rows`` keeps every target it is
    given, one row each, in order (``tests/web/test_list_keys.py``)."""
    today = today or dt.date.today()
    qs = _filtered(user, q, plan_id, unit).order_by("document__issued_date", "position", "id")
    if status:
        light = list(qs.select_related("document", "indicator").only(*_LIGHT))
        keys = [st.target.pk for st in official.target_rows(light, today, unit) if st.code == status]
    else:
        keys = list(qs.values_list("pk", flat=True))

    def build(ids: list[int]) -> list[dict[str, Any]]:
        by_id = {r["_pk"]: r for r in target_rows(user, Target.objects.filter(pk__in=ids), today, unit)}
        return [by_id[pk] for pk in ids]

    return LazyRows(keys, build)
