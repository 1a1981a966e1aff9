"""Appendix tables and list items in PDF read as in the Word file they were exported from
(issue 14): ruled tables become rows of cells (a row broken by a page joined back), a heading
set apart by space does not swallow its first "a)" item, and a number alone on a wrapped line
is text, not a page number. Word files are exported by LibreOffice; without ``soffice`` these
tests skip, except under CI (``CI=true``), where a missing LibreOffice is a failure."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from builders import build_pdf, find_font
from test_libreoffice_formats import _soffice

from theodoi.extraction import extract_bytes

HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH AN BÌNH", "Số: 12/KH-UBND", "An Bình, ngày 05 tháng 3 năm 2025", "KẾ HOẠCH",
        "Phát triển khoa học, công nghệ và đổi mới sáng tạo đến năm 2030", "I. MỤC TIÊU",
        "- Tỷ lệ hồ sơ trực tuyến đạt 80%."]
APPENDIX_PLAN = HEAD + [
    "II. NHIỆM VỤ", "Các nhiệm vụ cụ thể tại Phụ lục kèm theo.", "III. TỔ CHỨC THỰC HIỆN",
    "1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.",
    "2. Các sở, ban, ngành định kỳ 6 tháng, hằng năm báo cáo kết quả thực hiện về UBND tỉnh.",
    "Nơi nhận:", "- Như trên;", "PHỤ LỤC", "DANH MỤC NHIỆM VỤ", "(Kèm theo Kế hoạch số 12/KH-UBND)"]
ROWS = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
        ["I", "Hoàn thiện thể chế"],
        ["1", "Rà soát, sửa đổi các quy định của tỉnh về khoa học, công nghệ và đổi mới sáng tạo",
         "Sở Khoa học và Công nghệ", "Sở Tư pháp; các sở, ngành liên quan", "Quý IV/2025", "Quyết định của UBND tỉnh"],
        ["2", "Ban hành chính sách hỗ trợ doanh nghiệp đổi mới sáng tạo", "Sở Tài chính", "Sở Công Thương",
         "Năm 2026", "Nghị quyết HĐND tỉnh"],
        ["II", "Phát triển hạ tầng số"],
        ["1", "Đầu tư hạ tầng cáp quang đến các thôn, bản vùng sâu, vùng xa", "Sở Thông tin và Truyền thông",
         "UBND các huyện", "2025 - 2027", "Hạ tầng cáp quang"]]
LIST_PLAN = HEAD + [
    "II. NHIỆM VỤ, GIẢI PHÁP", "1. Hạ tầng số",
    "a) Xây dựng hạ tầng cáp quang đến các thôn, bản; hoàn thành trong năm 2026.",
    "b) Phát triển mạng di động 5G tại các khu đô thị và khu công nghiệp.", "2. Nhân lực số",
    "a) Đào tạo kỹ năng số cho cán bộ, công chức cấp xã.", "III. TỔ CHỨC THỰC HIỆN",
    "1. Sở Khoa học và Công nghệ chủ trì, đôn đốc triển khai Kế hoạch."]


def _word(path: Path, paragraphs: list[str], rows: list[list[str]] | None = None,
          spaced_headings: bool = False) -> Path:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    document.styles["Normal"].paragraph_format.space_after = Pt(0)
    for text in paragraphs:
        p = document.add_paragraph(text)
        if spaced_headings and re.match(r"^(?:[IVX]+|\d+)\.\s", text):  # a bold heading with space above
            p.paragraph_format.space_before = Pt(12)
            p.runs[0].bold = True
    if rows:
        table = document.add_table(rows=0, cols=len(rows[0]))
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            if len(row) < len(cells):  # a group row: its title across the unit columns
                cells[1].merge(cells[-1])
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    document.save(str(path))
    return path


def _pdf_of(word: Path, tmp: Path) -> Path:
    soffice = _soffice()
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(word)],
                   check=True, capture_output=True, timeout=180)
    return tmp / f"{word.stem}.pdf"


@pytest.fixture(scope="module")
def appendix(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    tmp = tmp_path_factory.mktemp("pdf-tables")
    word = _word(tmp / "appendix.docx", APPENDIX_PLAN, ROWS)
    pdf = _pdf_of(word, tmp)
    return extract_bytes(word.read_bytes(), word.name), extract_bytes(pdf.read_bytes(), pdf.name)


def test_a_ruled_appendix_table_in_pdf_reads_as_in_the_word_file(appendix: tuple[dict, dict]) -> None:
    from_word, from_pdf = appendix
    assert from_pdf["source"]["kind"] == "pdf"
    for key in ("tasks", "appendix_tasks", "assignments", "reporting"):
        assert from_pdf[key] == from_word[key], key
    rows = [(r["stt"], r["title"], r["lead_units"], r["coordinating_units"], r["deadline"], r["outputs"])
            for r in from_pdf["appendix_tasks"]]
    assert rows == [
        ("I", "Hoàn thiện thể chế", [], [], None, None),
        ("1", ROWS[2][1], ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp", "các sở, ngành liên quan"], "Quý IV/2025",
         "Quyết định của UBND tỉnh"),
        ("2", ROWS[3][1], ["Sở Tài chính"], ["Sở Công Thương"], "Năm 2026", "Nghị quyết HĐND tỉnh"),
        ("II", "Phát triển hạ tầng số", [], [], None, None),
        ("1", ROWS[5][1], ["Sở Thông tin và Truyền thông"], ["UBND các huyện"], "2025 - 2027",
         "Hạ tầng cáp quang")]
    assert [(t["code"], t["title"]) for t in from_pdf["tasks"]] == [
        ("PL.I", "Hoàn thiện thể chế"), ("PL.II", "Phát triển hạ tầng số")]
    # the implementation section names its bodies: the rows' leads stay on the rows
    assert [(a["unit"], a["role"]) for a in from_pdf["assignments"]] == [
        ("Sở Khoa học và Công nghệ", "chủ trì"), ("Các sở, ban, ngành", "thực hiện")]


def test_a_heading_set_apart_by_space_does_not_swallow_its_first_item(tmp_path: Path) -> None:
    word = _word(tmp_path / "list.docx", LIST_PLAN, spaced_headings=True)
    pdf = _pdf_of(word, tmp_path)
    got = extract_bytes(pdf.read_bytes(), pdf.name)["tasks"]
    assert got == extract_bytes(word.read_bytes(), word.name)["tasks"]
    assert [t["title"] for t in got] == ["Hạ tầng số", "Nhân lực số"]


def test_a_number_alone_on_a_wrapped_line_is_text_not_a_page_number() -> None:
    font = find_font()
    if font is None:
        pytest.skip("no Vietnamese TTF font")
    # the title wraps so that "2030" stands alone on its line, in the middle of the page
    got = extract_bytes(build_pdf(LIST_PLAN, font), "plan.pdf")
    assert got["meta"]["title"].endswith("đến năm 2030")
    assert got["meta"]["period"]["end"] == 2030


def test_a_table_row_broken_by_a_page_is_joined_back() -> None:
    from theodoi.extraction.pdf_reader import _join_split_rows

    pages = [["PHỤ LỤC", "| STT | Nội dung | Chủ trì |", "| 1 | Ban hành chính sách | Sở Kế hoạch và |"],
             ["|  | hỗ trợ doanh nghiệp | Đầu tư |", "| 2 | Đào tạo nhân lực | Sở Nội vụ |"],
             ["Nơi nhận:"]]
    assert _join_split_rows(pages) == [
        ["PHỤ LỤC", "| STT | Nội dung | Chủ trì |",
         "| 1 | Ban hành chính sách hỗ trợ doanh nghiệp | Sở Kế hoạch và Đầu tư |"],
        ["| 2 | Đào tạo nhân lực | Sở Nội vụ |"], ["Nơi nhận:"]]


def _two_row_header_word(path: Path) -> Path:
    """A "biểu chi tiết" whose header is on two rows: "Cơ quan thực hiện" over "Chủ trì | Phối hợp"."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    for text in APPENDIX_PLAN:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=6)
    table.style = "Table Grid"
    top, sub = table.rows[0].cells, table.rows[1].cells
    for i, text in ((0, "STT"), (1, "Nội dung công việc"), (4, "Thời gian thực hiện"), (5, "Kết quả, sản phẩm")):
        top[i].text = text
        top[i].merge(sub[i])
    top[2].merge(top[3]).text = "Cơ quan thực hiện"
    sub[2].text, sub[3].text = "Chủ trì", "Phối hợp"
    for row in ROWS[1:]:
        cells = table.add_row().cells
        if len(row) < len(cells):
            cells[1].merge(cells[-1])
        for cell, text in zip(cells, row, strict=False):
            cell.text = text
    document.save(str(path))
    return path


def test_a_header_on_two_rows_finds_the_lead_and_coordinating_columns(tmp_path: Path) -> None:
    word = _two_row_header_word(tmp_path / "two-rows.docx")
    from_word = extract_bytes(word.read_bytes(), word.name)
    rows = [(r["stt"], r["lead_units"], r["coordinating_units"], r["deadline"]) for r in from_word["appendix_tasks"]]
    assert rows == [("I", [], [], None),
                    ("1", ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp", "các sở, ngành liên quan"], "Quý IV/2025"),
                    ("2", ["Sở Tài chính"], ["Sở Công Thương"], "Năm 2026"), ("II", [], [], None),
                    ("1", ["Sở Thông tin và Truyền thông"], ["UBND các huyện"], "2025 - 2027")]
    pdf = _pdf_of(word, tmp_path)
    from_pdf = extract_bytes(pdf.read_bytes(), pdf.name)
    for key in ("tasks", "appendix_tasks", "assignments"):
        assert from_pdf[key] == from_word[key], key


def test_a_short_last_page_is_cut_into_paragraphs_by_the_documents_width() -> None:
    from theodoi.extraction.pdf_reader import _join_paragraphs

    # a last page without paragraph space: its few lines are short, the document's are not
    lines = ["1. Phòng Văn hóa, Khoa học và Thông tin", "Là đầu mối theo dõi, đôn đốc thực hiện Kế hoạch; báo cáo Ủy",
             "ban nhân dân huyện trước ngày 10 hằng tháng.", "2. Phòng Tài chính - Kế hoạch",
             "Tham mưu bố trí kinh phí thực hiện Kế hoạch.", "Nơi nhận:", "- Lưu: VT."]
    assert _join_paragraphs(lines, 62) == [
        "1. Phòng Văn hóa, Khoa học và Thông tin",
        "Là đầu mối theo dõi, đôn đốc thực hiện Kế hoạch; báo cáo Ủy ban nhân dân huyện trước ngày 10 hằng tháng.",
        "2. Phòng Tài chính - Kế hoạch", "Tham mưu bố trí kinh phí thực hiện Kế hoạch.", "Nơi nhận:", "- Lưu: VT."]
