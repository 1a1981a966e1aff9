"""Plans a document asks its lower units to build by a date (``PlanDue``), read from its assignments.

The rule on the wording is ``domain.child_plans.owed_plan_deadline``. A due the office has edited is
the office's (``origin`` becomes ``office``) and a re-import leaves it alone; a due read earlier and
no longer stated (and not fulfilled) is removed, with its audit record.
"""

from __future__ import annotations

from typing import Any

from theodoi.audit.services import record, snapshot
from theodoi.domain.child_plans import owed_plan_deadline
from theodoi.domain.deadlines import parse_deadline
from theodoi.planning.importing.matching import UnitMatcher
from theodoi.planning.models import Document, PlanDue, PlanDueOrigin
from theodoi.tenancy.models import Unit


def store_plans_due(doc: Document, extraction: dict, matcher: UnitMatcher, issuer: Unit, user: Any) -> list[PlanDue]:
    """Create or update the dues ``extraction``'s assignments state; returns those stated."""
    wanted: dict[str, str] = {}
    for item in extraction.get("assignments") or []:
        name = (item.get("unit") or "").strip()[:255]
        phrase = owed_plan_deadline(item.get("duties") or "")
        if name and phrase:
            wanted.setdefault(name, phrase[:120])
    existing = {d.unit_name: d for d in doc.plans_due.all()}
    out = []
    for name, phrase in wanted.items():
        due = parse_deadline(phrase).due
        row = existing.pop(name, None)
        if row is None:
            unit = matcher.match(name, near=issuer)
            row = PlanDue.objects.create(document=doc, unit_name=name, due_text=phrase, due_date=due,
                                         unit=unit if unit is not None and unit.pk != issuer.pk else None,
                                         origin=PlanDueOrigin.EXTRACTED, created_by=user)
            record("import", row, actor=user, reason=phrase)
        elif row.origin == PlanDueOrigin.EXTRACTED and (row.due_text, row.due_date) != (phrase, due):
            before = snapshot(row)
            row.due_text, row.due_date = phrase, due
            row.version += 1
            row.save()
            record("reimport", row, actor=user, before=before, after=snapshot(row))
        out.append(row)
    for stale in existing.values():
        if stale.origin == PlanDueOrigin.EXTRACTED and stale.fulfilled_by_id is None:
            record("delete", stale, actor=user, before=snapshot(stale), reason="Văn bản không còn nêu")
            stale.delete()
    return out
