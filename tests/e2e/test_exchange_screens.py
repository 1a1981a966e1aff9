"""The exchange pages in Chromium at 390 and 1366 px: upload a file, see the preview with its
per-row errors (and, for a good file, what will change), confirm. Screenshots go to
test-artifacts/exchange/ (git-ignored) for people to look at; no page scrolls sideways."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import fits_width, full_page_shot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "exchange"
SIZES = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}


def _file(world, tmp_path, *, bad: bool) -> Path:
    from theodoi.domain.periods import Period
    from theodoi.exchange.exporting import export_file

    wb = load_workbook(io.BytesIO(export_file(world.admin, world.xa_a, "xlsx", period=Period.parse("2026-05"))))

    def put(sheet: str, uid: str, **values):
        ws = wb[sheet]
        cols = {str(c.value).rsplit("[", 1)[-1].rstrip("]"): c.column for c in ws[1]}
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["uid"]).value == uid)
        for k, v in values.items():
            ws.cell(row, cols[k]).value = v

    put("Số liệu", str(world.target.uid), numerator=455, denominator=1000, source="Bộ phận một cửa")
    put("Tiến độ", str(world.task.uid), percent=60,
        work_done="Đã số hóa 600 hồ sơ thủ tục hành chính của các năm 2024–2025, đạt 60% kế hoạch")
    if bad:
        put("Tiến độ", str(world.task2.uid), percent=140)
        put("Nhiệm vụ (6 rõ)", str(world.task2.uid), responsible_person="khong-co-ai", due_date="31/13/2026")
    path = tmp_path / ("co-loi.xlsx" if bad else "hop-le.xlsx")
    wb.save(path)
    return path


def test_preview_and_confirm_at_phone_and_desktop_width(live_server, world, new_page, tmp_path):
    from theodoi.planning.models import Measurement

    base = live_server.url
    for size_name, size in SIZES.items():
        page = new_page(size, phone=size_name == "390")
        sign_in(page, base, "admin_a", world.password)
        page.goto(f"{base}/exchange/")
        assert fits_width(page), f"/exchange/ scrolls sideways at {size_name}px"
        full_page_shot(page, SHOTS / f"exchange-{size_name}.png")
        page.goto(f"{base}/exchange/kpi/")
        assert "NQ57-VH-02" in page.inner_text("main") and fits_width(page), f"/exchange/kpi/ at {size_name}px"
        full_page_shot(page, SHOTS / f"kpi-{size_name}.png")
        page.goto(f"{base}/exchange/")

        page.set_input_files("input[type=file]", str(_file(world, tmp_path, bad=True)))
        page.get_by_role("button", name="Xem trước").click()
        page.wait_for_load_state()
        text = page.inner_text("main")
        assert "Tệp có lỗi nên không lưu dòng nào" in text
        assert "Tiến độ, dòng 3" in text and "không được lớn hơn 100" in text
        assert "Nhiệm vụ (6 rõ), dòng 3" in text and "khong-co-ai" in text and "31/13/2026" in text
        assert page.locator("button[name=confirm]").count() == 0
        assert fits_width(page), f"the preview scrolls sideways at {size_name}px"
        full_page_shot(page, SHOTS / f"preview-errors-{size_name}.png")
        assert Measurement.objects.count() == 0

        page.goto(f"{base}/exchange/")
        page.set_input_files("input[type=file]", str(_file(world, tmp_path, bad=False)))
        page.get_by_role("button", name="Xem trước").click()
        page.wait_for_load_state()
        assert "Thêm mới" in page.inner_text("main")
        assert fits_width(page)
        full_page_shot(page, SHOTS / f"preview-{size_name}.png")
        if size_name == "1366":
            page.get_by_role("button", name="Xác nhận lưu").click()
            page.wait_for_load_state()
            assert "Đã lưu" in page.inner_text("main")
            full_page_shot(page, SHOTS / f"saved-{size_name}.png")
            assert Measurement.objects.get().numerator == 455
