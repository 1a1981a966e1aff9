"""A plan that replaces another: the replaced plan is closed and its open tasks are offered to the new
plan, matched to its tasks by their wording; the office links, carries over or closes each, audited,
version-checked, all or nothing (selectors.carry_over, services.carry_over, /plans/<uid>/carry-over/)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from theodoi.audit.models import AuditEvent
from theodoi.demo.data import seed_files
from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import DocStatus, Document, ProgressUpdate, ReviewState, RunState, Task
from theodoi.planning.selectors.carry_over import offers
from theodoi.planning.services.carry_over import decide
from theodoi.planning.services.errors import ConflictError
from theodoi.tenancy.models import Membership, Role, Unit, User

TODAY = dt.date(2026, 6, 20)


@pytest.fixture
def replaced(lai_chau):
    """Thanh tra tỉnh's old plan 200/KH-TTr with four tasks, then seed 003 that replaces it."""
    thanh_tra = Unit.objects.get(slug="lai-chau-thanh-tra")
    old = Document.objects.create(number="200/KH-TTr", title="Kế hoạch cũ", status=DocStatus.ACTIVE, issuer=thanh_tra,
                                  issued_date=dt.date(2025, 3, 1))

    def task(code, title, **kw):
        return Task.objects.create(document=old, code=code, title=title, lead_unit=thanh_tra, position=int(code),
                                   **kw)

    same = task("1", "Tăng cường giám sát, đánh giá việc thực hiện", outputs="Báo cáo giám sát",
                budget_planned=Decimal(5_000_000))
    ProgressUpdate.objects.create(task=same, unit=thanh_tra, period_key="2025-10", period_end=dt.date(2025, 10, 14),
                                  percent=Decimal(40), work_done="Đã giám sát 3 đơn vị", state=ReviewState.APPROVED)
    alone = task("2", "Xây dựng bộ cơ sở dữ liệu thanh tra điện tử dùng chung", outputs="Cơ sở dữ liệu")
    closing = task("3", "Tổ chức hội thảo về thanh tra công vụ", outputs="Hội thảo")
    task("4", "Rà soát văn bản đã xong", completed_on=dt.date(2025, 9, 1))  # finished: not offered
    task("5", "Khảo sát bị dừng", run_state=RunState.STOPPED, run_state_reason="Không cần nữa")  # stopped: not offered
    path = next(p for p in seed_files() if p.name.startswith("003"))
    new = import_plan(path.read_bytes(), path.name).document
    old.refresh_from_db()
    assert old.status == DocStatus.CLOSED
    office = User.objects.create_user(username="tt.vp", password="x")
    Membership.objects.create(user=office, unit=thanh_tra, role=Role.ADMIN)
    return old, new, office, same, alone, closing


def test_the_open_tasks_are_offered_with_the_new_plans_task_of_the_same_work(replaced):
    old, new, _office, same, alone, closing = replaced
    offered = {o.task.pk: o for o in offers(new, TODAY)}
    assert set(offered) == {same.pk, alone.pk, closing.pk}  # not the finished one, not the stopped one
    match = offered[same.pk].match
    assert match is not None and match.document == new and match.title.startswith("Tăng cường giám sát đánh giá")
    assert offered[same.pk].score >= 0.6
    assert offered[alone.pk].match is None and offered[closing.pk].match is None


def test_the_office_links_carries_over_and_closes(replaced, client):
    old, new, office, same, alone, closing = replaced
    match = next(o.match for o in offers(new, TODAY) if o.task.pk == same.pk)
    client.force_login(office)
    url = reverse("plan_carry_over", args=[new.uid])
    assert reverse("plan_carry_over", args=[new.uid]) in client.get(new.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert "Nhiệm vụ của kế hoạch bị thay thế" in page and "Xây dựng bộ cơ sở dữ liệu thanh tra" in page
    n_tasks = new.tasks.count()
    resp = client.post(url, {f"action-{same.uid}": "link", f"version-{same.uid}": same.version,
                             f"action-{alone.uid}": "carry", f"version-{alone.uid}": alone.version,
                             f"action-{closing.uid}": "close", f"version-{closing.uid}": closing.version})
    assert resp.status_code == 302
    same.refresh_from_db(), alone.refresh_from_db(), closing.refresh_from_db()
    assert same.continued_by == match and same.version == 2
    carried = alone.continued_by
    assert carried.document == new and carried.title == alone.title and carried.outputs == "Cơ sở dữ liệu"
    assert carried.lead_unit == alone.lead_unit and new.tasks.count() == n_tasks + 1
    assert closing.run_state == RunState.STOPPED and "không tiếp tục" in closing.run_state_reason
    assert not offers(new, TODAY)
    for t in (same, alone, closing):
        assert AuditEvent.objects.filter(object_type="planning.task", object_id=str(t.pk), action="update").exists()
    created = AuditEvent.objects.get(object_type="planning.task", object_id=str(carried.pk), action="create")
    assert "200/KH-TTr" in created.reason
    # the new task's page shows the old one's history
    html = client.get(match.get_absolute_url()).content.decode()
    assert "Tiếp nối nhiệm vụ" in html and "Đã giám sát 3 đơn vị" in html
    assert "Tiếp nối bởi" in client.get(same.get_absolute_url()).content.decode()


def test_stale_versions_strangers_and_tasks_no_longer_offered_are_refused(replaced):
    old, new, office, same, alone, _closing = replaced
    with pytest.raises(ConflictError, match="vừa thay đổi"):
        decide(office, new, [(str(alone.uid), "carry", alone.version), (str(same.uid), "link", same.version - 1)],
               TODAY)
    alone.refresh_from_db()
    assert alone.continued_by is None and new.tasks.filter(title=alone.title).count() == 0  # all or nothing
    with pytest.raises(ValidationError, match="không có nhiệm vụ tương ứng"):
        decide(office, new, [(str(alone.uid), "link", alone.version)], TODAY)
    stranger = User.objects.create_user(username="bl.vp", password="x")
    Membership.objects.create(user=stranger, unit=Unit.objects.get(slug="xa-binh-lu"), role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        decide(stranger, new, [(str(alone.uid), "carry", alone.version)], TODAY)
    decide(office, new, [(str(alone.uid), "close", alone.version)], TODAY)
    with pytest.raises(ValidationError, match="không còn chờ"):
        decide(office, new, [(str(alone.uid), "carry", alone.version + 1)], TODAY)


def test_audit_verify_passes_after_the_decisions(replaced):
    from theodoi.audit.verify import verify

    old, new, office, same, alone, closing = replaced
    decide(office, new, [(str(same.uid), "link", same.version), (str(alone.uid), "carry", alone.version)], TODAY)
    from theodoi.audit.services import record_baseline

    record_baseline("Dữ liệu kiểm thử")  # the fixture's own rows were written directly
    report = verify()
    assert report.ok, report


def test_the_replaced_plan_is_not_a_parent_the_new_plan_is_checked_against(replaced):
    from theodoi.planning.selectors.conformity import conformity

    old, new, *_rest = replaced
    assert old not in conformity(new).parents
