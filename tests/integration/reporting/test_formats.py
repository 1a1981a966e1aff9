"""Every report kind in every format, read back: official layout and Vietnamese text."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from theodoi.reporting import services

KINDS = [("monthly", "2026-05"), ("quarterly", "2026-Q2"), ("half", "2026-H1"), ("annual", "2026")]
DAY = dt.date(2026, 5, 14)


def _docx_text(content: bytes):
    d = read_docx(io.BytesIO(content))
    paras = list(d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                paras += cell.paragraphs
    return d, paras


@pytest.mark.parametrize(("kind", "key"), KINDS)
def test_docx_follows_decree_30(rworld, kind, key):
    report = services.open_report(rworld.xa_a, kind, key, rworld.admin)
    d, paras = _docx_text(services.render(report, "docx", DAY))
    texts = [p.text for p in paras]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    motto = next(p for p in paras if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert all(r.underline and r.bold for r in motto.runs)
    assert any(t.startswith("Số:") and t.endswith("/BC-UBND") for t in texts)
    assert "ỦY BAN NHÂN DÂN" in texts and "XÃ AN BÌNH" in texts
    date_line = next(p for p in paras if p.text.startswith("An Bình, ngày"))
    assert all(r.italic for r in date_line.runs)
    assert "BÁO CÁO" in texts and "Nơi nhận:" in texts
    assert "TM. ỦY BAN NHÂN DÂN" in texts and "CHỦ TỊCH" in texts
    assert d.styles["Normal"].font.name == "Times New Roman"
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert any("Tỷ lệ số hóa hồ sơ" in t for t in texts)
    assert any(t.startswith("Biểu 01") for t in texts)  # the appendix


@pytest.mark.parametrize(("kind", "key"), KINDS)
def test_xlsx_carries_the_tables(rworld, kind, key):
    report = services.open_report(rworld.xa_a, kind, key, rworld.admin)
    wb = load_workbook(io.BytesIO(services.render(report, "xlsx", DAY)))
    assert wb.sheetnames[:3] == ["Báo cáo", "Biểu 01", "Biểu 02"]
    targets = [[c.value for c in row] for row in wb["Biểu 01"].iter_rows(min_row=5)]
    assert targets[0][1] == "Tỷ lệ số hóa hồ sơ đạt 100%."
    tasks = [row[1] for row in wb["Biểu 02"].iter_rows(min_row=5, values_only=True)]
    assert "Số hóa hồ sơ thủ tục hành chính" in tasks


@pytest.mark.parametrize(("kind", "key"), KINDS)
def test_pdf_has_vietnamese_text(rworld, kind, key):
    report = services.open_report(rworld.xa_a, kind, key, rworld.admin)
    content = services.render(report, "pdf", DAY)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                  "Tỷ lệ số hóa hồ sơ", "Số hóa hồ sơ thủ tục hành chính", "Nơi nhận:"):
        assert words in " ".join(text.split()), words


def test_party_unit_uses_party_format(rworld):
    from theodoi.tenancy.models import Unit, UnitKind

    party = Unit.objects.create(slug="dang-uy-xa-a", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY,
                                parent=rworld.xa_a)
    report = services.open_report(party, "monthly", "2026-05")
    _d, paras = _docx_text(services.render(report, "docx", DAY))
    texts = [p.text for p in paras]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts
    assert "ĐẢNG BỘ TỈNH LAI CHÂU" in texts and "ĐẢNG ỦY XÃ AN BÌNH" in texts and "*" in texts
    number = next(t for t in texts if t.startswith("Số"))
    assert number.endswith("-BC/ĐU") and ":" not in number
    assert "T/M BAN THƯỜNG VỤ" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts


def test_content_drafted_from_data(rworld):
    report = services.open_report(rworld.xa_a, "monthly", "2026-05", rworld.admin)
    _d, paras = _docx_text(services.render(report, "docx", DAY))
    body = "\n".join(p.text for p in paras)
    assert "50% (10/20)" in body  # the village's figure against the target
    assert "Máy quét hỏng, thiếu nhân lực nhập liệu" in body  # difficulties
    assert "Đề nghị tỉnh hỗ trợ máy quét" in body  # proposals
    assert "NHIỆM VỤ TRỌNG TÂM THÁNG 6 NĂM 2026" in body
    assert "đã giải ngân 20.000.000 đồng" in body


def test_docx_defaults_are_times_new_roman_in_vietnamese(rworld):
    """No theme font (Calibri/Cambria) left in the defaults, and the text is marked vi-VN."""
    from docx.oxml.ns import qn

    report = services.open_report(rworld.xa_a, "monthly", "2026-05", rworld.admin)
    d = read_docx(io.BytesIO(services.render(report, "docx", DAY)))
    for rpr in (d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")),
                d.styles["Normal"].element.rPr):
        fonts = rpr.find(qn("w:rFonts"))
        assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
        assert not any(fonts.get(qn(a)) for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"))
        assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert d.core_properties.language == "vi-VN" and d.core_properties.author == "Xã An Bình"


def test_party_report_without_budget_or_targets_reads_well(rworld):
    from theodoi.tenancy.models import Unit, UnitKind

    party = Unit.objects.create(slug="dang-uy-xa-a", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY,
                                parent=rworld.xa_a)
    report = services.open_report(party, "monthly", "2026-05")
    _d, paras = _docx_text(services.render(report, "docx", DAY))
    body = "\n".join(p.text for p in paras)
    assert "0 đồng" not in body and "–%" not in body and "0/0" not in body
    assert "Chưa có chỉ tiêu được giao theo dõi." in body


def test_annual_report_does_not_repeat_every_month(rworld):
    from theodoi.planning.models import ProgressUpdate, ReviewState

    for month in (6, 7, 8):
        ProgressUpdate.objects.create(task=rworld.task, unit=rworld.vhxh, period_key=f"2026-{month:02d}",
                                      period_end=dt.date(2026, month, 14), percent=Decimal(60 + month),
                                      work_done=f"Số hóa thêm hồ sơ tháng {month}", state=ReviewState.APPROVED)
    snap = services.current_data(services.open_report(rworld.xa_a, "annual", "2026"))
    row = next(r for g in snap["task_groups"] for r in g["tasks"] if r["title"] == "Số hóa hồ sơ thủ tục hành chính")
    assert row["work_done"] == "Số hóa thêm hồ sơ tháng 7; Số hóa thêm hồ sơ tháng 8"


def test_xlsx_figures_are_numbers_and_sheets_keep_the_table_numbers(rworld):
    report = services.open_report(rworld.lai_chau, "monthly", "2026-05")
    wb = load_workbook(io.BytesIO(services.render(report, "xlsx", DAY)))
    # Biểu 05: the reports the province received from its communes and Sở (none yet: "Chưa gửi")
    assert wb.sheetnames == ["Báo cáo", "Biểu 01", "Biểu 02", "Biểu 03", "Biểu 04", "Biểu 05"]
    row = next(r for r in wb["Biểu 01"].iter_rows(min_row=5, values_only=True) if "số hóa" in r[1].lower())
    assert row[0] == 1 and row[4] == Decimal("31.25") and (row[5], row[6]) == (100, 320)
    parts = list(wb["Biểu 03"].iter_rows(min_row=5, values_only=True))
    assert sum(r[3] for r in parts) == 100 and sum(r[4] for r in parts) == 320  # Σ communes = the province
    report = services.open_report(rworld.xa_a, "monthly", "2026-05", rworld.admin)
    assert "Biểu 03" not in load_workbook(io.BytesIO(services.render(report, "xlsx", DAY))).sheetnames
