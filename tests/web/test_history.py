"""History shown as history: an abolished district out of current lists and rankings, its plan
shown as ended and handed over, and its open tasks shared among its successors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from theodoi.audit.models import AuditEvent
from theodoi.planning.models import DocStatus, DocType, Document, Task
from theodoi.planning.selectors import history
from theodoi.planning.services.handover import hand_over_plan
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind

pytestmark = pytest.mark.django_db
LAST_DAY = dt.date(2025, 6, 30)


@pytest.fixture
def old(world, django_user_model):
    """Huyện Cũ (abolished 30/06/2025, successors xã An Bình and xã Bình Yên), its old commune
    Sơn Cũ (merged into An Bình), its plan with three open tasks, and the province's standing office."""
    district = Unit.objects.create(slug="huyen-cu", name="Huyện Cũ", kind=UnitKind.DISTRICT, parent=world.lai_chau,
                                   valid_to=LAST_DAY)
    son_cu = Unit.objects.create(slug="xa-son-cu", name="Xã Sơn Cũ", kind=UnitKind.COMMUNE, parent=district,
                                 valid_to=LAST_DAY)
    son_cu.successors.add(world.xa_a)
    district.successors.set([world.xa_a, world.xa_b])
    plan = Document.objects.create(doc_type=DocType.KE_HOACH, number="5/KH-UBND", issuer=district,
                                   title="Kế hoạch chuyển đổi số huyện Cũ", status=DocStatus.ACTIVE,
                                   issued_date=dt.date(2024, 3, 1))
    local = Task.objects.create(document=plan, code="1", title="Xây dựng điểm bưu điện văn hóa xã Sơn Cũ",
                                lead_unit=district, due_date=dt.date(2026, 12, 31))
    wide = Task.objects.create(document=plan, code="2", title="Tuyên truyền chuyển đổi số trên toàn huyện",
                               lead_unit=district, due_date=dt.date(2026, 12, 31), budget_planned=Decimal("1000001"))
    wide.targets.add(world.target)
    other = Task.objects.create(document=plan, code="3", title="Phổ cập kỹ năng số tại xã Bình Yên",
                                lead_unit=district)
    done = Task.objects.create(document=plan, code="4", title="Đã xong", lead_unit=district,
                               completed_on=dt.date(2025, 5, 1))
    office = django_user_model.objects.create_user(username="tinh_admin", password=world.password)
    Membership.objects.create(user=office, unit=world.lai_chau, role=Role.ADMIN)
    return SimpleNamespace(district=district, son_cu=son_cu, plan=plan, local=local, wide=wide, other=other,
                           done=done, office=office)


def test_the_proposal_follows_the_area_each_task_names(world, old):
    successors, proposals = history.split_proposal(old.plan, timezone.localdate())
    assert [s.name for s in successors] == ["Xã An Bình", "Xã Bình Yên"]
    by_code = {p.task.code: p for p in proposals}
    assert set(by_code) == {"1", "2", "3"}  # the completed task is not handed over
    assert by_code["1"].proposed == [world.xa_a] and by_code["1"].matched == ["Sơn Cũ"]
    assert by_code["3"].proposed == [world.xa_b] and by_code["3"].by_area
    assert by_code["2"].proposed == [world.xa_a, world.xa_b] and not by_code["2"].by_area


def test_handover_moves_or_copies_each_task_with_audit(world, old):
    day = timezone.localdate()
    done = hand_over_plan(old.plan, {old.local.pk: [world.xa_a], old.wide.pk: [world.xa_a, world.xa_b]},
                          user=old.office, today=day)
    assert (done.moved, done.copied, done.copies) == (1, 1, 2)
    old.local.refresh_from_db()
    assert old.local.lead_unit == world.xa_a and old.local.lead_unit_name == "Xã An Bình"
    copies = list(Task.objects.filter(parent=old.wide).order_by("code"))
    assert [(c.code, c.lead_unit, c.budget_planned) for c in copies] == [
        ("2.1", world.xa_a, Decimal("500001")), ("2.2", world.xa_b, Decimal("500000"))]
    assert all(list(c.targets.all()) == [world.target] for c in copies)
    old.wide.refresh_from_db()
    assert old.wide.budget_planned is None  # counted once, in the copies
    assert AuditEvent.objects.filter(action="hand_over").count() == 2
    assert AuditEvent.objects.filter(action="create", object_id__in=[str(c.pk) for c in copies]).count() == 2
    end = history.plan_end(old.plan, day)
    assert end is not None and [u.name for u in end.receivers] == ["Xã An Bình", "Xã Bình Yên"]


def test_handover_refuses_and_writes_nothing(world, old):
    day = timezone.localdate()
    with pytest.raises(ValidationError):  # xã Cầu Đá is no successor
        hand_over_plan(old.plan, {old.local.pk: [world.xa_a], old.wide.pk: [world.xa_c]}, user=old.office, today=day)
    with pytest.raises(PermissionDenied):  # the commune's office does not manage the district's plan
        hand_over_plan(old.plan, {old.local.pk: [world.xa_a]}, user=world.admin, today=day)
    with pytest.raises(ValidationError):  # a completed task is not open
        hand_over_plan(old.plan, {old.done.pk: [world.xa_a]}, user=old.office, today=day)
    with pytest.raises(ValidationError):  # a plan of a unit still existing needs no handover
        hand_over_plan(world.plan, {world.task.pk: [world.xa_a]}, user=old.office, today=day)
    old.local.refresh_from_db()
    assert old.local.lead_unit == old.district and not AuditEvent.objects.filter(action="hand_over").exists()


def test_abolished_units_are_out_of_lists_and_rankings(login, world, old):
    client = login(old.office)
    units = client.get(reverse("unit_list")).content.decode()
    assert "Xã An Bình" in units and "Huyện Cũ" not in units and "Xã Sơn Cũ" not in units
    assert "Huyện Cũ" in client.get(reverse("unit_list") + "?ended=on").content.decode()
    dash = client.get(reverse("dashboard_unit", args=["lai-chau"])).content.decode()
    ranking = dash.split("Xếp hạng", 1)[1] if "Xếp hạng" in dash else dash
    assert "Huyện Cũ" not in ranking
    # the abolished district's own page still lists what it had, and names its successors
    page = client.get(reverse("unit_detail", args=["huyen-cu"])).content.decode()
    assert "Xã Sơn Cũ" in page and "hoạt động đến hết ngày 30/06/2025" in page and "Đơn vị kế thừa" in page


def test_units_are_listed_in_vietnamese_order(login, world, old):
    Unit.objects.create(slug="xa-dong", name="Xã Đông Phong", kind=UnitKind.COMMUNE, parent=world.lai_chau)
    Unit.objects.create(slug="xa-dao", name="Xã Dào San", kind=UnitKind.COMMUNE, parent=world.lai_chau)
    rows = login(old.office).get(reverse("unit_list_export", args=["json"])).json()["results"]
    names = [r["name"] for r in rows if r["name"].startswith("Xã") and r["parent"] == "Tỉnh Lai Châu"]
    assert names == ["Xã An Bình", "Xã Bình Yên", "Xã Dào San", "Xã Đông Phong"]


def test_the_plan_reads_as_ended_and_handed_over_on_staff_and_public_pages(login, client, world, old):
    hand_over_plan(old.plan, {old.local.pk: [world.xa_a], old.wide.pk: [world.xa_a, world.xa_b]},
                   user=old.office, today=timezone.localdate())
    staff = login(old.office).get(reverse("plan_detail", args=[old.plan.uid])).content.decode()
    assert "Đã kết thúc, đã bàn giao" in staff and "Đang thực hiện</dd>" not in staff
    assert "hoạt động đến hết ngày 30/06/2025" in staff and "Xã Bình Yên" in staff
    assert reverse("handover_plan", args=[old.plan.uid]) in staff
    listing = login(old.office).get(reverse("plan_list_export", args=["json"])).json()["results"]
    assert {r["number"]: r["status"] for r in listing}["5/KH-UBND"] == "Đã kết thúc, đã bàn giao"
    client.logout()
    public = client.get(reverse("portal:plan", args=[old.plan.uid])).content.decode()
    assert "Đã kết thúc, đã bàn giao" in public and "Xã An Bình, Xã Bình Yên" in public
    assert "Đã kết thúc, đã bàn giao" in client.get(reverse("portal:index")).content.decode()


def test_the_province_shares_the_tasks_on_its_page(login, world, old):
    client = login(old.office)
    assert "5/KH-UBND" in client.get(reverse("handover_list")).content.decode()
    url = reverse("handover_plan", args=[old.plan.uid])
    page = client.get(url).content.decode()
    assert "nêu địa bàn Sơn Cũ" in page and "không nêu địa bàn" in page
    assert "Đã kết thúc, chưa bàn giao" in page  # nothing handed over yet
    resp = client.post(url, {f"task-{old.local.pk}": ["xa-a"], f"task-{old.wide.pk}": ["xa-a", "xa-b"],
                             f"task-{old.other.pk}": ["xa-b"], "reason": "Quyết định 12/QĐ-UBND"})
    assert resp.status_code == 302
    assert Task.objects.filter(parent=old.wide).count() == 2
    old.other.refresh_from_db()
    assert old.other.lead_unit == world.xa_b
    assert AuditEvent.objects.filter(action="hand_over", reason__contains="Quyết định 12/QĐ-UBND").count() == 3
    # a commune's office may not hand the district's work over
    assert login(world.admin).get(url).status_code == 403
    assert login(world.officer).get(reverse("handover_list")).status_code == 403


def test_a_party_committee_hands_over_by_the_commune_each_successor_works_in(world, old):
    committee = Unit.objects.create(slug="huyen-uy-cu", name="Huyện ủy Cũ", kind=UnitKind.PARTY,
                                    parent=old.district, valid_to=LAST_DAY)
    party_a = Unit.objects.create(slug="xa-a-dang-uy", name="Đảng ủy xã An Bình", short_name="Đảng ủy",
                                  kind=UnitKind.PARTY, parent=world.xa_a)
    party_b = Unit.objects.create(slug="xa-b-dang-uy", name="Đảng ủy xã Bình Yên", short_name="Đảng ủy",
                                  kind=UnitKind.PARTY, parent=world.xa_b)
    committee.successors.set([party_a, party_b])
    plan = Document.objects.create(doc_type=DocType.KE_HOACH, number="9-KH/HU", issuer=committee,
                                   title="Kế hoạch của Huyện ủy", status=DocStatus.ACTIVE)
    Task.objects.create(document=plan, code="1", title="Đảng ủy các xã quán triệt nghị quyết", lead_unit=committee)
    Task.objects.create(document=plan, code="2", title="Điểm chuyển đổi số tại xã Sơn Cũ", lead_unit=committee)
    _successors, proposals = history.split_proposal(plan, timezone.localdate())
    by_code = {p.task.code: p for p in proposals}
    assert by_code["1"].proposed == [party_a, party_b] and not by_code["1"].by_area  # "Đảng ủy" names no area
    assert by_code["2"].proposed == [party_a] and by_code["2"].matched == ["Sơn Cũ"]
    done = hand_over_plan(plan, {p.task.pk: p.proposed for p in proposals}, user=None, today=timezone.localdate())
    assert (done.moved, done.copied) == (1, 1)
