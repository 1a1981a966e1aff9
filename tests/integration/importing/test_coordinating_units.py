"""Coordinating units a plan names for its tasks are stored, matched to the issuer's tree like leads.

Block tasks ("Cơ quan phối hợp: Công an xã; Phòng Kinh tế") and appendix rows (the "Đơn vị phối
hợp" column) name them. A name the tree does not know is kept as written (``coordinating_text``),
reported as unresolved, and the office's pick for it (``import_plan(units=…)``) is used; a re-import
keeps what people set, as for the other field groups (``importing.rows``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from theodoi.audit.verify import verify
from theodoi.planning.importing.service import import_plan, reimport_conflicts
from theodoi.planning.models import Task
from theodoi.planning.services.tasks import update_task
from theodoi.tenancy.models import Unit, User

HERE = Path(__file__).parent
BLOCKS = (HERE / "block_plan.txt").read_bytes()
APPENDIX = (HERE / "appendix_plan.txt").read_bytes()


def _slugs(task: Task) -> list[str]:
    return sorted(task.coordinating_units.values_list("slug", flat=True))


def test_block_tasks_store_their_coordinating_units_and_list_the_unknown_ones(lai_chau):
    result = import_plan(BLOCKS, "kh-98.txt")
    tasks = {t.code: t for t in result.document.tasks.all()}
    first, second = tasks["II.1"], tasks["II.2"]
    assert _slugs(first) == ["xa-phong-tho-cong-an", "xa-phong-tho-kinh-te"]
    assert first.coordinating_text == "Công an xã; Phòng Kinh tế"
    assert first.lead_unit.slug == "xa-phong-tho-vhxh"
    # neither name is a unit of the tree: nothing is guessed, both are kept as written and reported
    assert _slugs(second) == []
    assert second.coordinating_text == "Hội Nông dân xã; Hợp tác xã Sao Mai"
    assert {"Hội Nông dân xã", "Hợp tác xã Sao Mai"} <= set(result.unresolved)
    assert "Hợp tác xã Sao Mai" in result.summary_vi
    assert verify().ok


def test_appendix_rows_store_the_coordinating_column(lai_chau):
    doc = import_plan(APPENDIX, "kh-99.txt").document
    row = doc.tasks.get(code="PL.I.1")
    assert _slugs(row) == ["xa-phong-tho-cong-an"]
    assert row.coordinating_text == "Công an xã"
    assert _slugs(doc.tasks.get(code="PL.I.2")) == []


def test_the_office_picks_a_unit_for_a_name_the_tree_does_not_know(lai_chau):
    team = Unit.objects.get(slug="xa-phong-tho-to-cnscd")
    result = import_plan(BLOCKS, "kh-98.txt", units={"Hợp tác xã Sao Mai": team})
    second = result.document.tasks.get(code="II.2")
    assert _slugs(second) == ["xa-phong-tho-to-cnscd"]
    assert "Hợp tác xã Sao Mai" not in result.unresolved and "Hội Nông dân xã" in result.unresolved


def test_a_pick_outside_the_issuers_tree_is_refused_and_nothing_is_stored(lai_chau):
    from theodoi.planning.models import Document

    elsewhere = Unit.objects.get(slug="lai-chau-so-khcn")  # the province's agency: not under the commune
    with pytest.raises(ValidationError, match="không thuộc"):
        import_plan(BLOCKS, "kh-98.txt", units={"Hợp tác xã Sao Mai": elsewhere})
    assert not Document.objects.filter(number="98/KH-UBND").exists()


def test_reimport_keeps_coordinating_units_people_set_and_asks_where_the_document_differs(lai_chau, baseline):
    doc = import_plan(BLOCKS, "kh-98.txt").document
    admin = User.objects.create_superuser("vanphong", password="mat-khau-rat-dai-2026")
    baseline()  # written directly by the test, as audit verify sees it
    first, second = doc.tasks.get(code="II.1"), doc.tasks.get(code="II.2")
    team = Unit.objects.get(slug="xa-phong-tho-to-cnscd")
    dvth = Unit.objects.get(slug="xa-phong-tho-dvth")
    update_task(user=admin, task=first, fields={"coordinating_units": [dvth]})
    update_task(user=admin, task=second, fields={"coordinating_units": [team]})
    # the corrected plan: II.1 now names other units (a conflict), II.2 the same unknown names (kept)
    corrected = BLOCKS.replace("Cơ quan phối hợp: Công an xã; Phòng Kinh tế".encode(),
                               "Cơ quan phối hợp: Công an xã".encode())
    conflicts = reimport_conflicts(_extract(corrected), issuer=doc.issuer, data=corrected)
    assert [(c.subject.split()[0], c.group) for c in conflicts] == [("II.1", "coordinating")]
    assert "Trung tâm Dịch vụ tổng hợp" in conflicts[0].current and "Công an xã" in conflicts[0].document
    again = import_plan(corrected, "kh-98.txt")
    assert again.document.pk == doc.pk
    assert _slugs(Task.objects.get(pk=first.pk)) == ["xa-phong-tho-dvth"]  # kept: people set it
    assert _slugs(Task.objects.get(pk=second.pk)) == ["xa-phong-tho-to-cnscd"]  # the document is silent
    assert [c.key for c in again.conflicts] == [conflicts[0].key]
    # the office takes the document's value this time
    import_plan(corrected + b"\n", "kh-98.txt", accept={conflicts[0].key})
    assert _slugs(Task.objects.get(pk=first.pk)) == ["xa-phong-tho-cong-an"]
    assert verify().ok


def test_reimport_of_the_same_document_changes_no_coordinating_unit_and_writes_no_record(lai_chau):
    from theodoi.audit.models import AuditEvent

    doc = import_plan(BLOCKS, "kh-98.txt").document
    before = AuditEvent.objects.count()
    import_plan(BLOCKS + b"\n", "kh-98.txt")
    assert _slugs(doc.tasks.get(code="II.1")) == ["xa-phong-tho-cong-an", "xa-phong-tho-kinh-te"]
    # the document row itself gets its record; no task changed
    assert AuditEvent.objects.count() - before == 1


def _extract(data: bytes) -> dict:
    from theodoi.extraction import extract_bytes

    return extract_bytes(data, "kh-98.txt")


def test_a_reimport_keeps_the_offices_picks_unless_it_changes_them(lai_chau):
    team = Unit.objects.get(slug="xa-phong-tho-to-cnscd")
    office = Unit.objects.get(slug="xa-phong-tho-van-phong")
    first = import_plan(BLOCKS, "kh-98.txt", units={"Hợp tác xã Sao Mai": team, "Văn phòng HĐND và UBND xã": office})
    doc = first.document
    assert doc.assignments.get().unit == office
    assert doc.extraction["unit_choices"] == {"Hợp tác xã Sao Mai": team.pk, "Văn phòng HĐND và UBND xã": office.pk}
    # `theodoi import` of a corrected file names no pick: the earlier ones hold (assignments are rebuilt)
    again = import_plan(BLOCKS + b"\n", "kh-98.txt")
    assert again.document.pk == doc.pk and doc.assignments.get().unit == office
    assert _slugs(doc.tasks.get(code="II.2")) == ["xa-phong-tho-to-cnscd"]
    assert "Văn phòng HĐND và UBND xã" not in again.unresolved
    # the office clears one pick on the review page: that name has no unit any more
    third = import_plan(BLOCKS + b"\n\n", "kh-98.txt", units={"Văn phòng HĐND và UBND xã": None})
    assert doc.assignments.get().unit is None and "Văn phòng HĐND và UBND xã" in third.unresolved
    assert Task.objects.get(document=doc, code="II.2").coordinating_units.get() == team
