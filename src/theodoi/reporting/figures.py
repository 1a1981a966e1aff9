"""Targets of a report and their figures, combined over the unit's subtree (a selector).

Targets of the plans issued within the report's scope (``reporting.lines.Scope``: the unit,
the units reporting to it, on its side of the line) are grouped: by indicator and goal when
they have one (a province's row sums the communes that set the same goal; a commune with
another goal keeps its own row), otherwise by their topmost parent target, otherwise alone. Only approved figures
up to the end of the period count, so a report of a past period does not change when
later figures arrive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Q

from theodoi.domain import aggregate as agg
from theodoi.domain.checks import figure_contradictions
from theodoi.domain.status import TARGET_LABELS, target_code
from theodoi.domain.text import of_place
from theodoi.planning.models import Measurement, ReviewState, Target
from theodoi.planning.selectors.status import PLAN_TEXT, target_deadline, target_facts
from theodoi.tenancy.models import Unit


def _s(value: Decimal | None, places: int | None = 2) -> str | None:
    """Decimals travel as strings in the JSON snapshot (exact, no float rounding). A computed ratio is
    kept to ``places`` decimals; a figure as written (``places`` None) keeps every decimal it has."""
    if value is None:
        return None
    d = Decimal(value)
    if places is not None and d.as_tuple().exponent < -places:  # type: ignore[operator]  # int for finite
        d = d.quantize(Decimal(1).scaleb(-places))
    return format(d.normalize(), "f")


def _places(*values: Decimal | None) -> int:
    """The decimals the plan wrote its goal with (HDI "0,623" has three), at least two."""
    out = 2
    for v in values:
        if v is not None and v == v and Decimal(v).as_tuple().exponent < 0:  # type: ignore[operator]
            out = max(out, -int(Decimal(v).normalize().as_tuple().exponent))
    return out


def _group_key(t: Target, by_id: dict[int, Target]) -> tuple[Any, ...]:
    """Targets of one indicator share a row only when they set the same goal: each unit's own target
    value is never merged into another's (Phong Thổ's 95 % and Bum Nưa's 100 % are two rows)."""
    if t.indicator_id:
        return ("indicator", t.indicator_id, t.comparator or ">=", _s(t.value, None), _s(t.value_max, None),
                t.deadline_year)
    top = t
    seen = {t.pk}
    while top.parent_id and top.parent_id in by_id and top.parent_id not in seen:
        top = by_id[top.parent_id]
        seen.add(top.pk)
    return ("target", top.pk)


def _flagged(m: Mapping[str, Any], target: Target) -> list[Any]:
    """Why an approved figure contradicts itself (``domain.checks``: 252/240, a rate above 100 %)."""
    return figure_contradictions(value=m["value"], numerator=m["numerator"], denominator=m["denominator"],
                                 percent_unit=target.unit_of_measure.strip() == "%" or target.is_ratio,
                                 cumulative=False, prev_value=None)


def target_rows(scope: Any, period: Any, flagged: list[dict[str, Any]] | None = None,
                received: list[Any] | None = None, used: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One row per target group of the plans issued in ``scope`` (``reporting.lines.Scope``, or a unit).

    ``received`` (``reporting.received``): a sender whose signed report froze its figures counts with
    those, for the units of its subtree, instead of today's figures there (a figure approved after it
    signed waits for its next report). ``used`` collects every figure the rows were computed from, as
    the report freezes them (``data["figures"]``) for its own recipient.

    Figures combine by ``domain.aggregate.standing`` at the period's end, exactly as the target pages
    do (one rule: the report never drops a figure the page counts). A counted figure the system
    flags as contradicting itself (``domain.checks``: 252/240) is listed in the row's ``flagged``
    and in ``flagged`` (target, unit, period, figure, reasons), so the report footnotes it."""
    if isinstance(scope, Unit):
        from theodoi.reporting.lines import scope_of

        scope = scope_of(scope, "monthly", period)
    end = period.end
    from theodoi.reporting.lines import in_plan_order

    # the first target of a group heads its row (text, lead): the order must not depend on the engine
    targets = in_plan_order(list(
        Target.objects.filter(scope.issuer_q(), confidential=False, document__confidential=False)
        .exclude(document__status="stub")
        .filter(Q(document__issued_date__isnull=True) | Q(document__issued_date__lte=end))
        .select_related("document", "indicator", "responsible_unit", "document__issuer").defer(*PLAN_TEXT)
    ))
    by_id = {t.pk: t for t in targets}
    groups: dict[tuple[Any, ...], list[Target]] = defaultdict(list)
    for t in targets:
        groups[_group_key(t, by_id)].append(t)
    figures = defaultdict(list)
    # Every approved figure of these targets counts, whoever sent it: the targets of a Party
    # committee's resolution are reported by the commune government, outside the committee's subtree.
    approved = (Measurement.objects.filter(target_id__in=list(by_id), state=ReviewState.APPROVED, period_end__lte=end)
                .order_by("period_end", "pk"))
    rows: list[dict[str, Any]] = [dict(r) for r in approved
                .values("id", "target_id", "unit_id", "unit__path", "unit__name", "unit__kind", "unit__parent__name",
                        "period_key", "period_end", "value", "numerator", "denominator")]
    rows = _with_received(rows, targets, received or [], end)
    if used is not None:
        uids = {t.pk: str(t.uid) for t in targets}
        used.extend({"id": r["id"], "target": uids[r["target_id"]], "unit_id": r["unit_id"],
                     "period_key": r["period_key"], "end": r["period_end"].isoformat(), "value": _s(r["value"], None),
                     "numerator": _s(r["numerator"], None), "denominator": _s(r["denominator"], None)} for r in rows)
    unit_paths: dict[int, tuple[str, str]] = {}
    flags: dict[int, list[dict[str, Any]]] = defaultdict(list)
    newest: dict[tuple[int, int], Any] = {}  # each unit's latest period end per target: only its figures are flagged
    for r in rows:
        key = (r["target_id"], r["unit_id"])
        newest[key] = max(newest.get(key, r["period_end"]), r["period_end"])
    for r in rows:
        reasons = _flagged(r, by_id[r["target_id"]]) if r["period_end"] == newest[r["target_id"], r["unit_id"]] else []
        if reasons:
            flags[r["target_id"]].append({
                "target": by_id[r["target_id"]].text.rstrip(".;: "), "unit": _unit_label(r),
                "unit_id": r["unit_id"], "end": r["period_end"], "period": _period_label(r["period_key"]),
                "figure": _figure_text(r), "reasons": "; ".join(str(x) for x in reasons)})
        figures[r["target_id"]].append(agg.Figure(r["unit_id"], r["period_end"], r["value"], r["numerator"],
                                                  r["denominator"]))
        unit_paths[r["unit_id"]] = (r["unit__path"], r["unit__name"])
    # senders of their own report whose figures here are the live ones (nothing received, or nothing frozen)
    live = {r.unit.pk for r in received or [] if r.via != "exchange" and not r.frozen}
    out = []
    where: dict[int, tuple[int, str]] = {}  # each unit's bucket in the scope (key, name)
    for members in groups.values():
        row = _row(scope, members, figures, unit_paths, period, live, where)
        # a flagged figure matters while it is its unit's latest (the one "last" counts); older ones are history
        row["flagged"] = []
        for t in members:
            latest: dict[int, Any] = {}
            for f in figures.get(t.pk, []):
                latest[f.unit_id] = max(latest.get(f.unit_id, f.period_end), f.period_end)
            row["flagged"] += [{k: v for k, v in f.items() if k not in ("unit_id", "end")}
                               for f in flags.get(t.pk, []) if latest.get(f["unit_id"]) == f["end"]]
        if flagged is not None:
            flagged.extend(row["flagged"])
        out.append(row)
    return out


def _with_received(rows: list[dict[str, Any]], targets: list[Target], received: list[Any],
                   end: Any) -> list[dict[str, Any]]:
    """The live figure rows, with those of each sender that froze its figures replaced by the frozen ones."""
    import datetime as dt

    frozen = [r for r in received if r.frozen]
    if not frozen:
        return rows
    roots = [r.unit.path for r in frozen]
    kept = [r for r in rows if not any(r["unit__path"].startswith(p) for p in roots)]
    by_uid = {str(t.uid): t.pk for t in targets}
    wanted = [(f, r.unit.path) for r in frozen for f in r.figures]
    units = {u["id"]: u for u in Unit.objects.filter(pk__in={f["unit_id"] for f, _ in wanted})
             .values("id", "path", "name", "kind", "parent__name")}
    for f, root in wanted:
        u = units.get(f.get("unit_id"))
        target_id = by_uid.get(f.get("target"))
        day = dt.date.fromisoformat(f["end"])
        if u is None or target_id is None or not u["path"].startswith(root) or day > end:
            continue  # a unit since removed, a target this report does not cover, outside the sender's tree
        kept.append({"id": f.get("id"), "target_id": target_id, "unit_id": u["id"], "unit__path": u["path"],
                     "unit__name": u["name"], "unit__kind": u["kind"], "unit__parent__name": u["parent__name"],
                     "period_key": f["period_key"], "period_end": day, "value": _decimal(f.get("value")),
                     "numerator": _decimal(f.get("numerator")), "denominator": _decimal(f.get("denominator"))})
    return sorted(kept, key=lambda r: (r["period_end"], r["id"] or 0))


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _unit_label(r: Mapping[str, Any]) -> str:
    """A village is named with its commune ("Bản 4 xã Phong Thổ", ``domain.text.of_place`` as on every
    page): every commune has a "Bản 4"."""
    if r["unit__kind"] == "village" and r["unit__parent__name"]:
        return of_place(r["unit__name"], r["unit__parent__name"])
    return r["unit__name"]


def _period_label(key: str) -> str:
    from theodoi.domain.periods import Period

    try:
        return Period.parse(key).label(sentence=True)
    except (ValueError, KeyError):
        return key


def _figure_text(r: Mapping[str, Any]) -> str:
    from theodoi.domain.numbers import format_number

    if r["numerator"] is not None and r["denominator"] is not None:
        return f"{format_number(r['numerator'])}/{format_number(r['denominator'])}"
    return format_number(r["value"], 4) if r["value"] is not None else ""


def _lead(head: Target, members: list[Target], ind: Any) -> str:
    """Who follows the target: its responsible unit, else the body whose plan set it. An indicator's
    national lead (a ministry) is named only for a national target, never for a commune's."""
    if head.responsible_unit:
        return head.responsible_unit.name
    issuers = {t.document.issuer.name if t.document.issuer else t.document.issuer_name for t in members}
    issuer = head.document.issuer
    if ind and ind.lead_name and issuer is not None and issuer.kind in ("nation", "ministry"):
        return ind.lead_name
    return ", ".join(sorted(i for i in issuers if i)) if len(issuers) <= 3 else ""


def _row(scope, members, figures, unit_paths, period, live: set[int] | frozenset[int] = frozenset(),
         where: dict[int, tuple[int, str]] | None = None) -> dict[str, Any]:
    head = members[0]
    ind = head.indicator
    rule = agg.rule_of(head)
    figs = [f for t in members for f in figures.get(t.pk, [])]
    st = agg.standing(figs, rule, period.end)
    total = st.current
    code = target_code(target_facts(head, st), period.end)
    buckets: dict[int, list] = defaultdict(list)
    names: dict[int, str] = {}
    where = {} if where is None else where
    for f in figs:
        if f.unit_id not in where:
            path, name = unit_paths[f.unit_id]
            b = scope.member_of(path)
            where[f.unit_id] = ((b.pk, b.name) if b else (scope.unit.pk, scope.unit.name) if scope.contains(path)
                                else (f.unit_id, name))
        key, label = where[f.unit_id]
        names[key] = label
        buckets[key].append(f)
    places = _places(head.value, head.value_max, *(f.value for f in figs if rule.time_how != "sum"))
    ratio_places = 2
    breakdown = []
    for pk, items in buckets.items():
        c = agg.value_at(items, rule, period.end)
        breakdown.append({"unit": names[pk], "value": _s(c.value, ratio_places if c.numerator is not None else places),
                          "numerator": _s(c.numerator), "denominator": _s(c.denominator), "live": pk in live})
    breakdown.sort(key=lambda b: b["unit"] or "")
    issuer = head.document.issuer.name if head.document.issuer else head.document.issuer_name
    issuers = sorted({t.document.issuer.name if t.document.issuer else t.document.issuer_name for t in members})
    text = head.text
    if ind and len(members) > 1:
        text = ind.name if len(issuers) > 1 else head.text
    return {
        "code": head.code or (ind.code if ind else ""),
        "text": text,
        "issuer": issuer, "issuers": issuers,
        "uom": head.unit_of_measure or (ind.unit_of_measure if ind else ""),
        "comparator": head.comparator, "goal": _s(head.value, None), "goal_max": _s(head.value_max, None),
        "value": _s(total.value, ratio_places if total.numerator is not None else places),
        "numerator": _s(total.numerator), "denominator": _s(total.denominator),
        "places": places,
        "ratio": total.numerator is not None,
        "aggregation": rule.label,
        "status_code": code.value, "status": TARGET_LABELS[code],
        "deadline": deadline.isoformat() if (deadline := target_deadline(head)) else None,
        "lead": _lead(head, members, ind), "targets": len(members),
        "breakdown": breakdown if len(breakdown) > 1 else [],
    }
