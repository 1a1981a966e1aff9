"""Reconciliation of a science-and-technology task: stages, money disbursed, progress, outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from theodoi.planning.models import ProgressUpdate, ReviewState, Stage, Task, TaskStage
from theodoi.planning.selectors.texts import fmt_money, fmt_num


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


def reconcile(task: Task) -> Reconciliation:
    """Compare the stages' money with the updates' disbursement, progress and outputs."""
    stages = list(TaskStage.objects.filter(task=task).order_by("date", "id"))
    paid = sum((s.amount or Decimal(0) for s in stages if s.stage == Stage.DISBURSEMENT), Decimal(0))
    last = (ProgressUpdate.objects.filter(task=task, state__in=(ReviewState.SUBMITTED, ReviewState.APPROVED))
            .order_by("-period_end").first())
    r = Reconciliation(task, stages, paid, last.disbursed_total if last else None, task.budget_planned,
                       last.percent if last else None, last.outputs_delivered if last else "")
    done = {s.stage for s in stages}
    if r.reported_disbursed is not None and r.reported_disbursed != paid:
        r.findings.append(f"Giải ngân theo các giai đoạn {fmt_money(paid)} khác số báo cáo {fmt_money(r.reported_disbursed)}.")
    if r.budget and paid > r.budget:
        r.findings.append(f"Đã giải ngân {fmt_money(paid)}, vượt kinh phí dự kiến {fmt_money(r.budget)}.")
    if r.budget and r.percent is not None and paid * 100 / r.budget > r.percent + 30:
        r.findings.append(f"Giải ngân {fmt_num(paid * 100 / r.budget)}% kinh phí nhưng tiến độ mới {fmt_num(r.percent)}%.")
    if Stage.ACCEPTANCE in done and (r.percent or 0) < 100:
        r.findings.append("Đã nghiệm thu nhưng tiến độ báo cáo chưa đạt 100%.")
    if Stage.ACCEPTANCE in done and not r.outputs_delivered.strip():
        r.findings.append("Đã nghiệm thu nhưng chưa nêu sản phẩm bàn giao.")
    if Stage.DISBURSEMENT in done and Stage.CONTRACT not in done:
        r.findings.append("Có giải ngân nhưng chưa ghi nhận hợp đồng.")
    return r
