"""One indicator followed down the cascade: from the national layer through the province to each
commune and the villages that report for it, and back up from any unit.

Every target of the plans that measure the same indicator (the importer shares indicators along
the cascade: ``planning.importing.indicators``) is one level of the trace, placed by its issuer:
the national layer first, then each unit under the one above it. Each level shows the target as
its plan wrote it, its latest approved value and status (``selectors.status.target_rows``, the
rule every page uses), and the units that reported figures for it with their latest approved
figure. A level without figures of its own shows what the levels under it add up to, by the
indicator's own rule (``domain.aggregate.value_at``, the function of the pages and reports).
Only what the reader may read is shown; how many
levels were left out for that reason is said.

The province's national KPI mapping (``exchange.models.KpiMapping``, kept on the KPI page of the
national export) joins what the indicators alone do not: a target mapped to a national KPI code
(itself, or through its indicator) brings onto the trace every target mapped to the same code and
every target of an indicator so mapped, even when the plans word it differently and the importer
gave it an indicator of its own. A target's own mapping wins over its indicator's; of two owners,
the nearer one to the target's issuer wins, as in the national export (``exchange.national``).
The mapping adds to the trace and never takes from it: each level names the KPI code it is
reported under.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from theodoi.domain import aggregate as agg
from theodoi.domain.text import fold
from theodoi.planning.models import Measurement, ReviewState, Target
from theodoi.planning.selectors.status import target_rows
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.tenancy.permissions import restrict

_NATIONAL = (UnitKind.NATION, UnitKind.MINISTRY)


@dataclass
class Reporter:
    unit: Unit
    name: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    period_key: str
    on_path: bool = False  # the unit the trace was asked from, or one of its ancestors

    @property
    def shown(self) -> Decimal | None:
        """The figure as a value: numerator/denominator as a percentage when both are given."""
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator
        return self.value


@dataclass
class Level:
    target: Target
    issuer: str
    plan: str
    depth: int
    value: Decimal | None
    period_key: str
    status_code: str
    status_label: str
    rolled_up: bool = False  # the value adds up the levels below (none of its own)
    rolled_from: int = 0
    reporters: list[Reporter] = field(default_factory=list)
    on_path: bool = False
    is_start: bool = False
    kpi_code: str = ""  # the national KPI code the level's target is mapped to


@dataclass
class Trace:
    start: Target
    indicator: Any
    levels: list[Level]
    hidden: int  # targets of the same indicator the reader may not read
    unit: Unit | None = None
    kpi_code: str = ""  # the national KPI the start target is mapped to ("" when none)
    kpi_name: str = ""


def _nearest(mappings: list[Any], t: Target) -> Any:
    """Of the mappings that apply to ``t`` (its own first, then its indicator's), the nearest owner's."""
    issuer = t.document.issuer
    issuer_path = issuer.path if issuer is not None else ""

    def key(m: Any) -> tuple[int, int]:
        own = 0 if m.target_id == t.pk else 1
        above = issuer_path.startswith(m.owner.path) if issuer_path else False
        return own, -m.owner.depth if above else 1

    mine = [m for m in mappings if m.target_id == t.pk or (t.indicator_id and m.indicator_id == t.indicator_id)]
    return min(mine, key=key) if mine else None


def _mappings_of(targets: list[Target]) -> list[Any]:
    """The KPI mappings of these targets or of their indicators (one query)."""
    from theodoi.exchange.models import KpiMapping  # exchange builds on planning: imported when used

    indicator_ids = {t.indicator_id for t in targets if t.indicator_id}
    return list(KpiMapping.objects.filter(Q(target__in=targets) | Q(indicator_id__in=indicator_ids))
                .select_related("owner"))


def _kpi_members(start: Target) -> tuple[str, str, list[Target]]:
    """(the KPI code of ``start``, its name, every target mapped to that code)."""
    from theodoi.exchange.models import KpiMapping  # exchange builds on planning: imported when used

    def maps(q: Q) -> list[Any]:
        return list(KpiMapping.objects.filter(q).select_related("owner"))

    first = maps(Q(target=start) | (Q(indicator_id=start.indicator_id) if start.indicator_id else Q(pk__in=[])))
    head = _nearest(first, start)
    if head is None:
        return "", "", []
    same = maps(Q(kpi_code=head.kpi_code))
    indicator_ids = {m.indicator_id for m in same if m.indicator_id}
    members = list(Target.objects.filter(Q(pk__in=[m.target_id for m in same if m.target_id])
                                         | Q(indicator_id__in=indicator_ids))
                   .select_related("document", "document__issuer"))
    # a target that has a mapping of its own (or whose indicator has one) to another code stays off
    others = _mappings_of(members)
    kept = [t for t in members if (m := _nearest(others, t)) is None or m.kpi_code == head.kpi_code]
    name = next((m.kpi_name for m in same if m.kpi_name), head.kpi_name)
    return head.kpi_code, name, kept


def _issuer_path(t: Target) -> str:
    issuer = t.document.issuer
    if issuer is None or issuer.kind in _NATIONAL:
        return ""  # the national layer: above every province
    return issuer.path


def _latest_figures(targets: list[Target], user: Any) -> dict[int, list[dict[str, Any]]]:
    """The latest approved figure of each (target, unit) the reader may read (one query)."""
    qs = restrict(Measurement.objects.filter(target__in=targets, state=ReviewState.APPROVED), user, "view")
    latest: dict[tuple[int, int], dict[str, Any]] = {}
    for m in qs.select_related("unit", "unit__parent").order_by("target_id", "unit_id", "-period_end"):
        latest.setdefault((m.target_id, m.unit_id), {
            "unit": m.unit, "value": m.value, "numerator": m.numerator, "denominator": m.denominator,
            "period_key": m.period_key, "period_end": m.period_end,
        })
    out: dict[int, list[dict[str, Any]]] = {}
    for (target_id, _unit), figure in latest.items():
        out.setdefault(target_id, []).append(figure)
    for figures in out.values():
        figures.sort(key=lambda f: (f["unit"].depth, fold(f["unit"].name)))
    return out


def trace(start: Target, user: Any, today: dt.date, unit: Unit | None = None) -> Trace:
    """The trace of ``start``'s indicator as ``user`` may read it; ``unit`` marks the way up."""
    kpi_code, kpi_name, mapped = _kpi_members(start)
    if start.indicator_id is None:
        candidates = [start]
    else:
        candidates = list(Target.objects.filter(indicator_id=start.indicator_id))
    more = {t.indicator_id for t in mapped if t.indicator_id} - {start.indicator_id}
    if more:  # the targets of an indicator mapped to the same KPI come along
        mapped += list(Target.objects.filter(indicator_id__in=more))
    seen = {t.pk for t in candidates}
    for t in mapped:
        if t.pk not in seen:
            seen.add(t.pk)
            candidates.append(t)
    readable = list(restrict(Target.objects.filter(pk__in=[t.pk for t in candidates]), user, "view")
                    .select_related("document", "document__issuer", "indicator", "responsible_unit"))
    readable.sort(key=lambda t: (_issuer_path(t).count("/"), _issuer_path(t), t.document.issued_date or dt.date.min,
                                 t.position, t.pk))
    rows = {r.target.pk: r for r in target_rows(readable, today)}
    figures = _latest_figures(readable, user)
    path = unit.path if unit is not None else ""
    level_maps = _mappings_of(readable)
    levels: list[Level] = []
    for t in readable:
        issuer_path = _issuer_path(t)
        # depth: how many readable levels stand above this one in the tree of issuers
        depth = len({_issuer_path(o) for o in readable
                     if _issuer_path(o) != issuer_path and issuer_path.startswith(_issuer_path(o))})
        row = rows[t.pk]
        reporters = [Reporter(f["unit"], unit_label(f["unit"]), f["value"], f["numerator"], f["denominator"],
                              f["period_key"], on_path=bool(path) and path.startswith(f["unit"].path))
                     for f in figures.get(t.pk, [])]
        issuer = t.document.issuer
        levels.append(Level(
            target=t, issuer=unit_label(issuer) if issuer else t.document.issuer_name,
            plan=t.document.number or t.document.title, depth=depth, value=row.value,
            period_key=row.period_key, status_code=row.code, status_label=str(row.label), reporters=reporters,
            on_path=bool(path) and (issuer_path == "" or path.startswith(issuer_path)), is_start=t.pk == start.pk,
            kpi_code=m.kpi_code if (m := _nearest(level_maps, t)) is not None else "",
        ))
    _roll_up(levels, figures)
    return Trace(start=start, indicator=start.indicator, levels=levels, hidden=len(candidates) - len(readable),
                 unit=unit, kpi_code=kpi_code, kpi_name=kpi_name)


def _roll_up(levels: list[Level], figures: dict[int, list[dict[str, Any]]]) -> None:
    """A level with no figure of its own: the levels below it combined at their latest period, each
    unit with its latest figure (``domain.aggregate.value_at`` with the level's rule)."""
    for level in levels:
        if level.value is not None:
            continue
        mine = _issuer_path(level.target)
        below = [f for other in levels if other is not level and other.depth > level.depth
                 and _issuer_path(other.target).startswith(mine) for f in figures.get(other.target.pk, [])]
        if not below:
            continue
        last = max(f["period_end"] for f in below)
        combined = agg.value_at([agg.Figure(f["unit"].pk, f["period_end"], f["value"], f["numerator"],
                                            f["denominator"]) for f in below], agg.rule_of(level.target), last)
        level.value = combined.value
        if level.value is not None:
            level.rolled_up, level.rolled_from = True, combined.units
            level.period_key = next(f["period_key"] for f in below if f["period_end"] == last)


def as_json(t: Trace) -> dict[str, Any]:
    """The JSON twin of the trace page."""
    def num(v: Decimal | None) -> str | None:
        return None if v is None else format(v.normalize(), "f")

    return {
        "indicator": {"code": t.indicator.code, "name": t.indicator.name} if t.indicator else None,
        "kpi": {"code": t.kpi_code, "name": t.kpi_name} if t.kpi_code else None,
        "start": str(t.start.uid), "unit": t.unit.slug if t.unit else None, "hidden": t.hidden,
        "levels": [{
            "target": str(lv.target.uid), "text": lv.target.text, "kpi_code": lv.kpi_code or None,
            "plan": lv.plan, "issuer": lv.issuer,
            "depth": lv.depth, "comparator": lv.target.comparator, "goal": num(lv.target.value),
            "goal_max": num(lv.target.value_max), "unit_of_measure": lv.target.unit_of_measure,
            "value": num(lv.value), "period": lv.period_key, "status": lv.status_code,
            "rolled_up": lv.rolled_up, "on_path": lv.on_path,
            "reporters": [{"unit": r.unit.slug, "name": r.name, "value": num(r.value),
                           "numerator": num(r.numerator), "denominator": num(r.denominator),
                           "period": r.period_key, "on_path": r.on_path} for r in lv.reporters],
        } for lv in t.levels],
    }
