"""A unit's report in the national system's shape ("Hệ thống 57"): a section tree and KPI values.

The central system's report templates are trees of indexed sections (id, code, parent id,
order, HTML content); a unit fills the leaves. ``build`` fills the tree of the template file
(``data/national_template.json`` or ``THEODOI_NATIONAL_TEMPLATE``) from the unit's report
narrative — the report as edited if there is one, the drafted narrative otherwise — and
adds the unit's indicators under the national KPI codes the province mapped
(``KpiMapping``), combined over the unit's subtree with the indicator's declared rule
(``domain.aggregate``: Σ numerators / Σ denominators for ratios), approved figures only.
``validate`` checks the shape before anything is written or sent.
"""

from __future__ import annotations

import html
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone

from theodoi.domain import aggregate as agg
from theodoi.exchange.models import KpiMapping
from theodoi.planning.models import Measurement, ReviewState, Target
from theodoi.tenancy.models import Unit

SCHEMA = "theodoi.national-report/1"
DEFAULT_TEMPLATE = Path(__file__).with_name("data") / "national_template.json"


def template() -> dict[str, Any]:
    from django.conf import settings

    path = settings.THEODOI_NATIONAL_TEMPLATE or DEFAULT_TEMPLATE
    return json.loads(Path(path).read_text(encoding="utf-8"))


def to_html(text: str) -> str:
    """Plain report text as the HTML the central system keeps: a paragraph per line, escaped."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def _flatten(nodes: list[dict[str, Any]], narrative: dict[str, str], parent: str | None,
             out: list[dict[str, Any]]) -> None:
    for order, node in enumerate(nodes, start=1):
        children = node.get("children") or []
        content = ""
        if not children:
            texts = [narrative.get(k, "") for k in node.get("sources") or []]
            content = "".join(to_html(t) for t in texts if t and t.strip())
        out.append({"id": node["code"], "code": node["code"], "parent_id": parent, "order": order,
                    "title": node["title"], "leaf": not children, "content": content})
        _flatten(children, narrative, node["code"], out)


def _narrative(unit: Unit, kind: str, period: Any) -> tuple[dict[str, str], dict[str, Any] | None]:
    from theodoi.reporting import data, draft
    from theodoi.reporting.models import Report
    from theodoi.reporting.services import current_data

    report = Report.objects.filter(unit=unit, kind=kind, period_key=period.key).first()
    if report is not None:
        snap = current_data(report)
        narrative = draft.clean(report.narrative, snap)
        return narrative, {"uid": str(report.uid), "version": report.version, "state": report.state,
                           "sha256": report.sha256 or None}
    return draft.default_narrative(data.gather(unit, kind, period)), None


def _official_code(unit: Unit, day: Any) -> str:
    """The unit's official (GSO) code in force on ``day`` ('' when it has none)."""
    codes = unit.codes.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("-valid_from")
    first = codes.first()
    return first.code if first else ""


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(Decimal("0.01")).normalize(), "f")


def mappings_for(unit: Unit) -> list[KpiMapping]:
    """The KPI mappings that apply to ``unit``: kept by the unit or a unit above it (the nearest wins)."""
    ancestors = [int(p) for p in unit.path.strip("/").split("/") if p]
    rows = (KpiMapping.objects.filter(owner_id__in=ancestors)
            .select_related("owner", "indicator", "target", "target__indicator").order_by("-owner__depth"))
    chosen: dict[tuple[str, int], KpiMapping] = {}
    for m in rows:
        key = ("i", m.indicator_id) if m.indicator_id else ("t", m.target_id or 0)
        chosen.setdefault(key, m)
    return list(chosen.values())


def indicators(unit: Unit, period: Any) -> tuple[list[dict[str, Any]], int]:
    """(the mapped KPI values of ``unit``'s subtree at the period's end, how many targets have no KPI)."""
    targets = list(Target.objects.filter(document__issuer__path__startswith=unit.path, confidential=False,
                                         document__confidential=False)
                   .exclude(document__status="stub").select_related("indicator"))
    targets += [t for t in Target.objects.filter(responsible_unit__path__startswith=unit.path, confidential=False)
                .select_related("indicator") if t.pk not in {x.pk for x in targets}]
    maps = mappings_for(unit)
    by_indicator = {m.indicator_id: m for m in maps if m.indicator_id}
    by_target = {m.target_id: m for m in maps if m.target_id}
    groups: dict[int, tuple[KpiMapping, list[Target]]] = {}
    unmapped = 0
    for t in targets:
        m = by_target.get(t.pk) or (by_indicator.get(t.indicator_id) if t.indicator_id else None)
        if m is None:
            unmapped += 1
            continue
        groups.setdefault(m.pk, (m, []))[1].append(t)
    ids = [t.pk for _m, ts in groups.values() for t in ts]
    figures: dict[int, list[agg.Figure]] = {}
    for r in (Measurement.objects.filter(target_id__in=ids, state=ReviewState.APPROVED, period_end__lte=period.end)
              .filter(Q(unit__path__startswith=unit.path) | Q(target__responsible_unit__path__startswith=unit.path))
              .values("target_id", "unit_id", "period_end", "value", "numerator", "denominator")):
        figures.setdefault(r["target_id"], []).append(
            agg.Figure(r["unit_id"], r["period_end"], r["value"], r["numerator"], r["denominator"]))
    out: list[dict[str, Any]] = []
    for m, members in groups.values():
        head = members[0]
        rule = agg.rule_of(head)
        combined = agg.value_at([f for t in members for f in figures.get(t.pk, [])], rule, period.end)
        out.append({
            "kpi_code": m.kpi_code, "kpi_name": m.kpi_name, "unit_of_measure": head.unit_of_measure,
            "value": _s(combined.value), "numerator": _s(combined.numerator),
            "denominator": _s(combined.denominator), "units_reporting": combined.units,
            "targets": sorted(str(t.uid) for t in members),
        })
    out.sort(key=lambda r: str(r["kpi_code"]))
    return out, unmapped


def build(unit: Unit, period_key: str, kind: str = "monthly", grant_id: str = "") -> dict[str, Any]:
    """The national-shape payload of ``unit``'s report for a period (ValueError for a bad period)."""
    from theodoi.reporting import periods as report_periods

    period = report_periods.parse(kind, period_key)
    narrative, report = _narrative(unit, kind, period)
    tpl = template()
    sections: list[dict[str, Any]] = []
    _flatten(tpl["sections"], narrative, None, sections)
    kpis, unmapped = indicators(unit, period)
    return {
        "schema": SCHEMA,
        "template": {"code": tpl.get("code", ""), "title": tpl.get("title", "")},
        "grant_id": grant_id,
        "unit": {"slug": unit.slug, "name": unit.name, "code": _official_code(unit, period.end)},
        "period": {"kind": kind, "key": period.key, "start": period.start.isoformat(),
                   "end": period.end.isoformat(), "label": period.words_vi},
        "report": report,
        "sections": sections,
        "indicators": kpis,
        "unmapped_targets": unmapped,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def validate(payload: dict[str, Any]) -> list[str]:
    """What is wrong with a payload's shape (empty list: nothing)."""
    problems = []
    if payload.get("schema") != SCHEMA:
        problems.append("schema")
    sections = payload.get("sections")
    if not isinstance(sections, list) or not sections:
        return [*problems, "sections: a non-empty list is needed"]
    ids = set()
    for i, s in enumerate(sections):
        for key, kind in (("id", str), ("code", str), ("order", int), ("content", str), ("title", str)):
            if not isinstance(s.get(key), kind):
                problems.append(f"sections[{i}].{key}")
        if s.get("parent_id") is not None and s.get("parent_id") not in ids:
            problems.append(f"sections[{i}].parent_id: unknown or after its child")
        if s.get("id") in ids:
            problems.append(f"sections[{i}].id: repeated")
        ids.add(s.get("id"))
    for i, k in enumerate(payload.get("indicators") or []):
        if not k.get("kpi_code"):
            problems.append(f"indicators[{i}].kpi_code")
        for key in ("value", "numerator", "denominator"):
            if k.get(key) is not None:
                try:
                    Decimal(k[key])
                except ArithmeticError:
                    problems.append(f"indicators[{i}].{key}")
    return problems
