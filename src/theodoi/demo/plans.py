"""The five seed plans, imported through the importer, then assigned as a standing office would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from theodoi.audit.services import record, snapshot
from theodoi.demo.data import seed_files
from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import Document
from theodoi.planning.services.handset import changed_fields, mark_hand_set
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind
from theodoi.tenancy.services import hand_over_open_tasks

# Offices that lead tasks in a commune's plan, in turn.
_LEADS = ("vhxh", "kinh-te", "cong-an", "van-phong", "dvth")


def load() -> list[Document]:
    """Import every seed (idempotent: a second import updates the same documents)."""
    docs = []
    for path in seed_files():
        result = import_plan(path.read_bytes(), path.name)
        docs.append(result.document)
    return docs


def assign(doc: Document, today: dt.date) -> None:
    """Give the plan's tasks a lead office, a person, a deadline and an approving authority.

    Done the way a standing office completes an imported plan; a few tasks are left
    without a person or an approving authority so the "6 rõ" list has real work.
    """
    commune = _commune_of(doc.issuer)
    if commune is None:
        return
    offices = [Unit.objects.filter(slug=f"{commune.slug}-{key}").first() for key in _LEADS]
    offices = [o for o in offices if o is not None]
    if not offices:
        return
    tasks = [t for t in doc.tasks.order_by("position") if not t.children.exists()]
    for i, task in enumerate(tasks):
        if task.lead_unit_id:
            continue
        before = snapshot(task)
        office = offices[i % len(offices)]
        task.lead_unit = office
        task.lead_unit_name = office.name if office else ""
        officer = Membership.objects.filter(unit=office, role=Role.OFFICER).select_related("user").first()
        if i % 4 != 3 and officer:
            task.responsible_person = officer.user
        if i % 5 != 4:
            task.approving_authority = f"Chủ tịch UBND {commune.name[0].lower()}{commune.name[1:]}"
        task.responsibility = task.responsibility or "Chủ trì tổ chức thực hiện, báo cáo kết quả hằng tháng."
        if not task.outputs and i % 6 != 5:
            task.outputs = "Báo cáo kết quả; sản phẩm theo kế hoạch"
        if task.due_date is None and i % 3 != 2:
            # quarters of the plan's first year, so some are past and some ahead
            year = doc.period_start or today.year
            quarter_end = [dt.date(year, 3, 31), dt.date(year, 6, 30), dt.date(year, 9, 30), dt.date(year, 12, 31)]
            task.due_date = quarter_end[i % 4]
            task.deadline_text = f"Quý {['I', 'II', 'III', 'IV'][i % 4]}/{year}"
            task.deadline_kind = "quarter"
        if i % 3 == 0:
            task.budget_planned = Decimal(50_000_000 * (i + 1))
            task.funding_source = "Ngân sách xã"
            task.finance_public = True
        task.is_science_task = "khoa học" in task.title.lower() and i % 2 == 0
        mark_hand_set(task, changed_fields(before, snapshot(task)))  # re-importing the seed keeps them
        task.version += 1
        task.save()
        record("assign", task, before=before, reason="Dữ liệu mẫu: văn phòng thường trực phân công")
    # Each target gets the office that enters its figures (the culture office first: it
    # collects the coverage figures), so an officer's home lists the figures they owe.
    for i, target in enumerate(doc.targets.filter(responsible_unit__isnull=True).order_by("position")):
        before = snapshot(target)
        target.responsible_unit = offices[i % len(offices)]
        target.version += 1
        target.save()
        record("assign", target, before=before, reason="Dữ liệu mẫu: văn phòng thường trực giao đơn vị nhập số liệu")


def hand_over(doc: Document, prefer: tuple[str, ...] = ()) -> None:
    """A plan of an abolished unit stays its own; its open tasks go to a successor.

    The tasks are first recorded as led by the old unit itself (the plan named its own
    bodies), then handed over through the audited service, to a successor among
    ``prefer`` (slugs) when there is one.
    """
    from theodoi.planning.selectors.history import split_proposal
    from theodoi.planning.services.handover import hand_over_plan

    issuer = doc.issuer
    if issuer is None or issuer.valid_to is None:
        return
    successors = list(issuer.successors.order_by("name"))
    if not successors:
        return
    chosen = next((s for s in successors if any(s.slug.startswith(p) for p in prefer)), successors[0])
    for task in doc.tasks.filter(lead_unit__isnull=True, children__isnull=True):
        before = snapshot(task)
        task.lead_unit, task.lead_unit_name = issuer, issuer.name
        mark_hand_set(task, ["lead_unit", "lead_unit_name"])
        task.version += 1
        task.save()
        record("assign", task, before=before, reason="Dữ liệu mẫu: nhiệm vụ của cấp ủy ban hành")
    hand_over_open_tasks(issuer, chosen, reason=f"{issuer.name} kết thúc hoạt động từ 01/7/2025")
    # then, as the province would on /plans/<uid>/handover/: a task naming the area of other
    # successors goes to them (copied to each when it names several), the rest stays with ``chosen``
    day = dt.date.today()
    _successors, proposals = split_proposal(doc, day)
    decisions = {p.task.pk: p.proposed for p in proposals if p.by_area and p.proposed != [chosen]}
    if decisions:
        hand_over_plan(doc, decisions, user=None, today=day,
                       reason=f"{issuer.name} kết thúc hoạt động từ 01/7/2025; giao theo địa bàn")


def _commune_of(unit: Unit | None) -> Unit | None:
    while unit is not None and unit.kind != UnitKind.COMMUNE:
        unit = unit.parent
    return unit if unit is not None and unit.valid_to is None else None
