"""A province plan imported after the commune's: the commune's targets are offered their parent
targets, and linked once the commune's office confirms (audited, versioned, permissioned)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from theodoi.audit.models import AuditEvent
from theodoi.demo.data import seed_files
from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import DocStatus, Document, Target
from theodoi.planning.selectors.relink import suggestions
from theodoi.planning.services.cascade import link_targets
from theodoi.tenancy.models import Membership, Role, Unit, User

PARENT_TARGETS = [
    {"text": "Phủ sóng 4G cho 100% thôn, bản, tổ dân phố trên địa bàn tỉnh.", "value": 100, "unit": "%",
     "comparator": ">=", "deadline_year": 2026},
    {"text": "Tỷ lệ người dân sử dụng dịch vụ công trực tuyến toàn trình đạt 80%.", "value": 80, "unit": "%",
     "comparator": ">=", "deadline_year": 2026},
]


@pytest.fixture
def commune_then_province(lai_chau):
    path = next(p for p in seed_files() if p.name.startswith("002"))
    commune = import_plan(path.read_bytes(), path.name).document  # cites 978/KH-UBND, still a stub
    stub = Document.objects.get(number="978/KH-UBND")
    assert stub.status == DocStatus.STUB and not suggestions(commune)
    extraction = {"meta": {"doc_type": "KẾ HOẠCH", "number": "978/KH-UBND", "issuer": "UBND tỉnh Lai Châu",
                           "title": "Kế hoạch thực hiện Nghị quyết 57-NQ/TW năm 2026",
                           "period": {"start": 2026, "end": 2026}, "references": ["57-NQ/TW"]},
                  "targets": PARENT_TARGETS, "tasks": [], "assignments": [], "reporting": []}
    province = import_plan(b"978", "978-KH-UBND.txt", extraction=extraction,
                           issuer=Unit.objects.get(slug="tinh-lai-chau")).document
    assert province.pk == stub.pk and province.status == DocStatus.ACTIVE  # the stub became the plan
    office = User.objects.create_user(username="pt.vp", password="x")
    Membership.objects.create(user=office, unit=commune.issuer, role=Role.ADMIN)
    return commune, province, office


def test_the_commune_targets_are_offered_their_parent_targets(commune_then_province):
    commune, province, _office = commune_then_province
    offered = {s.child.text: s for s in suggestions(commune)}
    four_g = offered["Phủ sóng 4G cho 100% thôn, bản, tổ dân phố."]
    assert four_g.parent.document == province and four_g.parent.text.startswith("Phủ sóng 4G")
    assert four_g.score == 1.0 and four_g.same_indicator  # the importer shared the indicator
    assert all(s.child.parent_id is None for s in offered.values())


def test_the_office_confirms_and_each_link_is_audited(commune_then_province, client):
    commune, province, office = commune_then_province
    [s] = [s for s in suggestions(commune) if s.child.text.startswith("Phủ sóng 4G")]
    client.force_login(office)
    url = reverse("plan_relink", args=[commune.uid])
    page = client.get(url)
    assert page.status_code == 200 and "Phủ sóng 4G" in page.content.decode()
    assert reverse("plan_relink", args=[commune.uid]) in client.get(commune.get_absolute_url()).content.decode()
    resp = client.post(url, {"link": [str(s.child.uid)], f"version-{s.child.uid}": str(s.child.version)})
    assert resp.status_code == 302
    child = Target.objects.get(pk=s.child.pk)
    assert child.parent == s.parent and child.version == s.child.version + 1
    event = AuditEvent.objects.filter(object_type="planning.target", object_id=str(child.pk)).last()
    assert event.before["parent_id"] is None and "978/KH-UBND" in event.reason
    assert not [x for x in suggestions(commune) if x.child.pk == child.pk]  # no longer offered


def test_stale_versions_and_strangers_are_refused(commune_then_province):
    commune, _province, office = commune_then_province
    s = suggestions(commune)[0]
    with pytest.raises(ValidationError, match="vừa được người khác sửa"):
        link_targets(office, commune, [(str(s.child.uid), str(s.parent.uid), s.child.version - 1)])
    stranger = User.objects.create_user(username="bl.vp", password="x")
    Membership.objects.create(user=stranger, unit=Unit.objects.get(slug="xa-binh-lu"), role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        link_targets(stranger, commune, [(str(s.child.uid), str(s.parent.uid), s.child.version)])
    assert Target.objects.get(pk=s.child.pk).parent is None
