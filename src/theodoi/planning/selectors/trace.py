"""One indicator followed down the cascade: from the national layer through the province to each
commune and the villages that report for it, and back up from any unit.

Every target of the plans that measure the same indicator (the importer shares indicators along
the cascade: ``planning.importing.indicators``) is one level of the trace, placed by its issuer:
the national layer first, then each unit under the one above it. Each level shows the target as
its plan wrote it, its latest approved value and status (``selectors.status.target_rows``, the
rule every page uses), and the units that reported figures for it with their latest approved
figure. A level without figures of its own shows what the levels under it add up to, by the
indicator's own rule (``status.aggregate``). Only what the reader may read is shown; how many
levels were left out for that reason is said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from theodoi.domain.text import fold
from theodoi.planning.models import Measurement, ReviewState, Target
from theodoi.planning.selectors.status import aggregate, target_rows
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


@dataclass
class Trace:
    start: Target
    indicator: Any
    levels: list[Level]
    hidden: int  # targets of the same indicator the reader may not read
    unit: Unit | None = None


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
    if start.indicator_id is None:
        candidates = [start]
    else:
        candidates = list(Target.objects.filter(indicator_id=start.indicator_id))
    readable = list(restrict(Target.objects.filter(pk__in=[t.pk for t in candidates]), user, "view")
                    .select_related("document", "document__issuer", "indicator", "responsible_unit"))
    readable.sort(key=lambda t: (_issuer_path(t).count("/"), _issuer_path(t), t.document.issued_date or dt.date.min,
                                 t.position, t.pk))
    rows = {r.target.pk: r for r in target_rows(readable, today)}
    figures = _latest_figures(readable, user)
    path = unit.path if unit is not None else ""
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
        ))
    _roll_up(levels, figures)
    return Trace(start=start, indicator=start.indicator, levels=levels, hidden=len(candidates) - len(readable),
                 unit=unit)


def _roll_up(levels: list[Level], figures: dict[int, list[dict[str, Any]]]) -> None:
    """A level with no figure of its own: its latest period added up from the levels below it."""
    for level in levels:
        if level.value is not None:
            continue
        mine = _issuer_path(level.target)
        below = [f for other in levels if other is not level and other.depth > level.depth
                 and _issuer_path(other.target).startswith(mine) for f in figures.get(other.target.pk, [])]
        if not below:
            continue
        last = max(f["period_end"] for f in below)
        latest = [f for f in below if f["period_end"] == last]
        level.value = aggregate(level.target, latest)
        if level.value is not None:
            level.rolled_up, level.rolled_from = True, len(latest)
            level.period_key = latest[0]["period_key"]


def as_json(t: Trace) -> dict[str, Any]:
    """The JSON twin of the trace page."""
    def num(v: Decimal | None) -> str | None:
        return None if v is None else format(v.normalize(), "f")

    return {
        "indicator": {"code": t.indicator.code, "name": t.indicator.name} if t.indicator else None,
        "start": str(t.start.uid), "unit": t.unit.slug if t.unit else None, "hidden": t.hidden,
        "levels": [{
            "target": str(lv.target.uid), "text": lv.target.text, "plan": lv.plan, "issuer": lv.issuer,
            "depth": lv.depth, "comparator": lv.target.comparator, "goal": num(lv.target.value),
            "goal_max": num(lv.target.value_max), "unit_of_measure": lv.target.unit_of_measure,
            "value": num(lv.value), "period": lv.period_key, "status": lv.status_code,
            "rolled_up": lv.rolled_up, "on_path": lv.on_path,
            "reporters": [{"unit": r.unit.slug, "name": r.name, "value": num(r.value),
                           "numerator": num(r.numerator), "denominator": num(r.denominator),
                           "period": r.period_key, "on_path": r.on_path} for r in lv.reporters],
        } for lv in t.levels],
    }
