"""Reconciliation of a science-and-technology task: stages, money disbursed, progress, outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from theodoi.domain.messages import Message, gettext_noop
from theodoi.planning.models import ProgressUpdate, ReviewState, Stage, Task, TaskStage
from theodoi.planning.selectors.texts import fmt_date, fmt_money, fmt_num


@dataclass
class Reconciliation:
    task: Task
    stages: list[TaskStage]
    paid_by_stages: Decimal  # sum of disbursement stage amounts
    reported_disbursed: Decimal | None  # cumulative disbursement in the latest sent update
    budget: Decimal | None
    percent: Decimal | None
    outputs_delivered: str
    findings: list[Message] = field(default_factory=list)  # Vietnamese str; rendered at the edge

    @property
    def consistent(self) -> bool:
        return not self.findings


# Stages that must come before another one, when both are recorded (payments may follow acceptance:
# the last instalment is often paid on settlement of the contract).
_BEFORE = (
    (Stage.ORDER, Stage.CONTRACT), (Stage.SELECTION, Stage.CONTRACT), (Stage.DIRECT, Stage.CONTRACT),
    (Stage.CONTRACT, Stage.DISBURSEMENT), (Stage.CONTRACT, Stage.ACCEPTANCE),
    (Stage.ACCEPTANCE, Stage.TRANSFER), (Stage.ACCEPTANCE, Stage.FOLLOW_UP),
)


def _stage(code: str, lower: bool = False) -> str:
    """A stage's name inside a sentence (Vietnamese: lower-cased after its first word)."""
    label = str(Stage(code).label)
    return label.lower() if lower else label


def _order_findings(stages: list[TaskStage]) -> list[Message]:
    first: dict[str, TaskStage] = {}
    for s in stages:
        first.setdefault(s.stage, s)
    out = []
    for before, after in _BEFORE:
        a, b = first.get(before), first.get(after)
        if a is not None and b is not None and b.date < a.date:
            out.append(Message(gettext_noop("%(b)s ngày %(bd)s lại trước %(a)s ngày %(ad)s."), b=_stage(after),
                               bd=fmt_date(b.date), a=_stage(before, lower=True), ad=fmt_date(a.date)))
    return out


def reconcile(task: Task) -> Reconciliation:
    """Compare the stages (order, money) with the updates' disbursement, progress and outputs.

    Every finding names the figures it compares; an empty list means the three agree.
    """
    stages = list(TaskStage.objects.filter(task=task).order_by("date", "id"))
    last = (ProgressUpdate.objects.filter(task=task, state__in=(ReviewState.SUBMITTED, ReviewState.APPROVED))
            .order_by("-period_end").first())
    return reconcile_with(task, stages, last)


def reconcile_with(task: Task, stages: list[TaskStage], last: ProgressUpdate | None) -> Reconciliation:
    """:func:`reconcile` on rows already read (``stages`` by date; ``last``: the latest sent update),
    so the warnings and the reports reconcile every science task in two queries."""
    paid = sum((s.amount or Decimal(0) for s in stages if s.stage == Stage.DISBURSEMENT), Decimal(0))
    r = Reconciliation(task, stages, paid, last.disbursed_total if last else None, task.budget_planned,
                       last.percent if last else None, last.outputs_delivered if last else "")
    done = {s.stage for s in stages}
    f = r.findings
    if r.reported_disbursed is not None and r.reported_disbursed != paid:
        f.append(Message(gettext_noop("Giải ngân theo các giai đoạn %(p)s khác số báo cáo %(r)s."),
                         p=fmt_money(paid), r=fmt_money(r.reported_disbursed)))
    if r.budget and paid > r.budget:
        f.append(Message(gettext_noop("Đã giải ngân %(p)s, vượt kinh phí dự kiến %(b)s."), p=fmt_money(paid),
                         b=fmt_money(r.budget)))
    if r.budget and r.percent is not None and paid * 100 / r.budget > r.percent + 30:
        f.append(Message(gettext_noop("Giải ngân %(m)s%% kinh phí nhưng tiến độ mới %(p)s%%."),
                         m=fmt_num(paid * 100 / r.budget), p=fmt_num(r.percent)))
    if Stage.ACCEPTANCE in done and (r.percent or 0) < 100:
        f.append(Message(gettext_noop("Đã nghiệm thu nhưng tiến độ báo cáo chưa đạt 100%.")))
    if Stage.ACCEPTANCE in done and not r.outputs_delivered.strip():
        f.append(Message(gettext_noop("Đã nghiệm thu nhưng chưa nêu sản phẩm bàn giao.")))
    if Stage.ACCEPTANCE not in done and last is not None and last.state == ReviewState.APPROVED \
            and (r.percent or 0) >= 100:
        f.append(Message(gettext_noop("Tiến độ đã duyệt đạt 100% nhưng chưa ghi nhận nghiệm thu.")))
    if Stage.DISBURSEMENT in done and Stage.CONTRACT not in done:
        f.append(Message(gettext_noop("Có giải ngân nhưng chưa ghi nhận hợp đồng.")))
    if Stage.SELECTION in done and Stage.DIRECT in done:
        f.append(Message(gettext_noop("Ghi nhận cả tuyển chọn và giao trực tiếp: một nhiệm vụ chỉ theo một cách.")))
    for later in (Stage.TRANSFER, Stage.FOLLOW_UP):
        if later in done and Stage.ACCEPTANCE not in done:
            f.append(Message(gettext_noop("Có %(s)s nhưng chưa ghi nhận nghiệm thu."), s=_stage(later, lower=True)))
    f.extend(_order_findings(stages))
    return r
