"""The review page lists every item the import would store, each with its confidence, and the unit
names the tree does not know, each with a choice of unit: what the office checks is what is saved."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.integration.importing.review_page import unchanged_post
from theodoi.planning.models import DocStatus, Document
from theodoi.tenancy.models import Unit

HERE = Path(__file__).parent
APPENDIX = (HERE / "appendix_plan.txt").read_bytes()
BLOCKS = (HERE / "block_plan.txt").read_bytes()


def _review(client, data: bytes, name: str):
    response = client.post(reverse("importing:upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:1000]
    return response["Location"], client.get(response["Location"])


def test_appendix_rows_are_listed_as_tasks_with_their_confidence_least_sure_first(office):
    url, page = _review(office, APPENDIX, "kh-99.txt")
    forms = page.context["tasks"].forms
    codes = {f.initial["code"] for f in forms}
    assert codes == {"PL.I", "PL.I.1", "PL.I.2", "PL.II", "PL.II.1"}  # the rows, not only the schema's groups
    sure = [f.initial["confidence"] for f in forms]
    assert all(isinstance(c, float) and 0 <= c <= 1 for c in sure) and sure == sorted(sure)
    row = next(f for f in forms if f.initial["code"] == "PL.I.1")
    assert (row.initial["lead_names"], row.initial["coordinating_names"]) == ("Trung tâm Dịch vụ tổng hợp",
                                                                             "Công an xã")
    assert row.initial["deadline"] == "Quý II/2026" and row.initial["outputs"] == "Kho dữ liệu số"
    html = page.content.decode()
    assert "Số hóa hồ sơ thủ tục hành chính" in html and html.count('class="confidence') >= len(forms)
    # the matched units are shown with the unit of the tree they stand for
    assert any(n["unit"] and "Công an xã" in n["unit"] for n in row.unit_notes)


def test_saving_stores_the_rows_as_checked_once_with_the_office_corrections(office):
    url, page = _review(office, APPENDIX, "kh-99.txt")
    data = unchanged_post(page.context)
    forms = page.context["tasks"].forms
    drop = next(i for i, f in enumerate(forms) if f.initial["code"] == "PL.I.2")
    data.pop(f"k-{drop}-keep")  # the office drops a row
    edit = next(i for i, f in enumerate(forms) if f.initial["code"] == "PL.II.1")
    data[f"k-{edit}-coordinating_names"] = "Công an xã; Phòng Văn hóa - Xã hội"
    data["confirm"] = "1"
    response = office.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    doc = Document.objects.exclude(status=DocStatus.STUB).get()
    assert sorted(doc.tasks.values_list("code", flat=True)) == ["PL.I", "PL.I.1", "PL.II", "PL.II.1"]
    row = doc.tasks.get(code="PL.II.1")
    assert sorted(row.coordinating_units.values_list("slug", flat=True)) == ["xa-phong-tho-cong-an",
                                                                           "xa-phong-tho-vhxh"]
    assert doc.tasks.get(code="PL.I.1").lead_unit.slug == "xa-phong-tho-dvth"
    # a re-import of the same file keeps the four and does not bring the dropped row back as a duplicate
    from theodoi.planning.importing.service import import_plan

    import_plan(APPENDIX, "kh-99.txt")
    assert doc.tasks.filter(code="PL.I.1").count() == 1


def test_unknown_unit_names_are_listed_and_the_office_picks_their_unit(office):
    url, page = _review(office, BLOCKS, "kh-98.txt")
    names = [u.name for u in page.context["unknown"]]
    # the tasks' names first, then the implementation section's (its "… xã" suffix is not the office's name)
    assert names == ["Hội Nông dân xã", "Hợp tác xã Sao Mai", "Văn phòng HĐND và UBND xã"]
    assert page.context["unknown"][0].uses == ["Nhiệm vụ II.2 (phối hợp)"]
    assert page.context["unknown"][2].uses == ["Tổ chức thực hiện"]
    html = page.content.decode()
    assert "Đơn vị chưa xác định" in html and "Hợp tác xã Sao Mai" in html
    choices = dict(page.context["picks"].fields["u1"].choices)
    team = Unit.objects.get(slug="xa-phong-tho-to-cnscd")
    assert str(team.pk) in choices and str(Unit.objects.get(slug="lai-chau-so-khcn").pk) not in choices
    data = unchanged_post(page.context)
    data.update({"u-u1": str(team.pk), "confirm": "1"})
    response = office.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Document.objects.exclude(status=DocStatus.STUB).get().tasks.get(code="II.2")
    assert list(task.coordinating_units.values_list("slug", flat=True)) == ["xa-phong-tho-to-cnscd"]
    assert task.coordinating_text == "Hội Nông dân xã; Hợp tác xã Sao Mai"  # the text as the plan wrote it


def test_a_posted_unit_outside_the_choices_is_refused_and_nothing_is_stored(office):
    url, page = _review(office, BLOCKS, "kh-98.txt")
    data = unchanged_post(page.context)
    data.update({"u-u1": str(Unit.objects.get(slug="lai-chau-so-khcn").pk), "confirm": "1"})
    response = office.post(url, data)
    assert response.status_code == 200 and page.context["picks"].fields["u1"]
    assert response.context["picks"].errors
    assert not Document.objects.exclude(status=DocStatus.STUB).exists()


def test_the_uncertain_items_of_every_part_are_listed_first_with_links(office):
    from theodoi.demo.data import seed_files

    path = next(p for p in seed_files() if p.name.startswith("002"))
    url, page = _review(office, path.read_bytes(), path.name)
    listed = page.context["to_check"]
    assert listed and all(c["confidence"] < 0.7 for c in listed)
    html = page.content.decode()
    for c in listed:
        assert f'href="#{c["anchor"]}"' in html and f'id="{c["anchor"]}"' in html
    unsure_targets = sum(1 for f in page.context["targets"].forms if f.initial["confidence"] < 0.7)
    assert sum(1 for c in listed if c["anchor"].startswith("muc-t-")) == unsure_targets


def test_a_second_upload_of_the_plan_offers_the_earlier_picks(office):
    url, page = _review(office, BLOCKS, "kh-98.txt")
    team = Unit.objects.get(slug="xa-phong-tho-to-cnscd")
    data = unchanged_post(page.context)
    data.update({"u-u1": str(team.pk), "confirm": "1"})
    assert office.post(url, data).status_code == 302
    url, page = _review(office, BLOCKS + b"\n", "kh-98.txt")
    assert page.context["picks"]["u1"].value() == str(team.pk)
    assert f'<option value="{team.pk}" selected>' in page.content.decode()


def _appendix_plan(rows: int) -> bytes:
    head, table = APPENDIX.decode().split("| STT |", 1)
    lines = ["| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm |",
             "| I | Dịch vụ công trực tuyến | | | | |"]
    for n in range(1, rows + 1):
        lines.append(f"| {n} | Số hóa nhóm hồ sơ số {n} | Phòng Văn hóa - Xã hội | Công an xã; Hội Nông dân xã "
                     f"| Quý II/2026 | Kho dữ liệu số {n} |")
    return (head + "\n".join(lines) + "\n").encode()


def test_the_review_page_reads_the_database_a_fixed_number_of_times_whatever_the_rows(office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (3, 30):
        url, page = _review(office, _appendix_plan(rows), f"kh-99-{rows}.txt")
        assert len(page.context["tasks"].forms) == rows + 1
        with CaptureQueriesContext(connection) as queries:
            assert office.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
