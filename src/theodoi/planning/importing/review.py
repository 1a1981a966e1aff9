"""What the review page lists before an import is confirmed: every item the plan states, how sure
the extractor is of each, and the unit names the tree does not know.

The page lists the items :func:`~theodoi.planning.importing.service.import_plan` would store, not
only the schema's: the tasks include the rows of an appendix table stored as sub-tasks
(``rows.task_items``), each with a confidence (the extractor's for the schema's items,
``extraction.confidence.task`` for an appendix row). Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from theodoi.extraction import confidence
from theodoi.extraction.confidence import UNSURE
from theodoi.planning.importing.matching import UnitMatcher
from theodoi.planning.importing.rows import coordinating_names, lead_names, task_items
from theodoi.tenancy.models import Unit


def tasks_of(extraction: dict) -> list[dict]:
    """The tasks an import stores, in the document's order, each with ``confidence``: the
    schema's tasks with the extractor's number, an appendix row stored as a sub-task with the
    confidence of a task read from an appendix table."""
    schema = {id(t): i for i, t in enumerate(extraction.get("tasks") or [])}
    sure = (extraction.get("confidence") or {}).get("tasks") or []
    kind = (extraction.get("source") or {}).get("kind") or "txt"
    out = []
    for item in task_items(extraction):
        at = schema.get(id(item))
        if at is None:  # a row of the appendix, stored as a sub-task
            c: float | None = confidence.task(item, kind, from_appendix=True)
        else:
            c = sure[at] if at < len(sure) else None
        out.append({**item, "confidence": c})
    return out


def items_of(extraction: dict) -> dict[str, list[dict]]:
    """Every part's items with their ``confidence`` (None where the extraction gives none)."""
    sure = extraction.get("confidence") or {}
    out: dict[str, list[dict]] = {"tasks": tasks_of(extraction)}
    for part in ("targets", "assignments", "reporting"):
        numbers = sure.get(part) or []
        out[part] = [{**item, "confidence": numbers[i] if i < len(numbers) else None}
                     for i, item in enumerate(extraction.get(part) or []) if isinstance(item, dict)]
    return out


def by_confidence(items: list[dict]) -> list[dict]:
    """The items with their ``position`` in the document, the least sure first (then in document
    order); an item without a confidence counts as sure."""
    rows = [{**item, "position": i} for i, item in enumerate(items)]
    return sorted(rows, key=lambda r: (1.0 if r.get("confidence") is None else r["confidence"], r["position"]))


def is_unsure(item: dict) -> bool:
    c = item.get("confidence")
    return c is not None and c < UNSURE


@dataclass
class UnknownName:
    """A unit name as the plan writes it that no unit of the tree matches, and where it is used."""

    name: str
    uses: list[str] = field(default_factory=list)  # "Nhiệm vụ II.2 (phối hợp)", "Tổ chức thực hiện"


def unknown_names(extraction: dict, matcher: UnitMatcher, issuer: Unit | None) -> list[UnknownName]:
    """The names of leads, coordinating units, assignments and reporting duties (unit and recipient)
    that the matcher leaves unresolved near ``issuer``, once each, in the order they first appear."""
    found: dict[str, UnknownName] = {}

    def see(name: str, use: str) -> None:
        name = (name or "").strip()
        if not name or matcher.match(name, near=issuer) is not None:
            return
        entry = found.setdefault(name, UnknownName(name))
        if use not in entry.uses:
            entry.uses.append(use)

    for task in task_items(extraction):
        code = (task.get("code") or task.get("title") or "")[:40]
        for name in lead_names(task):
            see(name, _("Nhiệm vụ %(code)s (chủ trì)") % {"code": code})
        for name in coordinating_names(task):
            see(name, _("Nhiệm vụ %(code)s (phối hợp)") % {"code": code})
    for item in extraction.get("assignments") or []:
        see(item.get("unit") or "", _("Tổ chức thực hiện"))
    for item in extraction.get("reporting") or []:
        see(item.get("unit") or "", _("Chế độ báo cáo (đơn vị báo cáo)"))
        see(item.get("to") or "", _("Chế độ báo cáo (nơi nhận)"))
    return list(found.values())
