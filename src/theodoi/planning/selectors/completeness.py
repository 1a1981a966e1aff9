"""Who has reported: for a unit and its subtree, each unit's state for a period.

A unit's state is the worst of its items: ``not_sent`` (something missing or still a
draft) > ``returned`` > ``submitted`` (waiting for approval) > ``approved``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from theodoi.domain import periods
from theodoi.planning.models import ReviewState
from theodoi.planning.selectors.obligations import MISSING, Obligation, obligations_for_units, states_for_units
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit

NOT_SENT, SUBMITTED, RETURNED, APPROVED = "not_sent", "submitted", "returned", "approved"
LABELS = {NOT_SENT: _("Chưa gửi"), SUBMITTED: _("Đã gửi"), RETURNED: _("Bị trả lại"), APPROVED: _("Đã duyệt")}
_ORDER = (NOT_SENT, RETURNED, SUBMITTED, APPROVED)


def item_state(o: Obligation) -> str:
    return state_of(o.state)


def state_of(state: str) -> str:
    """The completeness state of an obligation in ``state`` ("missing" or a ReviewState value)."""
    if state in (MISSING, ReviewState.DRAFT):
        return NOT_SENT
    shown: dict[str, str] = {ReviewState.SUBMITTED: SUBMITTED, ReviewState.RETURNED: RETURNED}
    return shown.get(state, APPROVED)


@dataclass
class UnitState:
    unit: Unit
    counts: dict[str, int]
    items: list[Obligation] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return sum(self.counts.values())

    @property
    def state(self) -> str:
        return next(s for s in _ORDER if self.counts.get(s))

    @property
    def label(self) -> str:
        return str(LABELS[self.state])

    @property
    def slug(self) -> str:
        return self.unit.slug

    @property
    def name(self) -> str:
        """The unit's name, with its commune where the name alone repeats in every commune."""
        return unit_label(self.unit)


@dataclass
class Completeness:
    unit: Unit
    period_key: str
    rows: list[UnitState]

    @property
    def expected(self) -> int:
        """Number of units expected to report."""
        return len(self.rows)

    @property
    def sent(self) -> int:
        """Units that sent everything (submitted or approved)."""
        return sum(1 for r in self.rows if r.state in (SUBMITTED, APPROVED))

    @property
    def missing(self) -> list[UnitState]:
        """Units with something not sent or returned."""
        return [r for r in self.rows if r.state in (NOT_SENT, RETURNED)]

    def by_state(self) -> dict[str, list[UnitState]]:
        out: dict[str, list[UnitState]] = {s: [] for s in _ORDER}
        for r in self.rows:
            out[r.state].append(r)
        return out


def unit_completeness(unit: Unit, period: Any, *, items: bool = True) -> Completeness:
    """Each unit of ``unit``'s subtree that has something to report for ``period``, with its state.
    ``items=False``: the states counted from ids and states only (``states_for_units``), each row's
    ``items`` left empty (the dashboard's panel, which shows the counts)."""
    period = periods.as_period(period)
    if not items:
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for unit_id, state in states_for_units(Unit.objects.subtree_of(unit), period):
            counts[unit_id][state_of(state)] += 1
        found = Unit.objects.select_related("parent").in_bulk(list(counts))
        rows = [UnitState(found[pk], dict(c)) for pk, c in counts.items()]
    else:
        grouped: dict[int, list[Obligation]] = defaultdict(list)
        units: dict[int, Unit] = {}
        for o in obligations_for_units(Unit.objects.subtree_of(unit), period):
            grouped[o.unit.pk].append(o)
            units[o.unit.pk] = o.unit
        rows = [UnitState(units[pk], dict(Counter(item_state(o) for o in its)), its) for pk, its in grouped.items()]
    rows.sort(key=lambda r: r.unit.path)
    return Completeness(unit, period.key, rows)
