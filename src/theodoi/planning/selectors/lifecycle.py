"""Reconciliation of a science-and-technology task: stages, money disbursed, progress, outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

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
    findings: list[str] = field(default_factory=list)

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


def _order_findings(stages: list[TaskStage]) -> list[str]:
    first: dict[str, TaskStage] = {}
    for s in stages:
        first.setdefault(s.stage, s)
    out = []
    for before, after in _BEFORE:
        a, b = first.get(before), first.get(after)
        if a is not None and b is not None and b.date < a.date:
            out.append(_("%(b)s ngày %(bd)s lại trước %(a)s ngày %(ad)s.") % {
                "b": Stage(after).label, "bd": fmt_date(b.date), "a": Stage(before).label.lower(),
                "ad": fmt_date(a.date)})
    return out


def reconcile(task: Task) -> Reconciliation:
    """Compare the stages (order, money) with the updates' disbursement, progress and outputs.

    Every finding names the figures it compares; an empty list means the three agree.
    """
    stages = list(TaskStage.objects.filter(task=task).order_by("date", "id"))
    paid = sum((s.amount or Decimal(0) for s in stages if s.stage == Stage.DISBURSEMENT), Decimal(0))
    last = (ProgressUpdate.objects.filter(task=task, state__in=(ReviewState.SUBMITTED, ReviewState.APPROVED))
            .order_by("-period_end").first())
    r = Reconciliation(task, stages, paid, last.disbursed_total if last else None, task.budget_planned,
                       last.percent if last else None, last.outputs_delivered if last else "")
    done = {s.stage for s in stages}
    f = r.findings
    if r.reported_disbursed is not None and r.reported_disbursed != paid:
        f.append(_("Giải ngân theo các giai đoạn %(p)s khác số báo cáo %(r)s.") % {
            "p": fmt_money(paid), "r": fmt_money(r.reported_disbursed)})
    if r.budget and paid > r.budget:
        f.append(_("Đã giải ngân %(p)s, vượt kinh phí dự kiến %(b)s.") % {
            "p": fmt_money(paid), "b": fmt_money(r.budget)})
    if r.budget and r.percent is not None and paid * 100 / r.budget > r.percent + 30:
        f.append(_("Giải ngân %(m)s%% kinh phí nhưng tiến độ mới %(p)s%%.") % {
            "m": fmt_num(paid * 100 / r.budget), "p": fmt_num(r.percent)})
    if Stage.ACCEPTANCE in done and (r.percent or 0) < 100:
        f.append(_("Đã nghiệm thu nhưng tiến độ báo cáo chưa đạt 100%."))
    if Stage.ACCEPTANCE in done and not r.outputs_delivered.strip():
        f.append(_("Đã nghiệm thu nhưng chưa nêu sản phẩm bàn giao."))
    if Stage.ACCEPTANCE not in done and last is not None and last.state == ReviewState.APPROVED \
            and (r.percent or 0) >= 100:
        f.append(_("Tiến độ đã duyệt đạt 100% nhưng chưa ghi nhận nghiệm thu."))
    if Stage.DISBURSEMENT in done and Stage.CONTRACT not in done:
        f.append(_("Có giải ngân nhưng chưa ghi nhận hợp đồng."))
    if Stage.SELECTION in done and Stage.DIRECT in done:
        f.append(_("Ghi nhận cả tuyển chọn và giao trực tiếp: một nhiệm vụ chỉ theo một cách."))
    for later in (Stage.TRANSFER, Stage.FOLLOW_UP):
        if later in done and Stage.ACCEPTANCE not in done:
            f.append(_("Có %(s)s nhưng chưa ghi nhận nghiệm thu.") % {"s": Stage(later).label.lower()})
    f.extend(_order_findings(stages))
    return r
