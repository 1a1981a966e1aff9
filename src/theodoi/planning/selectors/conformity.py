"""Conformity of a plan with the plans it implements: what the parent asks that the child lacks or weakens.

A child plan (a commune's) cites its parents (the province's plan, 03/NQ-CP); each parent target
is matched to the child's targets of the same indicator (or that name it as their parent). The
report lists, most serious first:

* ``weaker`` — the child's value or comparator asks less than the parent's (95 % where the
  province asks 100 %; "at most" where the parent says "at least");
* ``later`` — the child's target is due after the parent's;
* ``missing`` — a parent target with no child target (the national layer's are counted apart:
  many national targets are not a commune's to carry);
* ``six_clear`` — the child's tasks that are not yet assigned with the "6 rõ";
* ``budget`` — where the plan states budgets, the share of science-and-technology tasks below
  the 3 % Resolution 57-NQ/TW asks of budget spending.

Each finding is also worded once as a :class:`~theodoi.domain.messages.Message` (``message_of``:
a Vietnamese template and its parameters, rendered in the reader's language at the edge): the
stored warnings (codes ``conform_*``, ``planning.selectors.warnings.conformity_warnings``) and the
annual report's section "Đối chiếu với văn bản cấp trên" (``reporting.data``) read the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from theodoi.domain.messages import Message
from theodoi.domain.status import comparator_sign
from theodoi.planning.models import Comparator, DocStatus, Document, DocumentLink, LinkKind, Target, Task
from theodoi.planning.selectors.six_clear import missing_of
from theodoi.planning.selectors.status import target_deadline
from theodoi.planning.selectors.texts import fmt_date, fmt_money, fmt_num
from theodoi.tenancy.models import UnitKind
from theodoi.tenancy.permissions import restrict

SCIENCE_SHARE = Decimal(3)  # % of budget spending for science and technology (57-NQ/TW, II.2)
_UP = (Comparator.GE, Comparator.GT, "")
_DOWN = (Comparator.LE, Comparator.LT)
LABELS = {
    "weaker": _("Chỉ tiêu thấp hơn cấp trên"), "later": _("Thời hạn muộn hơn cấp trên"),
    "missing": _("Chỉ tiêu cấp trên chưa được cụ thể hóa"), "six_clear": _("Nhiệm vụ chưa đủ “6 rõ”"),
    "budget": _("Tỷ trọng kinh phí khoa học, công nghệ dưới 3%"),
}


@dataclass
class Finding:
    """One finding: its code and what it is about; the page words it (in the reader's language)."""

    code: str
    child: Target | None = None
    parent: Target | None = None
    task: Task | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(LABELS[self.code])


@dataclass
class Conformity:
    doc: Document
    parents: list[Document]
    findings: list[Finding] = field(default_factory=list)
    national_missing: int = 0  # targets of the national layer with no child target (counted apart)
    science_budget: Decimal | None = None
    total_budget: Decimal | None = None

    def of(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]

    @property
    def science_share(self) -> Decimal | None:
        if not self.total_budget:
            return None
        return (self.science_budget or Decimal(0)) * 100 / self.total_budget


def _weaker(child: Target, parent: Target) -> str:
    """How ``child`` asks less than ``parent``: "opposite" (the comparison points the other
    way), "lower" (a smaller goal where more is asked, or the reverse); "" when it does not."""
    if child.value is None or parent.value is None:
        return ""
    if (child.comparator in _UP) != (parent.comparator in _UP):
        return "opposite"
    if child.unit_of_measure.strip() != parent.unit_of_measure.strip():
        return ""  # not comparable
    if child.comparator == Comparator.EQ and parent.comparator == Comparator.EQ:
        return "lower" if child.value != parent.value else ""
    low = child.value < parent.value if child.comparator in _UP else child.value > parent.value
    return "lower" if low else ""


def _parents(doc: Document) -> list[Document]:
    """The documents ``doc`` implements or cites (not the plan it replaces or amends: those are its
    own predecessors, not the level above)."""
    ids = (DocumentLink.objects.filter(source=doc, kind__in=[LinkKind.IMPLEMENTS, LinkKind.CITES])
           .values_list("target_id", flat=True))
    return list(Document.objects.filter(pk__in=ids).exclude(status=DocStatus.STUB).select_related("issuer")
                .order_by("issued_date", "pk"))


def _national(doc: Document) -> bool:
    return doc.issuer is None or doc.issuer.kind in (UnitKind.NATION, UnitKind.MINISTRY)


def conformity(doc: Document, user: Any = None) -> Conformity:
    """The conformity report of ``doc`` against the parents ``user`` may read (every parent in the
    system when ``user`` is None: the stored warnings and the reports, read by role later)."""
    parents = _parents(doc)
    if user is not None:
        parents = list(restrict(Document.objects.filter(pk__in=[p.pk for p in parents]), user, "view")
                       .select_related("issuer").order_by("issued_date", "pk"))
    report = Conformity(doc=doc, parents=parents)
    mine = list(doc.targets.select_related("indicator", "document"))
    theirs = list(Target.objects.filter(document__in=parents).select_related("indicator", "document",
                                                                          "document__issuer")
                  .order_by("document__issued_date", "position", "pk"))
    weaker: list[Finding] = []
    later: list[Finding] = []
    for parent in theirs:
        children = [t for t in mine if t.parent_id == parent.pk
                    or (parent.indicator_id and t.indicator_id == parent.indicator_id)]
        if not children:
            if _national(parent.document):
                report.national_missing += 1
            else:
                report.findings.append(Finding("missing", parent=parent))
            continue
        for child in children:
            how = _weaker(child, parent)
            if how:
                weaker.append(Finding("weaker", child=child, parent=parent, params={"how": how}))
            mine_due, their_due = target_deadline(child), target_deadline(parent)
            if mine_due and their_due and mine_due > their_due:
                later.append(Finding("later", child=child, parent=parent,
                                     params={"child_due": mine_due, "parent_due": their_due}))
    report.findings = weaker + later + report.findings
    for task in doc.tasks.filter(children__isnull=True).order_by("position", "pk"):
        gaps = missing_of(task)
        if gaps:
            report.findings.append(Finding("six_clear", task=task, params={"missing": [g.label for g in gaps]}))
    budgets = [(t.budget_planned or Decimal(0), t.is_science_task)
               for t in doc.tasks.filter(budget_planned__isnull=False)]
    if budgets:
        report.total_budget = sum((b for b, _science in budgets), Decimal(0))
        report.science_budget = sum((b for b, science in budgets if science), Decimal(0))
        share = report.science_share
        if share is not None and share < SCIENCE_SHARE:
            report.findings.append(Finding("budget", params={
                "share": share, "science": report.science_budget, "total": report.total_budget}))
    return report


def _goal(t: Target) -> str:
    """A target's goal as the pages print it: "≥ 100%", "30–50 doanh nghiệp"."""
    if t.value is None:
        return ""
    uom = t.unit_of_measure.strip()
    value = fmt_num(t.value) + (f"–{fmt_num(t.value_max)}" if t.value_max is not None else "")
    sign = "" if t.value_max is not None else comparator_sign(t.comparator) + " "
    return f"{sign}{value}{uom if uom == '%' else (' ' + uom if uom else '')}"


def _plan(doc: Document) -> str:
    return doc.number or doc.title[:80]


def _short(text: str, n: int = 120) -> str:
    text = " ".join(text.split()).rstrip(" .;:")
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def message_of(f: Finding) -> Message:
    """The finding in words (Vietnamese template + parameters; rendered at the edge)."""
    if f.code == "weaker":
        assert f.child is not None and f.parent is not None
        template = (gettext_noop("Chỉ tiêu “%(child)s” đặt mức %(goal)s, so sánh ngược chiều với mức %(parent_goal)s "
                                 "của %(plan)s.") if f.params.get("how") == "opposite" else
                    gettext_noop("Chỉ tiêu “%(child)s” đặt mức %(goal)s, thấp hơn mức %(parent_goal)s của %(plan)s."))
        return Message(template, child=_short(f.child.text), goal=_goal(f.child), parent_goal=_goal(f.parent),
                       plan=_plan(f.parent.document))
    if f.code == "later":
        assert f.child is not None and f.parent is not None
        return Message(gettext_noop("Chỉ tiêu “%(child)s” có thời hạn %(due)s, muộn hơn thời hạn %(parent_due)s "
                                    "của %(plan)s."), child=_short(f.child.text), due=fmt_date(f.params["child_due"]),
                       parent_due=fmt_date(f.params["parent_due"]), plan=_plan(f.parent.document))
    if f.code == "missing":
        assert f.parent is not None
        return Message(gettext_noop("Chỉ tiêu “%(parent)s” (%(parent_goal)s) của %(plan)s chưa được cụ thể hóa "
                                    "thành chỉ tiêu của kế hoạch."), parent=_short(f.parent.text),
                       parent_goal=_goal(f.parent) or "—", plan=_plan(f.parent.document))
    if f.code == "six_clear":
        assert f.task is not None
        with translation.override("vi"):  # the labels' msgids, translated again at the edge
            missing = [Message(str(m)) for m in f.params["missing"]]
        return Message(gettext_noop("Nhiệm vụ %(task)s chưa đủ “6 rõ”: thiếu %(missing)s."),
                       task=_short(f"{f.task.code} {f.task.title}".strip(), 100), missing=missing)
    assert f.code == "budget"
    return Message(gettext_noop("Kinh phí dự kiến cho nhiệm vụ khoa học, công nghệ là %(share)s%% tổng kinh phí "
                                "(%(science)s trên %(total)s), dưới mức %(floor)s%% Nghị quyết 57-NQ/TW yêu cầu."),
                   share=fmt_num(Decimal(f.params["share"]).quantize(Decimal("0.1"))),
                   science=fmt_money(f.params["science"]), total=fmt_money(f.params["total"]),
                   floor=fmt_num(SCIENCE_SHARE))


def six_clear_message(findings: list[Finding]) -> Message:
    """The plan's tasks short of the "6 rõ", in one sentence (the warning and the report: one per plan)."""
    shown = [_short(f"{f.task.code} {f.task.title}".strip(), 60) for f in findings[:5] if f.task is not None]
    more = len(findings) - len(shown)
    return Message(gettext_noop("%(n)s nhiệm vụ chưa đủ “6 rõ” (%(tasks)s%(more)s)."), n=len(findings),
                   tasks="; ".join(shown),
                   more=Message(gettext_noop("; và %(n)s nhiệm vụ khác"), n=more) if more > 0 else "")
