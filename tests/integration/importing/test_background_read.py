"""A scanned PDF uploaded on the web is read by OCR in a background job, with a progress page.

The upload is staged and the job ``import.read`` queued; the review URL shows "page k of n" while
the worker reads (a page that reloads itself without JavaScript, htmx polling with it, a JSON
twin), then the review of the extraction as for any upload. Without tesseract, or over the page
cap, the upload is refused at once with the reader's one-line reason and nothing is queued.
Most tests replace tesseract by a stub that returns a plan's text page by page (fast, and the
progress page can be read while "page k" is being recognised); one runs the real tesseract.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.extraction import ocr
from theodoi.jobs.models import Job, JobStatus
from theodoi.jobs.services import run_pending
from theodoi.planning.importing import background, staging
from theodoi.planning.models import DocStatus, Document
from theodoi.tenancy.models import Membership, Role, Unit, User

PLAN = (Path(__file__).parent / "block_plan.txt").read_text(encoding="utf-8")


def image_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` pages holding drawings only (no text layer), as a scanner makes."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n in range(pages):
        c.rect(50 + n, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def fake_tesseract(monkeypatch):
    """tesseract "reads" the plan: its lines cut into as many parts as the scan has pages, one a call;
    ``seen`` collects what ``on_page(call)`` returns during each call."""
    lines = PLAN.splitlines()
    state = {"calls": 0, "pages": 3, "on_page": None, "seen": [], "text": None}

    def read(png: bytes) -> str:
        n, pages = state["calls"], state["pages"]
        state["calls"] += 1
        if state["on_page"] is not None:
            state["seen"].append(state["on_page"](n + 1))
        if state["text"] is not None:
            return state["text"]
        size = -(-len(lines) // pages)
        return "\n".join(lines[n * size:(n + 1) * size])

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_tesseract", read)
    return state


def _upload(client, data: bytes, name: str = "scan.pdf"):
    return client.post(reverse("importing:upload"), {"file": SimpleUploadedFile(name, data)})


def test_a_scan_is_read_in_the_background_with_page_k_of_n_then_reviewed(office, fake_tesseract):
    response = _upload(office, image_pdf(3))
    assert response.status_code == 302
    url = response["Location"]
    job = Job.objects.get(kind=background.KIND)
    assert job.status == JobStatus.QUEUED and job.created_by.username == "vp"
    waiting = office.get(url)
    html = waiting.content.decode()
    assert waiting.status_code == 200 and "Đang chờ tác vụ nền" in html
    assert '<meta http-equiv="refresh" content="3">' in html and "Tải lại ngay" in html  # works without JS
    assert 'hx-trigger="every 2s"' in html  # and better with it
    assert office.get(url, {"format": "json"}).json()["state"] == "queued"
    assert not Document.objects.exclude(status=DocStatus.STUB).exists()

    def look(page: int):  # while tesseract reads page k, the page and its twin say so
        twin = office.get(url, {"format": "json"}).json()
        shown = office.get(url).content.decode()
        return twin["page"], twin["pages"], f"trang {page}/3" in shown and 'max="3"' in shown

    fake_tesseract["on_page"] = look
    ran = run_pending()
    assert [j.kind for j in ran] == [background.KIND] and ran[0].status == JobStatus.DONE
    assert fake_tesseract["seen"] == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert "Nhận dạng chữ trang 3/3" in ran[0].log
    review = office.get(url)
    assert review.templates[0].name == "planning/import_review.html"
    codes = [f.initial["code"] for f in review.context["tasks"].forms]
    assert sorted(codes) == ["II.1", "II.2"]
    assert all(f.initial["confidence"] < 1 for f in review.context["tasks"].forms)  # OCR text: less sure
    # htmx asks for the block: the reading is done, so it is sent to the review page
    done = office.get(url, {"poll": "1"}, HTTP_HX_REQUEST="true")
    assert done.headers.get("HX-Redirect") == url
    assert office.get(url, {"format": "json"}).json()["state"] == "done"
    assert not Document.objects.exclude(status=DocStatus.STUB).exists()  # saved only on confirmation


def test_the_reader_refusal_is_shown_on_the_progress_page(office, fake_tesseract):
    fake_tesseract["text"] = "..."  # the scan holds no readable text
    url = _upload(office, image_pdf(1))["Location"]
    (job,) = run_pending()
    assert job.status == JobStatus.DONE and job.result["state"] == "refused"
    page = office.get(url)
    html = page.content.decode()
    assert "nhận dạng chữ (OCR) không đọc được nội dung" in html and 'role="alert"' in html
    assert "http-equiv" not in html and reverse("importing:upload") in html
    assert office.get(url, {"format": "json"}).json()["state"] == "refused"


def test_without_tesseract_a_scan_is_refused_at_once_and_nothing_is_queued(office, monkeypatch, settings):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    root = Path(settings.DATA_DIR) / "staging"
    before = set(root.iterdir()) if root.exists() else set()
    response = _upload(office, image_pdf(1))
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert "bản quét" in error and "\n" not in error
    assert not Job.objects.filter(kind=background.KIND).exists()
    assert (set(root.iterdir()) if root.exists() else set()) == before  # nothing staged


def test_a_scan_over_the_page_cap_is_refused_before_it_is_queued(office, fake_tesseract, monkeypatch):
    monkeypatch.setenv("THEODOI_OCR_MAX_PAGES", "2")
    response = _upload(office, image_pdf(3))
    assert response.status_code == 200
    assert "3 trang, giới hạn 2 trang" in response.context["form"].errors["file"][0]
    assert not Job.objects.exists() and fake_tesseract["calls"] == 0


def test_the_page_says_when_no_worker_took_the_job(office, fake_tesseract):
    import datetime as dt

    url = _upload(office, image_pdf(1))["Location"]
    Job.objects.filter(kind=background.KIND).update(created_at=Job.objects.get().created_at - dt.timedelta(minutes=5))
    html = office.get(url).content.decode()
    assert "theodoi worker" in html
    assert office.get(url, {"format": "json"}).json()["waiting_for_worker"] is True


def test_cancelling_while_queued_discards_the_upload_and_the_job_ends_failed(office, fake_tesseract):
    url = _upload(office, image_pdf(1))["Location"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    response = office.post(url, {"cancel": "1"})
    assert response.status_code == 302 and staging.load(token) is None
    (job,) = run_pending()
    assert job.status == JobStatus.FAILED and "Không còn tệp tải lên này" in job.log
    assert fake_tesseract["calls"] == 0


def test_another_session_cannot_see_the_progress(office, fake_tesseract, client):
    url = _upload(office, image_pdf(1))["Location"]
    other = User.objects.create_user("vp2", password="mat-khau-dai-cho-thu-nghiem")
    Membership.objects.create(user=other, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    from django.test import Client

    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(url).status_code == 302
    assert stranger.get(url, {"format": "json"}).status_code == 302


def test_a_text_pdf_is_still_read_during_the_upload(office):
    from builders import build_pdf, find_font

    font = find_font()
    if font is None:
        pytest.skip("no TTF font with Vietnamese glyphs")
    response = _upload(office, build_pdf(PLAN.split("\n"), font), "kh-98.pdf")
    assert response.status_code == 302
    assert not Job.objects.exists()
    assert office.get(response["Location"]).templates[0].name == "planning/import_review.html"


def test_a_real_scan_is_read_by_tesseract_in_the_job(office):
    from builders import build_scan, find_font

    if not ocr.available():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("tesseract-ocr with tesseract-ocr-vie is required under CI")
        pytest.skip("tesseract-ocr with its Vietnamese data is not installed")
    font = find_font()
    if font is None:
        pytest.skip("no TTF font with Vietnamese glyphs")
    url = _upload(office, build_scan(PLAN.splitlines(), font))["Location"]
    (job,) = run_pending()
    assert job.status == JobStatus.DONE, job.log
    review = office.get(url)
    assert review.templates[0].name == "planning/import_review.html", review.content.decode()[:2000]
    assert review.context["meta_form"].initial["number"] == "98/KH-UBND"
    assert "Số hóa hồ sơ hộ tịch" in review.context["staged"].text  # the text tesseract read, shown beside


def test_a_job_retried_after_an_error_does_not_say_the_worker_is_missing(office, fake_tesseract):
    import datetime as dt

    url = _upload(office, image_pdf(1))["Location"]
    Job.objects.filter(kind=background.KIND).update(attempts=1,
                                                    created_at=Job.objects.get().created_at - dt.timedelta(minutes=5))
    twin = office.get(url, {"format": "json"}).json()
    assert twin["state"] == "queued" and twin["waiting_for_worker"] is False
