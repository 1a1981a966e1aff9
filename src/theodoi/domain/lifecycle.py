"""The order of a science-and-technology task's lifecycle (seed 000: "đặt hàng, tuyển chọn, giao trực
tiếp, hợp đồng, giải ngân, nghiệm thu, chuyển giao, theo dõi sau nghiệm thu"), as a pure rule.

A stage comes after the stages it needs (a contract after a selection or a direct assignment, a
payment after the contract...) and is not dated before a stage that precedes it. Selection and
direct assignment are two ways of the same step; disbursements may repeat and may follow the
acceptance (the last instalment is paid on settlement). A stage that breaks the order is not
refused: it needs a reason (``planning.services.lifecycle.add_stage``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from theodoi.domain.messages import Message, gettext_noop

ORDER, SELECTION, DIRECT, CONTRACT = "dat_hang", "tuyen_chon", "giao_truc_tiep", "hop_dong"
DISBURSEMENT, ACCEPTANCE, TRANSFER, FOLLOW_UP = "giai_ngan", "nghiem_thu", "chuyen_giao", "theo_doi"
STAGES = (ORDER, SELECTION, DIRECT, CONTRACT, DISBURSEMENT, ACCEPTANCE, TRANSFER, FOLLOW_UP)
# Stages in lifecycle order; the two ways of choosing who carries the task share a rank.
RANK = {ORDER: 0, SELECTION: 1, DIRECT: 1, CONTRACT: 2, DISBURSEMENT: 3, ACCEPTANCE: 4, TRANSFER: 5,
        FOLLOW_UP: 6}
# What each stage needs recorded before it (any one of the set).
NEEDS: dict[str, frozenset[str]] = {
    SELECTION: frozenset({ORDER}), DIRECT: frozenset({ORDER}), CONTRACT: frozenset({SELECTION, DIRECT}),
    DISBURSEMENT: frozenset({CONTRACT}), ACCEPTANCE: frozenset({CONTRACT}), TRANSFER: frozenset({ACCEPTANCE}),
    FOLLOW_UP: frozenset({ACCEPTANCE}),
}
REPEATABLE = frozenset({DISBURSEMENT, FOLLOW_UP})
# Pairs whose dates are not compared (payments may follow the acceptance and its transfer).
_UNORDERED = {frozenset({DISBURSEMENT, ACCEPTANCE}), frozenset({DISBURSEMENT, TRANSFER}),
              frozenset({DISBURSEMENT, FOLLOW_UP})}


def _vi(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


def _either(names: list[Message]) -> Message:
    if len(names) == 1:
        return names[0]
    return Message(gettext_noop("%(a)s hoặc %(b)s"), a=names[0], b=names[1])


def order_problems(recorded: Iterable[tuple[str, dt.date]], stage: str, date: dt.date,
                   labels: dict[str, str]) -> list[Message]:
    """Why adding ``stage`` on ``date`` after the ``recorded`` (stage, date) pairs breaks the order.

    ``labels`` names the stages (their Vietnamese labels). An empty list: the stage is in order.
    """
    recorded = list(recorded)
    done = {s for s, _d in recorded}
    name = {k: Message(v) for k, v in labels.items()}  # translated where the message is rendered
    out: list[Message] = []
    needs = NEEDS.get(stage, frozenset())
    if needs and not needs & done:
        out.append(Message(gettext_noop("chưa ghi nhận giai đoạn %(need)s trước %(stage)s"),
                           need=_either([name[s] for s in STAGES if s in needs]), stage=name[stage]))
    if stage in done and stage not in REPEATABLE:
        first = min(d for s, d in recorded if s == stage)
        out.append(Message(gettext_noop("%(stage)s đã được ghi nhận ngày %(date)s"), stage=name[stage],
                           date=_vi(first)))
    other_way = {SELECTION: DIRECT, DIRECT: SELECTION}.get(stage)
    if other_way in done:
        out.append(Message(gettext_noop("đã ghi nhận %(other)s: một nhiệm vụ chỉ theo một cách"),
                           other=name[other_way]))
    for s, d in recorded:
        if frozenset({s, stage}) in _UNORDERED or s == stage:
            continue
        if RANK[s] < RANK[stage] and d > date:
            out.append(Message(gettext_noop("ngày %(date)s trước %(other)s ngày %(other_date)s"),
                               date=_vi(date), other=name[s], other_date=_vi(d)))
        elif RANK[s] > RANK[stage] and d < date:
            out.append(Message(gettext_noop("ngày %(date)s sau %(other)s ngày %(other_date)s"),
                               date=_vi(date), other=name[s], other_date=_vi(d)))
    return out
