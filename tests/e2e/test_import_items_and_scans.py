"""The review page before an import, at 390×844: every item with its confidence, the uncertain ones
listed first, the appendix rows among the tasks, the unit names the tree does not know each with its
choice; and a scanned PDF's progress page while the background job reads it. axe-core finds no
serious or critical problem on either; screenshots under test-artifacts/screenshots/i14-*.png."""

from __future__ import annotations

import io

import pytest

from tests.e2e import a11y
from tests.e2e.conftest import fits_width, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PLAN = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 31/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Bình, ngày 02 tháng 3 năm 2026
KẾ HOẠCH
Chuyển đổi số trên địa bàn xã năm 2026
I. MỤC TIÊU
1. Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 90%.
2. Nâng cao nhận thức của người dân về chuyển đổi số trong năm 2026
3. Phấn đấu 100% cán bộ có chữ ký số, 80% hộ gia đình có điện thoại thông minh, 70% người dân có tài khoản định danh.
II. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội chủ trì theo dõi, báo cáo UBND xã hằng tháng trước ngày 10.
PHỤ LỤC
| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm |
| I | Dịch vụ công trực tuyến | | | | |
| 1 | Số hóa hồ sơ hộ tịch | Phòng Văn hóa - Xã hội | Hợp tác xã Sao Mai | Quý III/2026 | Kho dữ liệu số |
| 2 | Hướng dẫn người dân nộp hồ sơ trực tuyến | Phòng Văn hóa - Xã hội | Đoàn Thanh niên xã | Năm 2026 | Tổ hỗ trợ |
| II | Hạ tầng số | | | | |
| 1 | Phủ sóng | Bản Một | | | |
"""


def _upload(page, base: str, name: str, data: bytes, mime: str) -> None:
    page.goto(base + "/import/")
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.locator("form:has(input[type=file]) [type=submit]").first.click()


def test_review_page_lists_every_item_uncertain_first_and_the_unknown_units(live_server, world, new_page, shot):
    from theodoi.planning.models import DocStatus, Document

    page = new_page(PHONE, phone=True, axe=True)
    sign_in(page, live_server.url, "admin_a", world.password)
    _upload(page, live_server.url, "kh-31.txt", PLAN.encode(), "text/plain")
    page.wait_for_selector(".to-check")
    assert page.locator(".to-check .check-list li").count() >= 1  # the uncertain items, linked
    assert page.locator("#don-vi-chua-xac-dinh select").count() >= 2
    assert page.get_by_text("Hợp tác xã Sao Mai").first.is_visible()
    assert page.locator("fieldset[id^=muc-k-]").count() == 5  # the appendix's groups and its rows
    assert page.locator(".unit-notes .matched").count() >= 1
    assert fits_width(page), "the review page scrolls sideways at 390 px"
    assert a11y.check(page, "import-review") == []
    shot(page, "i14-review-phone")
    page.locator(".to-check").screenshot(path=str(shot(page, "i14-review-phone").parent / "i14-review-to-check.png"))
    page.locator("#don-vi-chua-xac-dinh").screenshot(
        path=str(shot(page, "i14-review-phone").parent / "i14-review-unknown-units.png"))
    # the office picks the village for the co-operative's name and saves
    select = page.get_by_label("Hợp tác xã Sao Mai")
    select.select_option(label=next(t for t in select.locator("option").all_inner_texts() if "Bản Một" in t))
    page.locator("button[name=confirm]").click()
    page.wait_for_load_state()
    doc = Document.objects.exclude(status=DocStatus.STUB).get(number="31/KH-UBND")
    task = doc.tasks.get(code="PL.I.1")
    assert list(task.coordinating_units.values_list("slug", flat=True)) == ["xa-a-ban-1"]


def test_a_scan_shows_page_k_of_n_then_opens_its_review(live_server, world, new_page, shot, monkeypatch):
    from reportlab.pdfgen import canvas

    from theodoi.extraction import ocr
    from theodoi.jobs.services import run_pending

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n in range(3):
        c.rect(50 + n, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    page = new_page(PHONE, phone=True, axe=True)
    sign_in(page, live_server.url, "admin_a", world.password)
    lines = PLAN.splitlines()

    def read(png: bytes, _calls=[]) -> str:  # noqa: B006 - the stub's page counter
        _calls.append(1)
        if len(_calls) == 2:  # while page 2 of 3 is being read: the page says so
            page.reload()
            page.wait_for_selector("progress")
            assert "trang 2/3" in page.inner_text("#import-progress")
            assert fits_width(page) and a11y.check(page, "import-progress") == []
            shot(page, "i14-progress-phone")
        third = -(-len(lines) // 3)
        return "\n".join(lines[(len(_calls) - 1) * third:len(_calls) * third])

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_tesseract", read)
    _upload(page, live_server.url, "scan.pdf", buf.getvalue(), "application/pdf")
    page.wait_for_selector("#import-progress")
    assert "Đang chờ" in page.inner_text("#import-progress")
    shot(page, "i14-progress-queued-phone")
    (job,) = run_pending()
    assert job.status == "done", job.log
    page.wait_for_selector(".to-check", timeout=20000)  # htmx polled and opened the review by itself
    assert "/import/" in page.url and page.locator("fieldset[id^=muc-k-]").count() >= 2
