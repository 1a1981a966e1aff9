"""Reporting lines: to whom a unit's report goes, by which day, and who reports to a unit (a selector).

A line comes first from the reporting duties the plans name (``planning.ReportingDuty``,
e.g. seed 002: "báo cáo Sở Khoa học và Công nghệ tỉnh Lai Châu trước ngày 15 hằng
tháng"); without one it follows the hierarchy of its side:

* the State line goes to the parent body (an office to its commune's People's Committee, a
  commune or a Sở to the province's, a province to the Ministry of Science and Technology);
* the Party line goes up the Party: a body inside a committee to that committee, a
  committee to the committee of the level above (Đảng ủy xã → Tỉnh ủy → Ban Chấp hành
  Trung ương Đảng).

The two lines are kept apart: a State report never counts a Party committee as one of its
units, nor a Party report a State body. A unit abolished before the period (the districts
and their Huyện ủy after 30/06/2025) sends nothing; its work is seen through its successors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import translation

from theodoi.domain.periods import FREQUENCY_KIND, REPORT_KIND
from theodoi.planning.models import Frequency, ReportingDuty
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.tenancy.tree import in_tree_order, tree_keys

# the duty frequency that names each report kind: the same period kind (``domain.periods``)
KIND_FREQUENCY = {kind: Frequency(freq) for kind, pk in REPORT_KIND.items()
                  for freq, fk in FREQUENCY_KIND.items() if fk == pk}
DEFAULT_DUE_DAY = 15
# bodies that are neither side of a line: they report inside their commune, not up a line
NOT_REPORTING = (UnitKind.VILLAGE, UnitKind.DIGITAL_TEAM, UnitKind.ENTERPRISE)
# bodies inside a commune (or a Sở) that a distant reader tells apart by their commune's name
OFFICE_KINDS = (UnitKind.OFFICE, UnitKind.FRONT, UnitKind.STEERING, UnitKind.DIGITAL_TEAM)
MINISTRY_NAME = "Bộ Khoa học và Công nghệ"


@dataclass
class Line:
    """Where one unit's report of one kind goes."""

    recipient: Unit | None
    recipient_name: str
    due_day: int
    frequency: str
    party: bool
    source: str = ""  # the plan that names the duty ("Kế hoạch số 12/KH-UBND ngày … của UBND xã …")
    source_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        r = self.recipient
        return {"recipient": self.recipient_name, "recipient_id": r.pk if r else None,
                "recipient_kind": r.kind if r else "", "due_day": self.due_day, "frequency": self.frequency,
                "source": self.source}


def is_party(unit: Unit) -> bool:
    return unit.kind == UnitKind.PARTY


def exists_during(unit: Unit, period: Any) -> bool:
    """The unit existed at some day of the period."""
    return ((unit.valid_from is None or unit.valid_from <= period.end)
            and (unit.valid_to is None or unit.valid_to >= period.start))


def _reporter(duty: ReportingDuty) -> Unit | None:
    """The unit whose report the duty is about: a standing office named in its own body's plan reports
    for that body (the Phòng Văn hóa - Xã hội drafts the commune's report), anyone else for itself."""
    unit, issuer = duty.unit, duty.document.issuer
    if unit is None:
        return None
    if (issuer is not None and unit.pk != issuer.pk and unit.path.startswith(issuer.path)
            and unit.kind == UnitKind.OFFICE):
        return issuer
    return unit


def duties_of(kind: str) -> list[ReportingDuty]:
    """The reporting duties that may name a ``kind`` report's line (one query; ``line_of`` takes them
    from a caller that asks for the lines of many units)."""
    wanted = [KIND_FREQUENCY[kind], Frequency.MONTHLY]
    return list(ReportingDuty.objects.filter(frequency__in=wanted, recipient__isnull=False, unit__isnull=False)
                .exclude(document__status="stub")
                .select_related("unit", "recipient", "document", "document__issuer")
                .order_by("document__issued_date", "pk"))


def _explicit(unit: Unit, kind: str, period: Any, duties: list[ReportingDuty] | None = None) -> Line | None:
    """The line a plan names for ``unit`` (the report's own frequency first, else the monthly duty's body)."""
    mine = []
    for d in duties if duties is not None else duties_of(kind):
        reporter = _reporter(d)
        if reporter is None or reporter.pk != unit.pk or d.recipient is None:
            continue
        if d.recipient.path.startswith(unit.path) or not exists_during(d.recipient, period):
            continue  # a duty inside the unit (villages to the commune) is not its report's line
        if d.document.issued_date and d.document.issued_date > period.end:
            continue
        mine.append(d)
    if not mine:
        return None
    exact = [d for d in mine if d.frequency == KIND_FREQUENCY[kind]]
    d = (exact or mine)[-1]
    recipient = d.recipient
    assert recipient is not None  # filtered above
    return Line(recipient=recipient, recipient_name=recipient.name, due_day=d.due_day or DEFAULT_DUE_DAY,
                frequency=d.frequency, party=is_party(unit), source=plan_label(d.document),
                source_ids=[d.document_id])


def plan_label(doc: Any) -> str:
    """"Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND xã Phong Thổ" (how a report cites a plan)."""
    with translation.override("vi"):
        kind = str(doc.get_doc_type_display()) if hasattr(doc, "get_doc_type_display") else ""
    title = (doc.title or "").strip().rstrip(".")
    if doc.number:
        text = f"{kind} số {doc.number}"
    else:  # a plan known by its title: "Kế hoạch triển khai thực hiện …"
        text = f"{kind} {title[:1].lower()}{title[1:]}".strip() if title else kind
    if doc.issued_date:
        text += f" ngày {doc.issued_date:%d/%m/%Y}"
    issuer = body_name(doc.issuer) if doc.issuer else doc.issuer_name
    return f"{text} của {issuer}".strip() if issuer else text.strip()


def body_name(unit: Unit) -> str:
    """How a report names a body in its text: "UBND xã Bình Lư" for a government, else its own name."""
    if unit.kind in (UnitKind.COMMUNE, UnitKind.PROVINCE, UnitKind.DISTRICT):
        return f"UBND {unit.name[:1].lower()}{unit.name[1:]}"
    return unit.name


def _party_superior(unit: Unit, day: dt.date, found: dict[Any, Unit | None] | None = None) -> Unit | None:
    """The Party body a Party unit reports to (see the module docstring). ``found``: the Party body
    found below each level on ``day``, kept by a caller that asks for the lines of many units (the
    senders of a province's committee share their levels), so each level is asked once."""
    parent = unit.parent
    if parent is not None and parent.kind == UnitKind.PARTY:
        return parent
    found = {} if found is None else found
    # the levels above, nearest first (the commune, the province, the nation), past the parent
    for level in unit.ancestor_ids()[:-1][::-1][1:]:
        if (level, day) not in found:
            found[level, day] = (Unit.objects.filter(parent_id=level, kind=UnitKind.PARTY).existing_on(day)
                                 .order_by("position", "pk").first())
        below = found[level, day]
        if below is not None and below.pk != unit.pk:
            return below
    # a province's committee reports to the Party's central body (Ban Chấp hành Trung ương Đảng)
    if "central" not in found:
        found["central"] = (Unit.objects.filter(kind=UnitKind.NATION, name__contains="Đảng")
                            .order_by("depth", "pk").first())
    return found["central"]


def _state_superior(unit: Unit) -> Unit | None:
    parent = unit.parent
    while parent is not None and parent.kind == UnitKind.PARTY:
        parent = parent.parent
    if unit.kind == UnitKind.PROVINCE and (parent is None or parent.kind == UnitKind.NATION):
        # a province reports on Resolution 57 to the Ministry of Science and Technology
        return Unit.objects.filter(kind=UnitKind.MINISTRY, name=MINISTRY_NAME).first() or parent
    return parent


def line_of(unit: Unit, kind: str, period: Any, duties: list[ReportingDuty] | None = None, *,
            found: dict[Any, Unit | None] | None = None) -> Line:
    """Where ``unit``'s ``kind`` report for ``period`` goes and by which day. ``duties``
    (``duties_of``) and ``found`` (an empty dict, filled by ``_party_superior``): what a caller asking
    for the lines of many units reads once for all of them."""
    explicit = _explicit(unit, kind, period, duties)
    if explicit is not None:
        return explicit
    day = min(period.end, dt.date.today()) if period.start <= dt.date.today() else period.start
    up = _party_superior(unit, day, found) if is_party(unit) else _state_superior(unit)
    return Line(recipient=up, recipient_name=up.name if up else "", due_day=DEFAULT_DUE_DAY,
                frequency=KIND_FREQUENCY[kind], party=is_party(unit))


def senders(unit: Unit, kind: str, period: Any) -> list[Unit]:
    """The units whose ``kind`` report for ``period`` goes to ``unit``, in tree order.

    Those a plan names (reporting duties with ``unit`` as recipient) and those whose default
    line leads here: the State children of a State body, the Party bodies below a Party one.
    Units that did not exist during the period are left out.
    """
    duties = duties_of(kind)
    candidates: dict[int, Unit] = {}
    for d in duties:
        reporter = _reporter(d)
        if d.recipient_id == unit.pk and reporter is not None:
            candidates[reporter.pk] = reporter
    if is_party(unit):
        base = unit.parent if unit.parent and unit.parent.kind != UnitKind.PARTY else unit
        pool = Unit.objects.filter(path__startswith=base.path, kind=UnitKind.PARTY).exclude(pk=unit.pk)
    else:
        pool = Unit.objects.filter(parent=unit).exclude(kind__in=(UnitKind.PARTY, *NOT_REPORTING))
    for u in pool.select_related("parent"):
        candidates.setdefault(u.pk, u)
    out = []
    found: dict[Any, Unit | None] = {}
    for u in candidates.values():
        if not exists_during(u, period) or u.kind in NOT_REPORTING:
            continue
        line = line_of(u, kind, period, duties, found=found)
        if line.recipient is not None and line.recipient.pk == unit.pk:
            out.append(u)
    keys = tree_keys(out)
    return sorted(out, key=lambda u: (u.depth, keys[u.pk]))


@dataclass
class Scope:
    """What a report covers: its unit, the units that report to it, on one side of the line only.

    ``roots`` are subtrees counted in full, less ``exclude`` (the other side's bodies and units
    that did not exist during the period); ``inherited`` are abolished issuers whose plans are
    carried on by successors that all lie in the scope; ``members`` are the units a report
    shows one by one (its children on the same side and its senders).
    """

    unit: Unit
    party: bool
    roots: list[Unit]
    members: list[Unit]
    exclude: list[str]
    inherited: list[int]

    def q(self, field: str) -> Q:
        """Rows whose ``field`` (a unit foreign key) lies in the scope."""
        inside = Q()
        for root in self.roots:
            inside |= Q(**{f"{field}__path__startswith": root.path})
        for path in self.exclude:
            inside &= ~Q(**{f"{field}__path__startswith": path})
        return inside

    def issuer_q(self, field: str = "document__issuer") -> Q:
        """Documents issued in the scope, or by an abolished unit the scope carries on."""
        return self.q(field) | Q(**{f"{field}_id__in": self.inherited})

    def contains(self, path: str) -> bool:
        return (any(path.startswith(r.path) for r in self.roots)
                and not any(path.startswith(x) for x in self.exclude))

    def member_of(self, path: str) -> Unit | None:
        """The member a unit (by path) is counted under; None when it is the report's own unit."""
        best = None
        for m in self.members:
            if path.startswith(m.path) and (best is None or len(m.path) > len(best.path)):
                best = m
        return best


def scope_of(unit: Unit, kind: str, period: Any) -> Scope:
    """The scope of ``unit``'s ``kind`` report for ``period`` (see :class:`Scope`)."""
    party = is_party(unit)
    sent = senders(unit, kind, period)
    roots = [unit] + [s for s in sent if not s.path.startswith(unit.path)]
    inside = Q()
    for r in roots:
        inside |= Q(path__startswith=r.path)
    gone = list(Unit.objects.filter(inside, valid_to__lt=period.start).values_list("path", flat=True))
    exclude = _outermost(gone)
    if not party:
        sides = Unit.objects.filter(inside, kind=UnitKind.PARTY).exclude(parent__kind=UnitKind.PARTY)
        exclude = _outermost(exclude + list(sides.values_list("path", flat=True)))
    if party:
        kids = [u for u in Unit.objects.filter(parent=unit, kind=UnitKind.PARTY) if exists_during(u, period)]
    else:
        kids = [u for u in Unit.objects.filter(parent=unit).exclude(kind__in=(UnitKind.PARTY, *NOT_REPORTING))
                if exists_during(u, period)]
    members = {u.pk: u for u in kids + sent}
    scope = Scope(unit=unit, party=party, roots=roots, members=in_tree_order(members.values()),
                  exclude=exclude, inherited=[])
    scope.inherited = _inherited(scope, period)
    return scope


def in_plan_order(items: list[Any]) -> list[Any]:
    """Tasks or targets in the order a report lists them: by their plan's issuer in tree order
    (``tenancy.tree``), the plan's date, the plan, then their place in it. Never by ``path`` (ids
    as text) or by the engine's order of rows: the same data gives the same report on every
    database. A plan without an issuer in the tree comes first."""
    keys = tree_keys(i.document.issuer for i in items)
    lowest = dt.date.min
    return sorted(items, key=lambda i: (keys.get(i.document.issuer_id, ()), i.document.issued_date or lowest,
                                        i.document_id, i.position, i.pk))


def _outermost(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(o) for o in out):
            out.append(p)
    return out


def _inherited(scope: Scope, period: Any) -> list[int]:
    """Abolished issuers (of the scope's side) all of whose successors lie in the scope."""
    gone = Unit.objects.filter(valid_to__lt=period.start, documents__isnull=False)
    gone = gone.filter(kind=UnitKind.PARTY) if scope.party else gone.exclude(kind=UnitKind.PARTY)
    out = []
    for u in gone.distinct().prefetch_related("successors"):
        successors = list(u.successors.all())
        if successors and all(scope.contains(s.path) for s in successors):
            out.append(u.pk)
    return out
