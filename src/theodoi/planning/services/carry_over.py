"""The office's decision on each open task of a replaced plan (``selectors.carry_over``).

``decide(user, doc, choices)`` applies, all or nothing, one choice per task of a plan ``doc``
replaces, each with the version the page showed:

* ``link`` — the old task is continued by a task the new plan already has (``continued_by``): the
  new task's page shows the old one's history, which stays where it was written;
* ``carry`` — the old task becomes a new task of the new plan (same work, lead, people, outputs,
  deadline, budget and targets it serves), which continues it;
* ``close`` — the old task is stopped with the reason that the new plan does not carry it.

Each change is audited; a stale version or a task no longer offered is refused with a Vietnamese
message, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.planning.models import Document, RunState, Task
from theodoi.planning.selectors.carry_over import offers
from theodoi.planning.services.common import check_version, lock, require
from theodoi.planning.services.handover import COPIED_FIELDS

LINK, CARRY, CLOSE = "link", "carry", "close"
SHOWN = ("title", "lead_unit_id", "due_date", "run_state", "continued_by_id")


def decide(user: Any, doc: Document, choices: Iterable[tuple[str, str, int]], today: dt.date) -> dict[str, int]:
    """Apply ``choices`` — (old task uid, ``link`` | ``carry`` | ``close``, the old task's version as
    shown) — for the plan ``doc``; the number of each kind done."""
    require(user, "manage", doc, _("Chỉ văn phòng thường trực của cơ quan ban hành kế hoạch mới được "
                                   "chuyển nhiệm vụ của kế hoạch bị thay thế."))
    offered = {str(o.task.uid): o for o in offers(doc, today)}
    done = {LINK: 0, CARRY: 0, CLOSE: 0}
    with transaction.atomic():
        for uid, action, version in choices:
            offer = offered.get(uid)
            if offer is None or action not in done:
                raise ValidationError(_("Nhiệm vụ không còn chờ chuyển sang kế hoạch này; hãy tải lại trang."))
            if action == LINK and offer.match is None:
                raise ValidationError(_("Nhiệm vụ “%(t)s” không có nhiệm vụ tương ứng trong kế hoạch mới để nối.")
                                      % {"t": offer.task.title[:80]})
            require(user, "manage", offer.task, _("Bạn không có quyền sửa nhiệm vụ của kế hoạch bị thay thế."))
            row = lock(Task, offer.task.pk)
            check_version(row, version, SHOWN)
            before = snapshot(row)
            plan = doc.number or doc.title[:80]
            if action == CLOSE:
                row.run_state = RunState.STOPPED
                row.run_state_reason = _("Kế hoạch %(plan)s thay thế kế hoạch này không tiếp tục nhiệm vụ.") % {
                    "plan": plan}
                reason = row.run_state_reason
            else:
                successor = offer.match if action == LINK else _carry(user, row, doc)
                assert successor is not None
                row.continued_by = successor
                reason = (_("Tiếp nối bởi nhiệm vụ “%(t)s” của kế hoạch %(plan)s thay thế") if action == LINK else
                          _("Chuyển thành nhiệm vụ “%(t)s” của kế hoạch %(plan)s thay thế")) % {
                    "t": successor.title[:80], "plan": plan}
            row.version += 1
            row.save()
            record("update", row, actor=user, before=before, after=snapshot(row), reason=reason)
            done[action] += 1
    return done


def _carry(user: Any, old: Task, doc: Document) -> Task:
    """The old task as a new task of ``doc``, after the plan's last task (audited as created)."""
    last = doc.tasks.aggregate(m=Max("position"))["m"]
    new = Task(document=doc, code=old.code, title=old.title, lead_unit=old.lead_unit,
               lead_unit_name=old.lead_unit_name, receiving_unit=old.receiving_unit,
               responsible_person=old.responsible_person,
               budget_planned=old.budget_planned, position=(last or 0) + 1, created_by=user,
               **{f: getattr(old, f) for f in COPIED_FIELDS})
    new.save()
    new.coordinating_units.set(old.coordinating_units.all())
    target_ids = sorted(old.targets.values_list("pk", flat=True))
    new.targets.set(target_ids)
    record("create", new, actor=user, after=snapshot(new, {"targets": target_ids}),
           reason=_("Chuyển từ nhiệm vụ “%(t)s” của kế hoạch %(old)s bị thay thế") % {
               "t": old.title[:80], "old": old.document.number or old.document.title[:80]})
    return new
