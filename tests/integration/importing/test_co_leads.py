"""A task led by two units ("Cơ quan chủ trì: Phòng Văn hóa - Xã hội; Phòng Kinh tế"): every co-lead is
stored as the plan writes it (``lead_unit_name``, "; " between them), the task's lead unit is the first
the tree knows, and a co-lead no unit matches is listed as unresolved, never dropped (before, only the
first lead was kept)."""

from __future__ import annotations

from pathlib import Path

from theodoi.audit.verify import verify
from theodoi.planning.importing.review import unknown_names
from theodoi.planning.importing.rows import lead_name, lead_names
from theodoi.planning.importing.service import import_plan

BLOCKS = (Path(__file__).parent / "block_plan.txt").read_text(encoding="utf-8")
CO_LEADS = BLOCKS.replace("- Cơ quan chủ trì: Phòng Văn hóa - Xã hội",
                          "- Cơ quan chủ trì: Phòng Văn hóa - Xã hội; Phòng Kinh tế").replace(
    "- Cơ quan chủ trì: Trung tâm Dịch vụ tổng hợp",
    "- Cơ quan chủ trì: Hợp tác xã Bình Minh, Trung tâm Dịch vụ tổng hợp")


def test_every_co_lead_is_kept_as_written_and_the_first_known_one_leads(lai_chau):
    result = import_plan(CO_LEADS.encode(), "kh-98.txt")
    tasks = {t.code: t for t in result.document.tasks.all()}
    first, second = tasks["II.1"], tasks["II.2"]
    assert first.lead_unit.slug == "xa-phong-tho-vhxh"
    assert first.lead_unit_name == "Phòng Văn hóa - Xã hội; Phòng Kinh tế"
    # the first co-lead is unknown: the task's lead unit is the first known one, the unknown one is listed
    assert second.lead_unit.name == "Trung tâm Dịch vụ tổng hợp"
    assert second.lead_unit_name == "Hợp tác xã Bình Minh; Trung tâm Dịch vụ tổng hợp"
    assert "Hợp tác xã Bình Minh" in result.unresolved
    assert "Trung tâm Dịch vụ tổng hợp" not in result.unresolved
    assert verify().ok


def test_the_review_lists_an_unknown_co_lead_with_its_task(lai_chau):
    from theodoi.extraction import extract_bytes
    from theodoi.planning.importing.matching import UnitMatcher
    from theodoi.tenancy.models import Unit

    issuer = Unit.objects.get(slug="xa-phong-tho")
    extraction = extract_bytes(CO_LEADS.encode(), "kh-98.txt")
    names = {u.name: u.uses for u in unknown_names(extraction, UnitMatcher(Unit.objects.all()), issuer)}
    assert any("II.2" in use for use in names["Hợp tác xã Bình Minh"])


def test_lead_names_reads_every_form_a_task_states_its_leads_in() -> None:
    assert lead_names({"lead_units": ["Sở A", "Sở B", "Sở A"]}) == ["Sở A", "Sở B"]
    assert lead_names({"lead": "Sở A", "lead_units": "Sở A; Sở C"}) == ["Sở A", "Sở C"]
    assert lead_name({"lead_unit": " Sở D "}) == "Sở D" and lead_name({}) == ""
