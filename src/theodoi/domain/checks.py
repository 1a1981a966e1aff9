"""Pure checks behind the warnings (no Django): thin, contradictory and stalled updates, bad figures.

Each check returns reasons in Vietnamese that name the facts (numbers, periods, dates), so a
reader can verify a warning without opening anything else.

Recurring tasks ("hằng năm", "thường xuyên") are judged per period: an update is compared only
with updates of the same cycle (:func:`same_cycle`): the same Decree-09 year for an annual task,
nothing for a continuous one (each month's work stands alone). A recurring task is never
"overdue" as a whole, so "100 % while overdue" does not apply to it either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from theodoi.domain.numbers import format_date_vi, format_money_vnd, format_number
from theodoi.domain.periods import Period

ANNUAL, CONTINUOUS = "annual", "continuous"


def fmt_num(value: Decimal | int | float) -> str:
    """1234.5 -> "1.234,5"; integers without decimals."""
    return format_number(value)


def fmt_money(value: Decimal | int) -> str:
    return format_money_vnd(value)


def fmt_date(day: dt.date) -> str:
    return format_date_vi(day)


@dataclass(frozen=True)
class UpdateFacts:
    """What the checks need to know about one sent progress update."""

    period_key: str
    period_label: str
    period_end: dt.date
    percent: Decimal | None
    work_done: str = ""
    outputs: str = ""
    evidence: int = 0
    disbursed: Decimal | None = None
    submitted_on: dt.date | None = None


def _month_index(key: str) -> int | None:
    try:
        p = Period.parse(key)
    except ValueError:
        return None
    return p.year * 12 + p.index if p.kind == "month" else None


def same_cycle(a: UpdateFacts, b: UpdateFacts, recurrence: str = "") -> bool:
    """Whether two updates belong to one cycle of the task's work (see the module docstring)."""
    if not recurrence:
        return True
    if recurrence == CONTINUOUS:
        return False
    return a.period_key[:4] == b.period_key[:4]


def cycle_of(history: list[UpdateFacts], recurrence: str = "") -> list[UpdateFacts]:
    """The updates (oldest first) of the latest update's cycle."""
    if not history:
        return []
    last = history[-1]
    return [u for u in history if u is last or same_cycle(u, last, recurrence)]


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


def is_thin(reasons: list[str]) -> bool:
    """A percentage without narrative is thin on its own; otherwise two gaps (no outputs, no evidence)."""
    return len(reasons) >= 2 or any(r.startswith("chỉ ghi tỷ lệ") for r in reasons)


def update_contradictions(u: UpdateFacts, prev: UpdateFacts | None, *, due: dt.date | None,
                          completed_on: dt.date | None, budget: Decimal | None,
                          recurrence: str = "") -> list[str]:
    """Reasons why an update contradicts itself, the previous update of its cycle or the plan."""
    out = []
    if prev is not None and not same_cycle(u, prev, recurrence):
        prev = None  # a new cycle of a recurring task starts afresh
    if u.percent is not None and u.percent > 100:
        out.append(f"tỷ lệ hoàn thành {fmt_num(u.percent)}% vượt 100%")
    reported_on = u.submitted_on or u.period_end
    if (not recurrence and u.percent is not None and u.percent >= 100 and due and reported_on > due
            and completed_on is None):
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


def stalled_since(history: list[UpdateFacts], months: int = 3, recurrence: str = "") -> UpdateFacts | None:
    """The update ``months`` (or more) reporting months before the latest with no less progress, if any.

    ``history`` is oldest first. A task is stalled when its latest percent is below 100 and no
    higher than it was ``months`` reporting months earlier, with no rise in between. For a
    recurring task only the latest cycle counts (a continuous task is never "stalled").
    """
    if recurrence == CONTINUOUS:
        return None
    history = cycle_of(history, recurrence)
    if len(history) < 2:
        return None
    last = history[-1]
    if last.percent is None or last.percent >= 100:
        return None
    last_index = _month_index(last.period_key)
    if last_index is None:
        return None
    earlier = [u for u in history[:-1] if u.percent is not None
               and (_month_index(u.period_key) or last_index) <= last_index - months]
    if not earlier:
        return None
    ref = earlier[-1]
    stretch = [u for u in history if u.period_end >= ref.period_end and u.percent is not None]
    if all(u.percent <= ref.percent for u in stretch
           if u.percent is not None and ref.percent is not None):
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
