"""Pure checks of updates and figures (no Django): thin, contradictory, stalled.

Each check returns ``(code, reason_vi)`` pairs; ``reason_vi`` names the facts so a
reader can verify the warning without opening anything else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from theodoi.planning.selectors.texts import fmt_date, fmt_money, fmt_num

THIN = "thin_update"
CONTRADICTION = "contradiction"


@dataclass(frozen=True)
class UpdateFacts:
    period_key: str
    period_label: str
    period_end: dt.date
    percent: Decimal | None
    work_done: str = ""
    outputs: str = ""
    evidence: int = 0
    disbursed: Decimal | None = None
    submitted_on: dt.date | None = None


def thin_reasons(u: UpdateFacts) -> list[str]:
    """Why an update is too thin to rely on (empty list when it is fine)."""
    out = []
    if u.percent is not None and not u.work_done.strip():
        out.append(f"chỉ ghi tỷ lệ {fmt_num(u.percent)}%, không nêu kết quả thực hiện")
    if not u.outputs.strip():
        out.append("không nêu sản phẩm đã có")
    if u.evidence == 0:
        out.append("không có tệp minh chứng")
    return out


def update_contradictions(u: UpdateFacts, prev: UpdateFacts | None, *, due: dt.date | None,
                          completed_on: dt.date | None, budget: Decimal | None) -> list[str]:
    """Reasons why an update contradicts itself, the previous update or the plan."""
    out = []
    if u.percent is not None and u.percent > 100:
        out.append(f"tỷ lệ hoàn thành {fmt_num(u.percent)}% vượt 100%")
    reported_on = u.submitted_on or u.period_end
    if u.percent is not None and u.percent >= 100 and due and reported_on > due and completed_on is None:
        out.append(f"báo cáo đạt {fmt_num(u.percent)}% ở {u.period_label.lower()} trong khi nhiệm vụ đã quá hạn "
                   f"từ {fmt_date(due)} và chưa được xác nhận hoàn thành")
    if prev is not None and prev.percent is not None and u.percent is not None and u.percent < prev.percent:
        out.append(f"tiến độ giảm từ {fmt_num(prev.percent)}% ({prev.period_label.lower()}) xuống "
                   f"{fmt_num(u.percent)}%")
    paid_before = (prev.disbursed if prev else None) or Decimal(0)
    if u.disbursed and u.disbursed > paid_before and (u.percent or 0) < 100:
        flat = prev is not None and (u.percent or 0) <= (prev.percent or 0)
        if not u.percent or flat:
            out.append(f"giải ngân lũy kế tăng từ {fmt_money(paid_before)} lên {fmt_money(u.disbursed)} "
                       f"nhưng tiến độ không tăng ({fmt_num(u.percent or 0)}%)")
    if u.disbursed and budget and u.disbursed > budget:
        out.append(f"giải ngân lũy kế {fmt_money(u.disbursed)} vượt kinh phí dự kiến {fmt_money(budget)}")
    return out


def stalled_since(history: list[UpdateFacts], months: int = 3) -> UpdateFacts | None:
    """The update ``months`` (or more) months before the latest with no less progress, if any.

    ``history`` is oldest first. A task is stalled when its latest percent is below 100
    and no higher than it was ``months`` reporting months earlier.
    """
    if len(history) < 2:
        return None
    last = history[-1]
    if last.percent is None or last.percent >= 100:
        return None
    limit = last.period_end - dt.timedelta(days=months * 30 - 5)
    earlier = [u for u in history[:-1] if u.period_end <= limit and u.percent is not None]
    if not earlier:
        return None
    ref = earlier[-1]
    # The whole stretch must be flat: any rise in between means it moved.
    stretch = [u for u in history if u.period_end >= ref.period_end and u.percent is not None]
    if all(u.percent <= ref.percent for u in stretch):
        return ref
    return None


def figure_contradictions(*, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None,
                          percent_unit: bool, cumulative: bool, prev_value: Decimal | None,
                          prev_label: str = "") -> list[str]:
    """Reasons why a figure contradicts itself or its previous figure."""
    out = []
    if numerator is not None and denominator and numerator > denominator:
        out.append(f"tử số {fmt_num(numerator)} lớn hơn mẫu số {fmt_num(denominator)}")
    effective = numerator * 100 / denominator if numerator is not None and denominator else value
    if effective is not None and (percent_unit or numerator is not None) and effective > 100:
        out.append(f"tỷ lệ {fmt_num(effective)}% vượt 100%")
    current = value if value is not None else numerator
    if cumulative and prev_value is not None and current is not None and current < prev_value:
        out.append(f"chỉ tiêu lũy kế giảm từ {fmt_num(prev_value)} ({prev_label.lower()}) xuống {fmt_num(current)}")
    return out
