"""Targets of a report and their figures, combined over the unit's subtree (a selector).

Targets of the plans issued within the subtree are grouped: by indicator when they
have one (so a province's row sums every commune's target of the same indicator),
otherwise by their topmost parent target in the subtree, otherwise alone. Only approved figures
up to the end of the period count, so a report of a past period does not change when
later figures arrive.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from theodoi.domain import aggregate as agg
from theodoi.domain.status import TARGET_LABELS, TargetFacts, target_code
from theodoi.domain.text import vi_sort_key
from theodoi.planning.models import Measurement, ReviewState, Target
from theodoi.planning.selectors.status import target_deadline, target_start
from theodoi.tenancy.models import Unit


def _s(value: Decimal | None) -> str | None:
    """Decimals travel as strings in the JSON snapshot (exact, no float rounding)."""
    if value is None:
        return None
    return format(value.quantize(Decimal("0.01")).normalize(), "f")


def _group_key(t: Target, by_id: dict[int, Target]) -> tuple[str, int]:
    if t.indicator_id:
        return ("indicator", t.indicator_id)
    top = t
    seen = {t.pk}
    while top.parent_id and top.parent_id in by_id and top.parent_id not in seen:
        top = by_id[top.parent_id]
        seen.add(top.pk)
    return ("target", top.pk)


def _bucket_of(unit_path: str, root: Unit, children: list[Unit]) -> Unit | None:
    """The direct child of ``root`` (or ``root`` itself) a figure's unit lies in; None outside the subtree."""
    for child in children:
        if unit_path.startswith(child.path):
            return child
    return root if unit_path.startswith(root.path) else None


def target_rows(unit: Unit, period: Any, since: Any = None) -> list[dict[str, Any]]:
    """One row per target group: combined figure, status, and a per-unit breakdown.

    The figures combine by ``domain.aggregate.value_at`` at the period's end (the target pages
    use the same function at today); ``since`` is not needed any more (a ``sum`` indicator's
    window is the reporting year of the period's end) and is kept for callers."""
    end = period.end
    targets = list(
        Target.objects.filter(document__issuer__path__startswith=unit.path, confidential=False,
                              document__confidential=False)
        .exclude(document__status="stub")
        .select_related("document", "indicator", "responsible_unit", "document__issuer")
        .order_by("document__issuer__path", "document_id", "position", "pk")
    )
    by_id = {t.pk: t for t in targets}
    groups: dict[tuple[str, int], list[Target]] = defaultdict(list)
    for t in targets:
        groups[_group_key(t, by_id)].append(t)
    figures = defaultdict(list)
    # Every approved figure of these targets counts, whoever sent it: the targets of a Party
    # committee's resolution are reported by the commune government, outside the committee's subtree.
    rows = (Measurement.objects.filter(target_id__in=list(by_id), state=ReviewState.APPROVED, period_end__lte=end)
            .values("target_id", "unit_id", "unit__path", "unit__name", "period_end", "value", "numerator",
                    "denominator"))
    unit_paths: dict[int, tuple[str, str]] = {}
    for r in rows:
        figures[r["target_id"]].append(agg.Figure(r["unit_id"], r["period_end"], r["value"], r["numerator"],
                                                  r["denominator"]))
        unit_paths[r["unit_id"]] = (r["unit__path"], r["unit__name"])
    children = sorted(Unit.objects.filter(parent=unit), key=lambda u: (u.position, vi_sort_key(u.name)))
    return [_row(unit, members, figures, unit_paths, children, period)
            for members in groups.values()]


def _row(unit, members, figures, unit_paths, children, period) -> dict[str, Any]:
    head = members[0]
    ind = head.indicator
    rule = agg.rule_of(head)
    figs = [f for t in members for f in figures.get(t.pk, [])]
    total = agg.value_at(figs, rule, period.end)
    trend = agg.series_to(figs, rule, period.end)
    facts = TargetFacts(comparator=head.comparator, goal=head.value, deadline=target_deadline(head),
                        series=tuple(trend), baseline=head.baseline, goal_max=head.value_max,
                        start=target_start(head))
    code = target_code(facts, period.end)
    buckets: dict[int, list] = defaultdict(list)
    names: dict[int, str] = {}
    for f in figs:
        path, name = unit_paths[f.unit_id]
        b = _bucket_of(path, unit, children)
        key = b.pk if b else f.unit_id
        buckets[key].append(f)
        names[key] = b.name if b else name
    breakdown = []
    for pk, items in buckets.items():
        c = agg.value_at(items, rule, period.end)
        breakdown.append({"unit": names[pk], "value": _s(c.value), "numerator": _s(c.numerator),
                          "denominator": _s(c.denominator)})
    breakdown.sort(key=lambda b: b["unit"] or "")
    issuer = head.document.issuer.name if head.document.issuer else head.document.issuer_name
    # without a responsible unit, the body that issued the plan follows its target
    lead = (head.responsible_unit.name if head.responsible_unit
            else (ind.lead_name if ind and ind.lead_name else "") or (issuer if len(members) == 1 else ""))
    return {
        "code": head.code or (ind.code if ind else ""),
        "text": ind.name if ind and len(members) > 1 else head.text,
        "issuer": issuer,
        "uom": head.unit_of_measure or (ind.unit_of_measure if ind else ""),
        "comparator": head.comparator, "goal": _s(head.value), "goal_max": _s(head.value_max),
        "value": _s(total.value), "numerator": _s(total.numerator), "denominator": _s(total.denominator),
        "ratio": total.numerator is not None,
        "aggregation": rule.label,
        "status_code": code.value, "status": TARGET_LABELS[code],
        "deadline": deadline.isoformat() if (deadline := target_deadline(head)) else None,
        "lead": lead, "targets": len(members), "breakdown": breakdown if len(breakdown) > 1 else [],
    }

