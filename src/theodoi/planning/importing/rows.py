"""Targets and tasks of an imported plan, merged with what people set by hand.

A re-import updates what the document states and never blanks or overwrites a value people
set: a field group (a task's deadline, lead unit, outputs; a target's value, deadline...) is
*hand-set* when a service marked it (``planning.services.handset``) or when its current value
differs from what the previous import read from the document. A hand-set group is kept; where
the new document states something else, that is a :class:`Conflict` the review page shows, and
the office's choice (``accept``: conflict keys) takes the document's value instead.

Items gone from the new document are marked (``not_in_document_since``), never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from theodoi.domain.deadlines import parse_deadline
from theodoi.planning.importing.indicators import parent_target, shared_indicator
from theodoi.planning.importing.matching import UnitMatcher
from theodoi.planning.models import (
    Document,
    Indicator,
    IndicatorKind,
    Target,
    Task,
    TimeAggregation,
    UnitAggregation,
)
from theodoi.planning.services.common import describe
from theodoi.planning.services.handset import clear_hand_set, hand_set_fields, mark_hand_set
from theodoi.tenancy.models import Unit

# Field groups a document states, each judged as one: a deadline is its text and its dates.
TASK_GROUPS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "deadline": ("deadline_text", "deadline_kind", "due_date", "start_date", "recurrence"),
    "lead": ("lead_unit", "lead_unit_name"),
    "coordinating": ("coordinating_units", "coordinating_text"),
    "outputs": ("outputs",),
}
# A many-to-many field of a group: its value is the sorted tuple of unit ids, set after the row is saved.
M2M = ("coordinating_units",)
TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    "section": ("section",),
    "area": ("area",),
    "value": ("comparator", "value", "value_max", "unit_of_measure"),
    "deadline": ("deadline_year", "deadline"),
}
GROUP_LABELS = {
    "title": _("Tên nhiệm vụ"), "deadline": _("Thời hạn"), "lead": _("Đơn vị chủ trì"),
    "coordinating": _("Đơn vị phối hợp"), "outputs": _("Sản phẩm"),
    "section": _("Mục"), "area": _("Lĩnh vực"), "value": _("Giá trị chỉ tiêu"),
}
# The fields compared to decide whether the document and the row say the same thing.
# (A lead or a coordinating unit the matcher cannot resolve names nobody known: it never contradicts
# a unit people chose.)
_COMPARED = {"deadline": ("deadline_text", "due_date"), "lead": ("lead_unit",),
             "coordinating": ("coordinating_units",)}
_DISPLAY = {"deadline": ("deadline_text", "due_date"), "lead": ("lead_unit", "lead_unit_name")}


@dataclass
class Conflict:
    """A hand-set value the new document contradicts: both are shown, the office chooses."""

    key: str  # "task:<code or title>:<group>" / "target:<text>:<group>", stable across the two steps
    kind: str  # "task" | "target"
    subject: str
    group: str
    current: str
    document: str
    row: Any = None

    @property
    def label(self) -> str:
        return str(GROUP_LABELS[self.group])


def decimal_of(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"Giá trị số không hợp lệ: {value!r}.") from None


# Set by the review page on the extraction it saves: its ``tasks`` already hold the appendix rows
# (as the office checked them, some perhaps dropped), so they are not added again.
EXPANDED = "appendix_expanded"


def task_items(extraction: dict | None) -> list[dict]:
    """The tasks a plan states, in order: the extraction's, and, where its tasks are an appendix's
    groups (``PL.I`` …), the appendix rows under each group as its sub-tasks with their lead unit,
    output and deadline (``extraction.tasks.appendix_subtasks``), unless the extraction says its
    tasks already hold them (:data:`EXPANDED`)."""
    from theodoi.extraction.tasks import appendix_subtasks

    items = [i for i in (extraction or {}).get("tasks") or [] if isinstance(i, dict)]
    groups = {i.get("code") for i in items if (i.get("code") or "").startswith("PL.")}
    rows = (extraction or {}).get("appendix_tasks") or []
    if not groups or not rows or (extraction or {}).get(EXPANDED):
        return items
    under: dict[str, list[dict]] = {}
    for sub in appendix_subtasks(rows):
        under.setdefault(sub["code"].rsplit(".", 1)[0], []).append(sub)
    return [x for i in items for x in (i, *under.get(i.get("code") or "", []))]


def task_key(item: dict) -> str:
    return (item.get("code") or "").strip() or (item.get("title") or "").strip()


def row_task_key(task: Task) -> str:
    return task.code or task.title


def lead_names(item: dict) -> list[str]:
    """The lead units a task states for itself (a block task's "Cơ quan chủ trì", an appendix row's
    lead column: ``lead_units``, co-leads included: "Sở A, Sở B chủ trì"), as written, in order."""
    names = item.get("lead_units") or []
    if isinstance(names, str):
        names = names.split(";")
    single = [n for n in (item.get("lead"), item.get("lead_unit")) if isinstance(n, str)]
    return list(dict.fromkeys(n.strip()[:255] for n in [*single, *names] if isinstance(n, str) and n.strip()))


def lead_name(item: dict) -> str:
    """The task's lead units as written, "; " between co-leads (``Task.lead_unit_name``)."""
    return "; ".join(lead_names(item))[:255]


def coordinating_names(item: dict) -> list[str]:
    """The coordinating units a task states for itself ("Cơ quan phối hợp", a row's column), as written."""
    names = item.get("coordinating_units") or []
    if isinstance(names, str):
        names = names.split(";")
    return list(dict.fromkeys(n.strip()[:255] for n in names if isinstance(n, str) and n.strip()))


def task_values(item: dict, matcher: UnitMatcher, issuer: Unit) -> dict[str, Any]:
    """What the document states about a task, as field values (a blank where it says nothing)."""
    deadline = parse_deadline(item.get("deadline") or "")
    leads = lead_names(item)
    # co-leads: the task's lead unit is the first the tree knows; every name stays as written
    lead_unit = next((u for n in leads if (u := matcher.match(n, near=issuer)) is not None), None)
    coordinating = coordinating_names(item)
    found = [matcher.match(n, near=issuer) for n in coordinating]
    return {
        "title": (item.get("title") or "").strip(),
        "deadline_text": (item.get("deadline") or "")[:120], "deadline_kind": deadline.kind,
        "due_date": deadline.due, "start_date": deadline.start, "recurrence": deadline.recurrence or "",
        "lead_unit": lead_unit, "lead_unit_name": lead_name(item),
        "coordinating_units": tuple(sorted({u.pk for u in found if u is not None})),
        "coordinating_text": "; ".join(coordinating),
        "outputs": item.get("outputs") or item.get("output") or "",
    }


def target_values(item: dict) -> dict[str, Any]:
    """What the document states about a target, as field values."""
    year = item.get("deadline_year")
    return {
        "section": (item.get("section") or "")[:40], "area": item.get("area") or "KHÁC",
        "comparator": item.get("comparator") or "", "value": decimal_of(item.get("value")),
        "value_max": decimal_of(item.get("value_max")), "unit_of_measure": (item.get("unit") or "")[:80],
        "deadline_year": year, "deadline": dt.date(year, 12, 31) if year else None,
    }


def _blank(values: dict[str, Any], fields: Iterable[str]) -> bool:
    return all(values.get(f) in (None, "", "none", ()) for f in fields)


def _same(a: dict[str, Any], b: dict[str, Any], fields: Iterable[str]) -> bool:
    def norm(v: Any) -> Any:
        if isinstance(v, Unit):
            return v.pk
        return "" if v is None else v
    return all(norm(a.get(f)) == norm(b.get(f)) for f in fields)


def _current(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {f: _units_of(row, f) if f in M2M else getattr(row, f) for f in fields}


def _units_of(row: Any, field: str) -> tuple[int, ...]:
    """A many-to-many field's value as the document's values are written: the sorted unit ids
    (read from the prefetched rows of :func:`task_merges`)."""
    return tuple(sorted(u.pk for u in getattr(row, field).all())) if row.pk else ()


def _shown(row: Any, values: dict[str, Any], group: str, fields: tuple[str, ...]) -> str:
    """The values of a group as a person reads them, set on a throw-away copy of ``row``."""
    if group == "coordinating":
        from theodoi.planning.selectors.texts import unit_label

        units = Unit.objects.filter(pk__in=values.get("coordinating_units") or ()).select_related("parent")
        named = "; ".join(sorted(unit_label(u) for u in units)) or values.get("coordinating_text") or "—"
        return f"{GROUP_LABELS[group]}: {named}"
    probe = type(row)()
    for f in fields:
        setattr(probe, f, values.get(f))
    return describe(probe, _DISPLAY.get(group, fields) if isinstance(row, Task) else fields)


@dataclass
class Merge:
    """What to write on one row: the document's values for the groups it may change."""

    apply: dict[str, Any]
    conflicts: list[Conflict]
    kept: list[str]  # groups kept as people set them (with or without a conflict)


def merge(row: Any, kind: str, key: str, subject: str, new: dict[str, Any], old: dict[str, Any] | None,
          groups: dict[str, tuple[str, ...]], accept: set[str] | None = None) -> Merge:
    """Decide, group by group, whether the document's ``new`` values replace the row's.

    ``old`` is what the previous import read from the document for this row (None when unknown).
    A hand-set group is kept; a contradiction of it is a Conflict unless its key is in ``accept``.
    A group the document is silent on never blanks a value people set.
    """
    out = Merge({}, [], [])
    if row.pk is None:  # a new row: everything comes from the document
        out.apply = {f: new[f] for fields in groups.values() for f in fields}
        return out
    hand = hand_set_fields(row)
    for group, fields in groups.items():
        cur = _current(row, fields)
        compared = _COMPARED.get(group, fields)
        marked = any(f in hand for f in fields)
        inferred = not _blank(cur, compared) and (not _same(cur, old, compared) if old is not None
                                                  else not _same(cur, new, compared))
        if not (marked or inferred):
            out.apply.update({f: new[f] for f in fields})
            continue
        if _blank(new, compared) or _same(cur, new, compared):
            out.kept.append(group)
            continue
        conflict = Conflict(f"{kind}:{key}:{group}", kind, subject, group, _shown(row, cur, group, fields),
                            _shown(row, new, group, fields), row)
        if accept is not None and conflict.key in accept:
            out.apply.update({f: new[f] for f in fields})
        else:
            out.conflicts.append(conflict)
            out.kept.append(group)
    return out


def _apply(row: Any, m: Merge, groups: dict[str, tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Set the merge's values on ``row``; returns the many-to-many ones, set once the row is saved."""
    links = {f: v for f, v in m.apply.items() if f in M2M}
    for f, v in m.apply.items():
        if f not in M2M:
            setattr(row, f, v)
    taken = [f for g, fields in groups.items() if g not in m.kept for f in fields]
    clear_hand_set(row, taken)
    hand = hand_set_fields(row)
    # a group kept because it differs from the document (set before marks existed) gets its mark now
    mark_hand_set(row, [f for g in m.kept if not hand.intersection(groups[g]) for f in groups[g]])
    return links


def _previous(extraction: dict | None, section: str, key_of: Any) -> dict[str, dict]:
    """The items of the previous extraction by their key (what the document said last time)."""
    items = (extraction or {}).get(section) or []
    return {key_of(i): i for i in items if isinstance(i, dict) and key_of(i)}


def _previous_tasks(extraction: dict | None) -> dict[str, dict]:
    return {task_key(i): i for i in task_items(extraction) if task_key(i)}


def _indicator_for(doc: Document, position: int, item: dict) -> Indicator | None:
    """A measurable indicator behind a numeric target: a ratio for %, a count otherwise.

    An existing indicator is shared when another plan (a national indicator of 03/NQ-CP,
    a neighbouring commune's plan) commits to the same outcome (importing.indicators).
    """
    if item.get("value") is None:
        return None
    unit = (item.get("unit") or "")[:80]
    is_pct = unit == "%"
    kind = IndicatorKind.RATIO if is_pct else IndicatorKind.COUNT
    shared = shared_indicator(item.get("text") or "", unit, kind, doc)
    if shared is not None:
        return shared
    code = f"{doc.number_key or str(doc.uid)[:8]}#{position + 1}"
    indicator, _created = Indicator.objects.update_or_create(
        code=code[:40],
        defaults={
            "name": item.get("text") or "",
            "kind": kind,
            "unit_of_measure": unit,
            "across_units": UnitAggregation.SUM,
            "across_time": TimeAggregation.LAST if is_pct else TimeAggregation.CUMULATIVE,
            "higher_is_better": item.get("comparator") not in ("<=", "<"),
        },
    )
    return indicator


def _target_key(item: dict) -> str:
    return (item.get("text") or "").strip()


def _task_parent_code(code: str, codes: set[str]) -> str | None:
    parts = code.split(".")
    while len(parts) > 1:
        parts = parts[:-1]
        candidate = ".".join(parts)
        if candidate in codes:
            return candidate
    return None


def target_merges(doc: Document, items: list[dict], previous: dict[str, dict],
                  accept: set[str] | None) -> list[tuple[int, dict, Target, Merge]]:
    """(position, item, row, merge) of every target the new document states (rows not saved)."""
    existing = {t.text: t for t in doc.targets.all()} if doc.pk else {}
    out = []
    for position, item in enumerate(items):
        text = _target_key(item)
        if not text:
            continue
        row = existing.pop(text, None) or Target(document=doc, text=text)
        old = target_values(previous[text]) if text in previous and row.pk else None
        out.append((position, item, row, merge(row, "target", text, text[:120], target_values(item), old,
                                               TARGET_GROUPS, accept)))
    return out


def task_merges(doc: Document, items: list[dict], previous: dict[str, dict], matcher: UnitMatcher,
                issuer: Unit, accept: set[str] | None) -> list[tuple[int, dict, Task, Merge]]:
    """(position, item, row, merge) of every task the new document states (rows not saved)."""
    existing = {row_task_key(t): t for t in doc.tasks.prefetch_related("coordinating_units")} if doc.pk else {}
    out = []
    for position, item in enumerate(items):
        key = task_key(item)
        if not (item.get("title") or "").strip():
            continue
        row = existing.pop(key, None) or Task(document=doc)
        old = task_values(previous[key], matcher, issuer) if key in previous and row.pk else None
        subject = f"{item.get('code') or ''} {item.get('title') or ''}".strip()[:120]
        out.append((position, item, row, merge(row, "task", key, subject, task_values(item, matcher, issuer), old,
                                               TASK_GROUPS, accept)))
    return out


def conflicts_of(doc: Document | None, extraction: dict, matcher: UnitMatcher, issuer: Unit) -> list[Conflict]:
    """The contradictions between hand-set values and a new extraction of ``doc`` (nothing written)."""
    if doc is None or doc.pk is None:
        return []
    out: list[Conflict] = []
    old = doc.extraction
    for *_rest, m in target_merges(doc, extraction.get("targets") or [], _previous(old, "targets", _target_key),
                                   None):
        out += m.conflicts
    for *_rest, m in task_merges(doc, task_items(extraction), _previous_tasks(old), matcher,
                                 issuer, None):
        out += m.conflicts
    return out


@dataclass
class Stored:
    """What storing the rows did: conflicts left as people set them, rows no longer in the document."""

    kept: dict[tuple[type, int], list[str]]
    conflicts: list[Conflict]
    gone: list[str]
    unresolved: list[str]


def store_rows(doc: Document, extraction: dict, previous: dict | None, matcher: UnitMatcher, issuer: Unit,
               accept: set[str] | None, today: dt.date) -> Stored:
    """Write the targets and tasks of ``extraction`` on ``doc`` (``previous``: the extraction before)."""
    result = Stored({}, [], [], [])
    prev_targets = _previous(previous, "targets", _target_key)
    prev_tasks = _previous_tasks(previous)
    seen: set[int] = set()
    for position, item, row, m in target_merges(doc, extraction.get("targets") or [], prev_targets, accept):
        _apply(row, m, TARGET_GROUPS)
        row.position, row.not_in_document_since = position, None
        row.save()
        if row.indicator_id is None:
            row.indicator = _indicator_for(doc, position, item)
            if row.indicator is not None and row.parent_id is None:
                row.parent = parent_target(row.indicator, doc)
            row.save(update_fields=["indicator", "parent"])
        seen.add(row.pk)
        _note(result, row, m)
    for stale in doc.targets.exclude(pk__in=seen).filter(not_in_document_since__isnull=True):
        stale.not_in_document_since = today
        stale.save(update_fields=["not_in_document_since"])
        result.gone.append(str(stale))
    items = task_items(extraction)
    codes: set[str] = {i["code"] for i in items if i.get("code")}
    by_code: dict[str, Task] = {}
    seen = set()
    for position, item, task, m in task_merges(doc, items, prev_tasks, matcher, issuer, accept):
        links = _apply(task, m, TASK_GROUPS)
        code = (item.get("code") or "").strip()[:40]
        task.code, task.position, task.not_in_document_since = code, position, None
        if "lead_unit_name" in m.apply:  # each lead (co-leads too) no unit matches is listed, never dropped
            result.unresolved += [n for n in lead_names(item) if matcher.match(n, near=issuer) is None]
        if "coordinating_text" in m.apply:  # named, not found: listed for the office, never dropped silently
            result.unresolved += [n for n in coordinating_names(item) if matcher.match(n, near=issuer) is None]
        parent = _task_parent_code(code, codes) if code else None
        task.parent = by_code.get(parent) if parent else None
        task.save()
        for name, pks in links.items():
            getattr(task, name).set(pks)
        if code:
            by_code[code] = task
        seen.add(task.pk)
        _note(result, task, m)
    for old_task in doc.tasks.exclude(pk__in=seen).filter(not_in_document_since__isnull=True):
        old_task.not_in_document_since = today
        old_task.save(update_fields=["not_in_document_since"])
        result.gone.append(str(old_task))
    return result


def _note(result: Stored, row: Any, m: Merge) -> None:
    if m.conflicts:
        result.kept[(type(row), row.pk)] = [c.label for c in m.conflicts]
    result.conflicts += m.conflicts
