"""import_plan: the document, its cascade links, targets, tasks, assignments; idempotent; safe."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from theodoi.demo.data import seed_files
from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import DocStatus, Document, Measurement, Target
from theodoi.tenancy.models import Membership, Role, Unit, User


def _seed(prefix: str):
    return next(p for p in seed_files() if p.name.startswith(prefix))


@pytest.fixture
def phong_tho_plan(lai_chau):
    path = _seed("002")
    return import_plan(path.read_bytes(), path.name)


def test_import_stores_plan_and_matches_units(phong_tho_plan):
    doc = phong_tho_plan.document
    assert phong_tho_plan.created
    assert doc.issuer.slug == "xa-phong-tho"
    assert doc.period_start == doc.period_end == 2026
    assert doc.targets.count() >= 10
    assert doc.tasks.filter(code="III.3.1").exists()
    sub = doc.tasks.get(code="III.3.1")
    assert sub.parent.code == "III.3"
    assert doc.monthly_due_day == 15
    duty = doc.reporting_duties.get(frequency="monthly")
    assert duty.unit.slug == "xa-phong-tho-vhxh"
    assert duty.recipient.slug == "lai-chau-so-khcn"
    assert doc.source_file.name and doc.source_text
    pct = doc.targets.filter(unit_of_measure="%").first()
    assert pct.indicator is not None and pct.indicator.kind == "ratio"


def test_cited_documents_become_stub_nodes_linked_both_ways(phong_tho_plan):
    doc = phong_tho_plan.document
    nq57 = Document.objects.get(number_key="57-NQ/TW")
    assert nq57.status == DocStatus.STUB and nq57.doc_type == "nghi_quyet"
    assert doc in nq57.implemented_by.all()
    assert doc.outgoing_links.count() == len(doc.extraction["meta"]["references"])


def test_reimport_updates_instead_of_duplicating(phong_tho_plan):
    doc = phong_tho_plan.document
    target = doc.targets.filter(unit_of_measure="%").first()
    Measurement.objects.create(target=target, unit=doc.issuer, period_key="2026-05",
                               period_end="2026-05-14", value=50)
    counts = (Document.objects.count(), Target.objects.count(), doc.tasks.count())
    path = _seed("002")
    again = import_plan(path.read_bytes(), path.name)
    assert not again.created and again.document.pk == doc.pk
    assert counts == (Document.objects.count(), Target.objects.count(), doc.tasks.count())
    assert Measurement.objects.filter(target=target).exists()


def test_permission_to_import(lai_chau):
    path = _seed("002")
    officer = User.objects.create_user("o", password="x-very-long-1")
    Membership.objects.create(user=officer, unit=Unit.objects.get(slug="xa-phong-tho-vhxh"), role=Role.OFFICER)
    with pytest.raises(PermissionDenied):
        import_plan(path.read_bytes(), path.name, user=officer)
    other = User.objects.create_user("other", password="x-very-long-2")
    Membership.objects.create(user=other, unit=Unit.objects.get(slug="xa-binh-lu"), role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        import_plan(path.read_bytes(), path.name, user=other)
    assert not Document.objects.exclude(status=DocStatus.STUB).exists()
    admin = User.objects.create_user("admin_pt", password="x-very-long-3")
    Membership.objects.create(user=admin, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    assert import_plan(path.read_bytes(), path.name, user=admin).document.created_by == admin


@pytest.mark.parametrize("data, name", [
    (b"", "empty.txt"),
    (bytes(range(256)) * 40, "junk.docx"),
    ("Xin chào, đây là một lá thư bình thường.".encode(), "letter.txt"),
])
def test_bad_input_stores_nothing(lai_chau, data, name):
    before = Document.objects.count()
    with pytest.raises(ValidationError) as exc:
        import_plan(data, name)
    assert exc.value.messages[0]
    assert Document.objects.count() == before


def test_unknown_issuer_asks_for_one(lai_chau):
    path = _seed("002")
    text = path.read_text(encoding="utf-8").replace("Phong Thổ", "Hòa Bình Xanh")
    with pytest.raises(ValidationError, match="cơ quan ban hành"):
        import_plan(text.encode(), "other.txt")
    result = import_plan(text.encode(), "other.txt", issuer=Unit.objects.get(slug="xa-phong-tho"))
    assert result.document.issuer.slug == "xa-phong-tho"
