"""The same plan read from TXT, DOCX and PDF (issue 14, i14pdf): rules of how a PDF lays a plan's text
out, found where the held-out sets scored lower from PDF than from TXT (bench/bench_corpus.py
``--format pdf`` / ``lopdf``). Each rule is shown on a small document built in that format, with
other bodies, numbers and words than the held-out plans; the hard-wrapped PDF is the builders' one
(``build_pdf``: lines broken at a width, paragraphs set apart by space, a page number per page)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from builders import _wrap, build_pdf, find_font

from theodoi.extraction import extract_bytes, read_document

FONT = find_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no Vietnamese TTF font to build a PDF")

HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "Số: 88/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Gia Lai, ngày 12 tháng 3 năm 2026", "KẾ HOẠCH",
        "Phát triển thương mại điện tử năm 2026"]
# filler paragraphs, so that the page is read as paragraphs set apart by space
FILL = ["I. MỤC TIÊU", "1. Mục tiêu chung",
        "Phát triển thương mại điện tử trở thành kênh phân phối quan trọng của doanh nghiệp trong tỉnh, "
        "góp phần thúc đẩy tiêu thụ nông sản và hàng hóa của địa phương.",
        "2. Mục tiêu cụ thể",
        "- Phấn đấu 80% doanh nghiệp nhỏ và vừa trên địa bàn tỉnh có tài khoản bán hàng trên các sàn "
        "giao dịch thương mại điện tử uy tín.",
        "- Phấn đấu 60% hợp tác xã nông nghiệp đưa sản phẩm chủ lực lên sàn giao dịch điện tử.",
        "II. NHIỆM VỤ"]


def _pdf_paragraphs(paras: list[str], width: int, page_lines: int = 48) -> list[str]:
    assert FONT is not None
    return read_document(build_pdf(paras, FONT, width=width, page_lines=page_lines), "plan.pdf").paragraphs


def _width_breaking(para: str, starts: str, full: bool = False) -> int:
    """A wrap width at which a line of ``para`` starts with ``starts`` (``full``: after a line that
    fills the width), so the test shows the break it is about whatever the font."""
    for width in range(40, 90):
        lines = _wrap([para], width)
        for above, line in zip(lines, lines[1:], strict=False):
            if line.startswith(starts) and (not full or len(above) >= width - 2):
                return width
    raise AssertionError(f"no width breaks {para!r} before {starts!r}")


# -- a number and a lower-case word at a line's start is a quantity, not a list mark ----------------
@needs_font
def test_a_quantity_wrapped_to_the_line_start_stays_in_its_sentence() -> None:
    """"… kế hoạch hằng năm và giai đoạn" / "5 năm trên cơ sở …", "… ngày 21 tháng" / "10 năm 2013":
    a number with no "." or ")" after it, then a lower-case word, is the sentence's quantity or date
    wrapped by the layout; "1. …" and "2) …" stay list marks."""
    task = ("1. Sở Công Thương xây dựng kế hoạch hằng năm và giai đoạn 5 năm trên cơ sở tổng hợp nhu "
            "cầu của các doanh nghiệp, hoàn thành trước ngày 21 tháng 10 năm 2026 để trình Ủy ban nhân dân tỉnh.")
    for starts in ("5 năm", "10 năm"):
        width = _width_breaking(task, starts)
        paras = _pdf_paragraphs(HEAD + FILL + [task, "2. Sở Tài chính bố trí kinh phí thực hiện."], width)
        assert task in paras, (starts, width)
        assert "2. Sở Tài chính bố trí kinh phí thực hiện." in paras


def test_a_quantity_at_a_hard_wrapped_lines_start_in_a_text_file() -> None:
    """The same rule where a text file was hard-wrapped (an e-mail, a PDF copied out): the lines are
    rejoined by width, and "5 năm …" continues the line above it."""
    body = ("Sở Công Thương xây dựng kế hoạch đào tạo nhân lực thương mại điện tử hằng năm và giai đoạn "
            "5 năm trên cơ sở tổng hợp nhu cầu của các doanh nghiệp trong tỉnh. ") * 12
    lines = _wrap([body], _width_breaking(body, "5 năm"))
    text = "\n".join(HEAD + ["I. NHIỆM VỤ", "1. Đào tạo nhân lực"] + [ln for ln in lines if ln])
    paras = read_document(text.encode(), "plan.txt").paragraphs
    assert not any(p.startswith("5 năm") for p in paras)


# -- a spaced dash after a line that fills the margin is a name broken at its dash ---------------------
@needs_font
def test_a_name_broken_at_its_spaced_dash_is_one_reporting_duty() -> None:
    """"… báo cáo kết quả về Bộ Lao động" / "- Thương binh và Xã hội tổng hợp": the line above fills the
    text's width and ends in a word, so the dash is the name's, and the duty reads as from the text."""
    duty = ("Hằng năm, Ủy ban nhân dân các huyện, thị xã và thành phố thuộc tỉnh báo cáo kết quả thực "
            "hiện về Sở Lao động - Thương binh và Xã hội tổng hợp, báo cáo Ủy ban nhân dân tỉnh.")
    width = _width_breaking(duty, "- Thương", full=True)
    plan = HEAD + FILL + ["1. Phát triển sàn giao dịch điện tử của tỉnh.", "III. TỔ CHỨC THỰC HIỆN",
                          "1. Sở Công Thương chủ trì thực hiện Kế hoạch.", duty]
    assert FONT is not None
    from_pdf = extract_bytes(build_pdf(plan, FONT, width=width), "plan.pdf")
    from_txt = extract_bytes("\n".join(plan).encode(), "plan.txt")
    assert from_txt["reporting"], "the text's duty"
    assert [r["unit"] for r in from_pdf["reporting"]] == [r["unit"] for r in from_txt["reporting"]]
    assert duty in _pdf_paragraphs(plan, width)


def test_dash_items_after_a_finished_line_stay_items() -> None:
    """Inside a block set apart by space (the PDF reader's paragraphs), dash items typed without
    space between them stay items after a line that ends its clause ("…;") or stops short of the
    margin, and after an item's or a numbered heading's line that fills the margin; only a line of
    prose that fills the margin and ends in a word runs on into the dash (the "Sở Lao động - Thương
    binh" of the test above)."""
    from theodoi.extraction.pdf_reader import _join_paragraphs

    lines = ["6. Đẩy mạnh ứng dụng thương mại điện tử trong các hợp tác xã nông nghiệp của tỉnh",
             "- Hoàn thiện sàn giao dịch nông sản của tỉnh.",
             "- Phấn đấu 70% doanh nghiệp trong các khu công nghiệp sử dụng",
             "hợp đồng điện tử, hóa đơn điện tử và chữ ký số trong giao dịch;",
             "- Phấn đấu 50% hộ kinh doanh thanh toán không dùng tiền mặt",
             "- Hoàn thành sàn giao dịch nông sản của tỉnh trong năm 2026 và",
             "kết nối với các sàn thương mại điện tử lớn trong cả nước về Sở",
             "- Phấn đấu 40% sản phẩm OCOP của tỉnh có mặt trên sàn giao dịch",
             "III. TỔ CHỨC THỰC HIỆN",
             "Hằng năm, các huyện, thị xã gửi báo cáo kết quả thực hiện về Sở",
             "- Thương mại tổng hợp, báo cáo Ủy ban nhân dân tỉnh."]
    assert _join_paragraphs(lines, 64) == [
        "6. Đẩy mạnh ứng dụng thương mại điện tử trong các hợp tác xã nông nghiệp của tỉnh",
        "- Hoàn thiện sàn giao dịch nông sản của tỉnh.",
        "- Phấn đấu 70% doanh nghiệp trong các khu công nghiệp sử dụng hợp đồng điện tử, hóa đơn điện "
        "tử và chữ ký số trong giao dịch;",
        "- Phấn đấu 50% hộ kinh doanh thanh toán không dùng tiền mặt",
        "- Hoàn thành sàn giao dịch nông sản của tỉnh trong năm 2026 và kết nối với các sàn thương mại "
        "điện tử lớn trong cả nước về Sở",
        "- Phấn đấu 40% sản phẩm OCOP của tỉnh có mặt trên sàn giao dịch",
        "III. TỔ CHỨC THỰC HIỆN",
        "Hằng năm, các huyện, thị xã gửi báo cáo kết quả thực hiện về Sở - Thương mại tổng hợp, báo cáo "
        "Ủy ban nhân dân tỉnh."]


# -- an enumeration "(1) …, (2) … và (3) …" wrapped at its mark stays in its sentence -------------------
@needs_font
def test_an_inline_enumeration_wrapped_at_its_mark_stays_one_paragraph() -> None:
    """"… ba trụ cột (1) Hạ tầng số, (2) Dữ liệu số và" / "(3) Nhân lực số để …": the paragraph already
    counts "(2)", so "(3)" at the line's start goes on with it; a "(1)" opening a line stays a mark."""
    para = ("Phát triển đồng bộ ba trụ cột của kinh tế số là (1) Hạ tầng số, (2) Dữ liệu số và (3) Nhân "
            "lực số để doanh nghiệp trong tỉnh tham gia sâu vào chuỗi cung ứng.")
    width = _width_breaking(para, "(3)")
    paras = _pdf_paragraphs(HEAD + FILL + [para], width)
    assert para in paras


# -- a paragraph cut by the page break ---------------------------------------------------------------
@needs_font
def test_a_heading_cut_by_the_page_break_is_one_heading() -> None:
    """A paragraph (here an upper-case title) whose page ends on a line that fills the width with no
    sentence end goes on at the top of the next page; a paragraph that ended its page stays apart."""
    title = ("DANH MỤC NHIỆM VỤ TRỌNG TÂM TRIỂN KHAI THỰC HIỆN ĐỀ ÁN “PHÁT TRIỂN THƯƠNG MẠI ĐIỆN TỬ "
             "VÀ KINH TẾ SỐ CỦA TỈNH GIAI ĐOẠN 2026 - 2030”")
    width = 62
    wrapped = _wrap([title], width)
    assert len(wrapped) >= 3 and len(wrapped[0]) >= 0.85 * width
    plan = HEAD + FILL + ["1. Phát triển sàn giao dịch điện tử của tỉnh.", title]
    before = len(_wrap(plan, width)) - len(wrapped)  # lines before the title
    paras = _pdf_paragraphs(plan, width, page_lines=before + 1)  # the page holds its first line only
    assert title in paras
    # the same page size with a paragraph that ends its page: not run on into the next page's line
    ended = HEAD + FILL + ["1. Phát triển sàn giao dịch điện tử của tỉnh.", "II. TỔ CHỨC THỰC HIỆN"]
    paras = _pdf_paragraphs(ended + ["1. Sở Công Thương chủ trì thực hiện."], width,
                            page_lines=len(_wrap(ended, width)))
    assert "II. TỔ CHỨC THỰC HIỆN" in paras


# -- LibreOffice's PDF ------------------------------------------------------------------------------
def _libreoffice_pdf(lines: list[str], tmp: Path) -> bytes:
    import docx
    from docx.shared import Pt

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    for line in lines:
        document.add_paragraph(line)
    src = tmp / "plan.docx"
    document.save(str(src))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=180)
    return (tmp / "plan.pdf").read_bytes()


def test_libreoffice_pdf_keeps_the_space_after_a_capital_u_horn_and_a_symbol_broken_at_its_hyphen(
        tmp_path: Path) -> None:
    """LibreOffice draws the capital "Ư" with its tones in a fallback font whose box covers the next
    word space ("BAN BÍ THƯTRUNG ƯƠNG", "SỰLÃNH ĐẠO", "SỰNGHIỆP", "KỲ HỌP THỨ5"): the space is put back where no
    syllable goes on from "Ư". A symbol the layout broke at its hyphen ("số 12/2025/NQ-" / "HĐND")
    is glued back without a space."""
    title = "VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA BAN BÍ THƯ TRUNG ƯƠNG ĐỐI VỚI ĐƠN VỊ SỰ NGHIỆP CÔNG LẬP"
    session = "HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI KHÓA XII - KỲ HỌP THỨ 5"
    basis = [f"Căn cứ {'các văn bản hướng dẫn ' * n}Nghị quyết số 12/2025/NQ-HĐND ngày 10 tháng 7 năm 2025 "
             f"của Hội đồng nhân dân tỉnh về phát triển thương mại điện tử;" for n in range(8)]
    pdf = _libreoffice_pdf(HEAD + [session, title] + FILL + basis, tmp_path)
    text = read_document(pdf, "plan.pdf").text
    for phrase in ("BAN BÍ THƯ TRUNG ƯƠNG", "SỰ LÃNH ĐẠO", "SỰ NGHIỆP CÔNG LẬP", "TRUNG ƯƠNG", "TĂNG CƯỜNG",
                   "KỲ HỌP THỨ 5"):
        assert phrase in text, phrase
    assert text.count("12/2025/NQ-HĐND") == len(basis)
