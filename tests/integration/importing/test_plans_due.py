"""Plans owed by lower units: read from the document or added by the office, fulfilled when the unit
imports a plan citing this one, warned when late."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from theodoi.audit.services import history
from theodoi.demo.data import seed_files
from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import PlanDue
from theodoi.planning.selectors.warnings import PLAN_DUE, compute_warnings
from theodoi.planning.services import child_plans
from theodoi.tenancy.models import Membership, Role, Unit, User


def _seed(prefix: str):
    return next(p for p in seed_files() if p.name.startswith(prefix))


def _plan(number: str, issuer: str, references: list[str], assignments: list[dict] | None = None) -> dict:
    return {"meta": {"doc_type": "KẾ HOẠCH", "number": number, "issuer": issuer, "issued_date": "2026-02-01",
                     "title": f"Kế hoạch {number}", "references": references},
            "targets": [], "tasks": [{"code": "1", "title": "Tổ chức thực hiện"}],
            "assignments": assignments or [], "reporting": []}


def test_seed_004_owes_the_party_cells_plans_by_april_2025_and_is_warned(lai_chau):
    for path in seed_files():
        import_plan(path.read_bytes(), path.name)
    [due] = PlanDue.objects.all()
    assert due.document.issuer.name.startswith("Huyện ủy Tam Đường")
    assert due.unit is None and due.unit_name.startswith("Các Chi, Đảng uỷ trực thuộc")
    assert (due.due_text, due.due_date) == ("hoàn thành trong tháng 4/2025", dt.date(2025, 4, 30))
    [w] = [w for w in compute_warnings(dt.date(2025, 6, 1)) if w.code == PLAN_DUE]
    assert w.unit == due.document.issuer and "quá hạn 32 ngày" in w.reason_vi and "tháng 4/2025" in w.reason_vi
    assert not [w for w in compute_warnings(dt.date(2025, 4, 1)) if w.code == PLAN_DUE]
    path = _seed("004")
    import_plan(path.read_bytes(), path.name)
    assert PlanDue.objects.count() == 1  # a re-import does not duplicate it


def test_a_due_is_fulfilled_when_the_unit_imports_a_plan_citing_the_plan(lai_chau):
    province = import_plan(b"x", "ubnd-tinh.json", extraction=_plan("20/KH-UBND", "UBND tỉnh Lai Châu", [], [
        {"unit": "UBND xã Bình Lư", "role": "thực hiện",
         "duties": "xây dựng kế hoạch thực hiện trước ngày 30/6/2026; báo cáo kết quả"}])).document
    [due] = province.plans_due.all()
    binh_lu = Unit.objects.get(slug="xa-binh-lu")
    assert due.unit == binh_lu and due.due_date == dt.date(2026, 6, 30)
    assert [w for w in compute_warnings(dt.date(2026, 7, 2)) if w.code == PLAN_DUE][0].unit == binh_lu
    commune = import_plan(b"y", "ubnd-xa.json", extraction=_plan("5/KH-UBND", "UBND xã Bình Lư",
                                                                 ["20/KH-UBND"])).document
    due.refresh_from_db()
    assert due.fulfilled_by == commune and due.fulfilled_on == dt.date(2026, 2, 1)
    assert history(due).last().action == "fulfil"
    assert not [w for w in compute_warnings(dt.date(2026, 7, 2)) if w.code == PLAN_DUE]


def test_the_office_adds_and_names_dues(lai_chau, client):
    province = import_plan(b"x", "ubnd-tinh.json", extraction=_plan("21/KH-UBND", "UBND tỉnh Lai Châu", [])).document
    office = User.objects.create_user("vp_tinh", password="mat-khau-dai-2026-x")
    Membership.objects.create(user=office, unit=province.issuer, role=Role.ADMIN)
    officer = User.objects.create_user("cb", password="mat-khau-dai-2026-y")
    Membership.objects.create(user=officer, unit=Unit.objects.get(slug="xa-binh-lu-vhxh"), role=Role.OFFICER)
    bum_nua = Unit.objects.get(slug="xa-bum-nua")
    with pytest.raises(PermissionDenied):
        child_plans.add_plan_due(user=officer, document=province, unit=bum_nua, due_text="tháng 9/2027")
    with pytest.raises(ValidationError, match="hạn"):
        child_plans.add_plan_due(user=office, document=province, unit=bum_nua)
    elsewhere = Unit.objects.filter(kind="province").exclude(pk=province.issuer_id).first()
    with pytest.raises(ValidationError, match="không thuộc"):
        child_plans.add_plan_due(user=office, document=province, unit=elsewhere,
                                 due_text="tháng 9/2027")
    due = child_plans.add_plan_due(user=office, document=province, unit=bum_nua, due_text="tháng 9/2027")
    assert due.due_date == dt.date(2027, 9, 30) and due.fulfilled_by is None
    client.force_login(office)
    page = client.get(province.get_absolute_url()).content.decode()
    assert "Kế hoạch cấp dưới phải xây dựng" in page and bum_nua.name in page and "Chưa đến hạn" in page
    binh_lu = Unit.objects.get(slug="xa-binh-lu")
    resp = client.post(reverse("plan_due", args=[province.uid]), {
        "prefix": f"d{due.pk}", f"d{due.pk}-due": due.pk, f"d{due.pk}-version": due.version,
        f"d{due.pk}-unit": binh_lu.pk, f"d{due.pk}-due_date": "2027-10-31"})
    assert resp.status_code == 302
    due.refresh_from_db()
    assert (due.unit, due.due_date, due.origin) == (binh_lu, dt.date(2027, 10, 31), "office")
    stale = client.post(reverse("plan_due", args=[province.uid]), {
        "prefix": f"d{due.pk}", f"d{due.pk}-due": due.pk, f"d{due.pk}-version": 1,
        f"d{due.pk}-unit": bum_nua.pk, f"d{due.pk}-due_date": "2027-10-31"})
    assert stale.status_code == 302 and PlanDue.objects.get(pk=due.pk).unit == binh_lu
    resp = client.post(reverse("plan_due", args=[province.uid]), {
        "prefix": "new", "new-unit": bum_nua.pk, "new-due_text": "quý IV/2027"})
    assert resp.status_code == 302 and province.plans_due.count() == 2
    client.force_login(officer)
    assert client.post(reverse("plan_due", args=[province.uid]), {"prefix": "new"}).status_code == 403
