"""Plans of units that no longer exist: ended, and to whom their open work went.

A unit abolished in a reorganisation (``Unit.valid_to``, e.g. the districts ended on
30/06/2025) keeps its plans; a plan whose issuer has ceased to exist is shown as ended,
with the units now leading its tasks (its successors, after ``planning.services.handover``).
``split_proposal`` proposes how the plan's open tasks could be shared among the successors:
by the area or village a task names, else copied to each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from theodoi.domain.text import loose_key, vi_sort_key
from theodoi.planning.models import Document, RunState, Task
from theodoi.tenancy.models import Unit, UnitKind


@dataclass(frozen=True)
class PlanEnd:
    """A plan whose issuer ceased to exist on ``last_day`` (inclusive)."""

    last_day: dt.date
    issuer: Unit
    receivers: tuple[Unit, ...]  # units outside the issuer leading its tasks now, in Vietnamese order


def end_label(end: PlanEnd) -> str:
    """The plan's status as read: ended, and whether its work went to successors yet."""
    from django.utils.translation import gettext as _

    return _("Đã kết thúc, đã bàn giao") if end.receivers else _("Đã kết thúc, chưa bàn giao")


def is_ended(doc: Document, today: dt.date) -> bool:
    issuer = doc.issuer
    return issuer is not None and issuer.valid_to is not None and issuer.valid_to < today


def plan_ends(docs: Iterable[Document], today: dt.date) -> dict[int, PlanEnd]:
    """The ended plans among ``docs`` (issuer selected), keyed by document id; two queries at most."""
    ended = [d for d in docs if is_ended(d, today)]
    if not ended:
        return {}
    pairs = (Task.objects.filter(document__in=ended, lead_unit__isnull=False)
             .values_list("document_id", "lead_unit_id").distinct())
    by_doc: dict[int, set[int]] = {}
    for doc_id, unit_id in pairs:
        by_doc.setdefault(doc_id, set()).add(unit_id)
    units = Unit.objects.in_bulk({u for ids in by_doc.values() for u in ids})
    out = {}
    for d in ended:
        assert d.issuer is not None and d.issuer.valid_to is not None  # is_ended checked both
        got = [units[i] for i in by_doc.get(d.pk, ()) if i in units and not units[i].path.startswith(d.issuer.path)]
        out[d.pk] = PlanEnd(d.issuer.valid_to, d.issuer, tuple(sorted(got, key=lambda u: vi_sort_key(u.name))))
    return out


def plan_end(doc: Document, today: dt.date) -> PlanEnd | None:
    return plan_ends([doc], today).get(doc.pk)


def current_successors(unit: Unit, today: dt.date) -> list[Unit]:
    """The units that took over ``unit``'s work and exist today, following chains of
    reorganisations (a successor abolished later hands on to its own successors)."""
    seen: set[int] = set()
    out: list[Unit] = []
    wave = list(unit.successors.all())
    while wave:
        nxt: list[Unit] = []
        for s in wave:
            if s.pk in seen:
                continue
            seen.add(s.pk)
            if s.is_active_on(today):
                out.append(s)
            else:
                nxt.extend(s.successors.all())
        wave = nxt
    return sorted(out, key=lambda u: vi_sort_key(u.name))


def open_tasks(doc: Document) -> QuerySet[Task]:
    """The plan's tasks still to be done (not completed, not stopped, not a group)."""
    return (Task.objects.filter(document=doc, children__isnull=True, completed_on__isnull=True)
            .exclude(run_state=RunState.STOPPED).select_related("lead_unit").order_by("position", "code", "pk"))


@dataclass
class Proposal:
    """One open task and the successors proposed to take it, with why."""

    task: Task
    proposed: list[Unit]
    matched: list[str] = field(default_factory=list)  # area names found in the task's text

    @property
    def by_area(self) -> bool:
        return bool(self.matched)


_PREFIX = re.compile(r"^(xã|phường|thị trấn|thị xã|đặc khu|thành phố|huyện)\s+", re.IGNORECASE)


_PLACES = (UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE)


def _place(unit: Unit) -> Unit:
    """The territory a unit works on: itself for a commune, district or province, else the
    nearest one above it (a commune's Party committee works on the commune)."""
    here: Unit | None = unit
    while here is not None and here.kind not in _PLACES:
        here = here.parent
    return here or unit


def _area_names(successor: Unit, old_root: Unit) -> list[str]:
    """How a task may name the area a successor took over: its territory (the successor, or
    the commune a successor body works in), the abolished units merged into that territory
    from under ``old_root``'s territory, and its villages."""
    place, root = _place(successor), _place(old_root)
    names = [_PREFIX.sub("", place.name)]
    olds = place.predecessors.filter(path__startswith=root.path)
    names += [_PREFIX.sub("", u.name) for u in olds]
    names += [u.name for u in Unit.objects.filter(parent=place, kind=UnitKind.VILLAGE)]
    return [n for n in names if len(loose_key(n)) >= 4]


def _mentions(text_key: str, name: str) -> bool:
    return f" {loose_key(name)} " in text_key


def split_proposal(doc: Document, today: dt.date) -> tuple[list[Unit], list[Proposal]]:
    """The issuer's current successors, and for each open task the ones it should go to.

    A task naming an area (an old commune merged into a successor, the successor, one of
    its villages) goes to the successors whose area it names; a task naming none is
    proposed to every successor (copied to each with its own obligation).
    """
    if doc.issuer is None:
        return [], []
    successors = current_successors(doc.issuer, today)
    names = {s.pk: _area_names(s, doc.issuer) for s in successors}
    proposals = []
    for task in open_tasks(doc):
        text_key = f" {loose_key(' '.join((task.title, task.description, task.outputs)))} "
        hits = {s.pk: [n for n in names[s.pk] if _mentions(text_key, n)] for s in successors}
        chosen = [s for s in successors if hits[s.pk]]
        matched = sorted({n for s in chosen for n in hits[s.pk]}, key=vi_sort_key)
        proposals.append(Proposal(task, chosen or list(successors), matched))
    return successors, proposals


def ended_plans(scope_q: Q, today: dt.date) -> QuerySet[Document]:
    """Plans (in ``scope_q``) whose issuer has ceased to exist, newest first."""
    return (Document.objects.plans().filter(scope_q, issuer__valid_to__lt=today)
            .select_related("issuer").order_by("-issued_date", "number"))
