"""Cited documents as full nodes: the issuer and date their citing sentence names, their own upward
link, the kind of each link (implements, cites, replaces, amends), readable along the chain."""

from __future__ import annotations

import datetime as dt

import pytest

from theodoi.audit.models import AuditEvent
from theodoi.demo.data import seed_files
from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import DocStatus, Document, DocumentLink, LinkKind
from theodoi.tenancy.models import Membership, Role, Unit, User
from theodoi.tenancy.permissions import restrict


def _import(prefix: str):
    path = next(p for p in seed_files() if p.name.startswith(prefix))
    return import_plan(path.read_bytes(), path.name).document


def _doc(number: str) -> Document:
    return Document.objects.get(number=number)


def _kind(source: Document, target: Document) -> str:
    return DocumentLink.objects.get(source=source, target=target).kind


@pytest.fixture
def binh_lu_plan(lai_chau):
    return _import("001")


def test_stubs_get_issuer_date_and_upward_link_from_the_citing_sentence(binh_lu_plan):
    plan = binh_lu_plan
    province_plan = _doc("2391/KH-UBND")  # "… ngày 03/4/2026 của UBND tỉnh Lai Châu về thực hiện Nghị quyết 10-NQ/TU"
    assert province_plan.status == DocStatus.STUB
    assert province_plan.issuer.slug == "tinh-lai-chau" and province_plan.issued_date == dt.date(2026, 4, 3)
    resolution = _doc("10-NQ/TU")  # "… của Ban Chấp hành Đảng bộ tỉnh": the province's Tỉnh ủy
    assert resolution.issuer.slug == "lai-chau-tinh-uy" and resolution.issued_date == dt.date(2026, 3, 5)
    assert _kind(province_plan, resolution) == LinkKind.IMPLEMENTS
    party_plan = _doc("86-KH/ĐU")  # "… của Ban Thường vụ Đảng ủy xã Bình Lư"
    assert party_plan.issuer.slug == "xa-binh-lu-dang-uy"
    # the plan implements what its "Thực hiện …" lines name, and only cites the rest
    assert _kind(plan, province_plan) == _kind(plan, resolution) == LinkKind.IMPLEMENTS
    assert _kind(plan, _doc("57-NQ/TW")) == LinkKind.CITES
    # each completion of a stub is in the audit trail
    assert AuditEvent.objects.filter(object_id=str(province_plan.pk), object_type="planning.document").exists()


def test_the_office_reads_every_document_its_plan_cites_up_the_chain(binh_lu_plan, lai_chau):
    office = Unit.objects.get(slug="xa-binh-lu-van-phong")  # the standing office of Bình Lư
    user = User.objects.create_user(username="vp", password="x")
    Membership.objects.create(user=user, unit=office, role=Role.ADMIN)
    seen = set(restrict(Document.objects.all(), user).values_list("number", flat=True))
    cited = {link.target.number for link in binh_lu_plan.outgoing_links.select_related("target")}
    assert cited <= seen
    assert {"2391/KH-UBND", "10-NQ/TU", "86-KH/ĐU", "57-NQ/TW"} <= seen
    stranger = User.objects.create_user(username="pt", password="x")
    Membership.objects.create(user=stranger, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    theirs = set(restrict(Document.objects.all(), stranger).values_list("number", flat=True))
    assert "86-KH/ĐU" not in theirs  # Bình Lư's Party committee's plan: only for those whose plan cites it


def test_a_plan_that_replaces_another_closes_it(lai_chau):
    old = Document.objects.create(number="200/KH-TTr", title="Kế hoạch cũ", status=DocStatus.ACTIVE,
                                  issuer=Unit.objects.get(slug="lai-chau-thanh-tra"))
    new = _import("003")  # "Kế hoạch này thay thế Kế hoạch số 200/KH-TTr …"
    old.refresh_from_db()
    assert _kind(new, old) == LinkKind.REPLACES
    assert old.status == DocStatus.CLOSED
    closing = AuditEvent.objects.filter(object_type="planning.document", object_id=str(old.pk)).last()
    assert "thay thế" in closing.reason


def test_a_plan_amending_another_cited_document_links_them(lai_chau):
    text = ("Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung Nghị quyết\n"
            "số 03/NQ-CP ngày 09/01/2025 của Chính phủ;\n\nKế hoạch này sửa đổi, bổ sung Kế hoạch số 12/KH-UBND.\n")
    doc = Document.objects.create(number="20/KH-UBND", title="Kế hoạch", status=DocStatus.ACTIVE,
                                  issuer=Unit.objects.get(slug="xa-binh-lu"))
    from theodoi.planning.importing.service import _link_references

    _link_references(doc, ["71/NQ-CP", "03/NQ-CP", "12/KH-UBND"], doc.issuer, text)
    assert _kind(_doc("71/NQ-CP"), _doc("03/NQ-CP")) == LinkKind.AMENDS
    assert _kind(doc, _doc("12/KH-UBND")) == LinkKind.AMENDS
    assert _kind(doc, _doc("71/NQ-CP")) == LinkKind.CITES
    assert _doc("71/NQ-CP").issuer.slug == "chinh-phu" and _doc("71/NQ-CP").issued_date == dt.date(2025, 4, 1)
