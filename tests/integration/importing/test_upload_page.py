"""The upload page: extract, review beside the source, correct, save only on confirmation."""

import pytest
from django.urls import reverse

from tests.integration.importing.review_page import unchanged_post
from theodoi.demo.data import seed_files
from theodoi.planning.models import DocStatus, Document, Task
from theodoi.tenancy.models import Membership, Role, Unit, User

PASSWORD = "mat-khau-dai-cho-thu-nghiem"


@pytest.fixture
def standing_office(lai_chau, client):
    user = User.objects.create_user("vp", password=PASSWORD)
    Membership.objects.create(user=user, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    client.force_login(user)
    return client


def _upload(client, name="002"):
    path = next(p for p in seed_files() if p.name.startswith(name))
    with path.open("rb") as fh:
        return client.post(reverse("importing:upload"), {"file": fh})


def _plans():
    return Document.objects.exclude(status=DocStatus.STUB).count()


def test_upload_shows_extraction_next_to_source_and_saves_nothing(standing_office):
    response = _upload(standing_office)
    assert response.status_code == 302
    page = standing_office.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Văn bản gốc" in html and "Tỷ lệ số hóa hồ sơ" in html
    assert _plans() == 0


def test_confirm_with_corrections_saves_the_corrected_plan(standing_office):
    review_url = _upload(standing_office)["Location"]
    form = standing_office.get(review_url).context
    data = unchanged_post(form)
    forms = form["targets"].forms  # the least sure first: find the document's first and second
    first = next(i for i, f in enumerate(forms) if f.initial["position"] == 0)
    second = next(i for i, f in enumerate(forms) if f.initial["position"] == 1)
    data[f"t-{first}-value"] = "97"
    data.pop(f"t-{second}-keep", None)  # drop the second target
    data["confirm"] = "1"
    response = standing_office.post(review_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.exclude(status=DocStatus.STUB).get()
    assert doc.targets.order_by("position").first().value == 97
    assert doc.targets.count() == len(form["targets"].forms) - 1


def test_cancel_discards(standing_office):
    review_url = _upload(standing_office)["Location"]
    standing_office.post(review_url, {"cancel": "1"})
    assert _plans() == 0
    assert standing_office.get(review_url).status_code == 302  # gone


def test_bad_file_gets_a_message_on_the_page(standing_office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = standing_office.post(reverse("importing:upload"),
                                    {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 junk junk")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert _plans() == 0


def test_officers_and_anonymous_cannot_import(lai_chau, client):
    assert client.get(reverse("importing:upload")).status_code == 302
    officer = User.objects.create_user("o", password=PASSWORD)
    Membership.objects.create(user=officer, unit=Unit.objects.get(slug="xa-phong-tho-vhxh"), role=Role.OFFICER)
    client.force_login(officer)
    assert client.get(reverse("importing:upload")).status_code == 403


def test_a_token_from_another_session_is_refused(standing_office, lai_chau, client):
    review_url = _upload(standing_office)["Location"]
    other = User.objects.create_user("vp2", password=PASSWORD)
    Membership.objects.create(user=other, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    client.force_login(other)
    assert client.get(review_url).status_code == 302


def test_reporting_duties_are_shown_and_can_be_corrected(standing_office):
    review_url = _upload(standing_office)["Location"]
    page = standing_office.get(review_url)
    reporting = page.context["reporting"]
    assert len(reporting.forms) >= 1
    assert "Chế độ báo cáo" in page.content.decode()
    data = unchanged_post(page.context)
    data["r-0-due_day"] = "10"
    data["confirm"] = "1"
    assert standing_office.post(review_url, data).status_code == 302
    doc = Document.objects.exclude(status=DocStatus.STUB).get()
    assert doc.reporting_duties.count() == len(reporting.forms)
    assert 10 in set(doc.reporting_duties.values_list("due_day", flat=True))


def test_plan_without_targets_says_so(standing_office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = ("KẾ HOẠCH\nTuyên truyền về chuyển đổi số năm 2026\nUBND xã Phong Thổ ban hành Kế hoạch như sau:\n"
            "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức.\nII. NHIỆM VỤ\n1. Tổ chức hội nghị quán triệt\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội chủ trì triển khai kế hoạch.\n")
    response = standing_office.post(reverse("importing:upload"),
                                    {"file": SimpleUploadedFile("tuyen-truyen.txt", text.encode())})
    page = standing_office.get(response["Location"])
    assert "không có mục chỉ tiêu cụ thể" in page.content.decode()
    assert _plans() == 0


def test_reimport_review_shows_hand_set_values_against_the_document_and_the_office_chooses(standing_office):
    import datetime as dt

    from theodoi.planning.importing.service import import_plan
    from theodoi.planning.services.tasks import update_task

    path = next(p for p in seed_files() if p.name.startswith("002"))
    doc = import_plan(path.read_bytes(), path.name).document
    dated = [t for t in doc.tasks.order_by("position") if t.deadline_text and t.due_date][:2]
    vp = User.objects.get(username="vp")
    for task in dated:
        update_task(user=vp, task=task, fields={"deadline_text": "Quý I/2027", "due_date": dt.date(2027, 3, 31)})
    review_url = _upload(standing_office)["Location"]
    page = standing_office.get(review_url)
    html = page.content.decode()
    conflicts = page.context["conflicts"]
    assert [c.subject.split()[0] for c in conflicts] == [t.code for t in dated]
    assert "Văn bản mới khác với nội dung đã nhập tay" in html and "Quý I/2027" in html
    assert dated[0].deadline_text in html
    data = unchanged_post(page.context)
    data.update({"confirm": "1", "c-0": "doc", "c-1": "keep"})
    response = standing_office.post(review_url, data)
    assert response.status_code == 302
    first, second = (Task.objects.get(pk=t.pk) for t in dated)
    assert first.deadline_text == dated[0].deadline_text and first.due_date == dated[0].due_date
    assert (second.deadline_text, second.due_date) == ("Quý I/2027", dt.date(2027, 3, 31))
    assert Document.objects.filter(pk=doc.pk).exists() and _plans() == 1
def test_review_lists_the_uncertain_items_first_and_saves_them_in_document_order(standing_office):
    review_url = _upload(standing_office)["Location"]
    page = standing_office.get(review_url)
    context = page.context
    sure = [f.initial["confidence"] for f in context["targets"].forms]
    assert sure == sorted(sure) and sure[0] < 0.7 <= sure[-1]  # qualitative and measured targets
    html = page.content.decode()
    assert html.count("Cần kiểm tra") >= 1 and "Tin cậy" in html
    texts = [f.initial["text"] for f in context["targets"].forms]
    data = unchanged_post(context)
    data["confirm"] = "1"
    assert standing_office.post(review_url, data).status_code == 302
    doc = Document.objects.exclude(status=DocStatus.STUB).get()
    saved = list(doc.targets.order_by("position").values_list("text", flat=True))
    by_position = sorted(context["targets"].forms, key=lambda f: f.initial["position"])
    assert saved == [f.initial["text"] for f in by_position] and sorted(saved) == sorted(texts)
    assert saved != texts  # the page's order was not the document's
