"""A plan whose tasks are an appendix table, and block tasks naming their lead: imported with their leads.

The schema's ``tasks`` keep an appendix's group rows (``PL.I``); the rows under them are the
plan's work items, each with its lead unit, deadline and output. The importer stores them as the
groups' sub-tasks, and a task's own "Cơ quan chủ trì" (or its row's lead column) is its lead unit,
matched to the issuer's units, so the "6 rõ" worklist starts from what the plan says.
"""

from pathlib import Path

from theodoi.planning.importing.service import import_plan

PLAN = (Path(__file__).parent / "appendix_plan.txt").read_text(encoding="utf-8")


def test_appendix_rows_become_sub_tasks_with_their_lead_deadline_and_output(lai_chau):
    doc = import_plan(PLAN.encode(), "kh-99-phong-tho.txt").document
    got = {t.code: t for t in doc.tasks.select_related("parent", "lead_unit")}
    assert sorted(got) == ["PL.I", "PL.I.1", "PL.I.2", "PL.II", "PL.II.1"]
    first = got["PL.I.1"]
    assert first.parent == got["PL.I"]
    assert first.title == "Số hóa hồ sơ thủ tục hành chính"
    assert first.lead_unit is not None and first.lead_unit.slug == "xa-phong-tho-dvth"
    assert (first.deadline_text, first.outputs) == ("Quý II/2026", "Kho dữ liệu số")
    assert got["PL.I.2"].lead_unit.slug == "xa-phong-tho-vhxh"
    assert got["PL.II.1"].parent == got["PL.II"]
    assert got["PL.I"].lead_unit is None  # a group row names no lead


def test_reimport_keeps_the_sub_tasks_once(lai_chau):
    doc = import_plan(PLAN.encode(), "kh-99-phong-tho.txt").document
    again = import_plan(PLAN.encode() + b"\n", "kh-99-phong-tho.txt").document
    assert again.pk == doc.pk
    assert again.tasks.count() == 5
    assert not again.tasks.filter(not_in_document_since__isnull=False).exists()
