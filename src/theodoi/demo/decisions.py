"""What the seed plans' leaders decide on the demo's history, through the services.

Phong Thổ's plan (seed 002) asks to "kiên quyết dừng nhiệm vụ kém hiệu quả": its chairman stops one
task that has stood still for months, from its "stalled" warning, with that reason.
"""

from __future__ import annotations

import datetime as dt

from theodoi.planning.models import Document, RunState
from theodoi.planning.selectors.warnings import STALLED, compute_warnings
from theodoi.planning.services.tasks import set_run_state
from theodoi.tenancy.models import Membership, Role

STOP_REASON = ("Không có tiến triển nhiều tháng; thực hiện chỉ đạo “kiên quyết dừng nhiệm vụ kém hiệu quả” "
               "của Kế hoạch.")


def load(docs: list[Document], today: dt.date) -> int:
    """Stop one stalled task of each plan whose issuer's leader has an account (idempotent)."""
    stopped = 0
    for doc in docs:
        if doc.issuer is None or doc.tasks.exclude(run_state=RunState.ACTIVE).exists():
            continue
        leader = Membership.objects.filter(unit=doc.issuer, role=Role.LEADER).select_related("user").first()
        if leader is None:
            continue
        stalled = [w.task for w in compute_warnings(today, units=doc.issuer)
                   if w.code == STALLED and w.task is not None and w.task.document_id == doc.pk]
        if len(stalled) < 2:
            continue  # keep a stalled warning on the plan for the leader to act on
        set_run_state(user=leader.user, task=stalled[0], run_state=RunState.STOPPED, reason=STOP_REASON)
        stopped += 1
    return stopped
