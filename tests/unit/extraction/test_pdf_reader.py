"""The PDF reader rebuilds lines from glyph positions, not drawing order.

Each PDF here is drawn with reportlab in a chosen order, so the tests pin what
the reader does with letters drawn out of order (LibreOffice's fallback font),
two columns, header cells on one baseline, rotated text, paragraph spacing and
its work limits.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

import pytest

from theodoi.extraction import pdf_reader
from theodoi.extraction.safety import ExtractionError

from .builders import find_font

FONT = find_font()
pytestmark = pytest.mark.skipif(FONT is None, reason="no TTF font with Vietnamese letters")
SIZE = 12


def _pdf(draw: Callable[..., None], pages: int = 1, **kw: object) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("VN", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), **kw)
    for no in range(pages):
        c.setFont("VN", SIZE)
        draw(c, no)
        c.showPage()
    c.save()
    return buf.getvalue()


def _split_draw(c, x: float, y: float, text: str, late: str, first: bool = False) -> None:
    """Draw ``text`` leaving holes for the letters in ``late``, then (or, with
    ``first``, before) the held-back letters at their places, as LibreOffice
    does with a fallback font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    main, held = [], []
    for i, ch in enumerate(text):
        at = x + stringWidth(text[:i], "VN", SIZE)
        (held if ch in late else main).append((at, ch))
    for group in ([held, main] if first else [main, held]):
        for at, ch in group:
            c.drawString(at, y, ch)


FILLER = "Kế hoạch thực hiện chuyển đổi số năm 2026 của xã."


def _lines(data: bytes) -> list[str]:
    return [ln for ln in pdf_reader.read_pdf(data) if ln.strip()]


@pytest.mark.parametrize("first", [False, True])
def test_letters_drawn_apart_land_in_their_line(first: bool) -> None:
    def draw(c, _no):
        _split_draw(c, 60, 760, "BỘ GIÁO DỤC VÀ ĐÀO TẠO", "ỘỤẠ", first)
        _split_draw(c, 60, 745, "Nghị quyết số 57-NQ/TW của Bộ Chính trị", "ịếốộ", first)
        c.drawString(60, 730, FILLER)

    assert _lines(_pdf(draw))[:3] == ["BỘ GIÁO DỤC VÀ ĐÀO TẠO",
                                      "Nghị quyết số 57-NQ/TW của Bộ Chính trị", FILLER]


def test_word_spaces_come_from_gaps_when_no_space_is_drawn() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def draw(c, _no):
        x = 60.0
        for word in ("Đến", "năm", "2030", "hoàn", "thành"):
            c.drawString(x, 760, word)
            x += stringWidth(word + " ", "VN", SIZE)
        c.drawString(60, 745, FILLER)

    assert _lines(_pdf(draw))[0] == "Đến năm 2030 hoàn thành"


LEFT = [f"Cột trái dòng {i} nói về chuyển đổi số" for i in range(1, 6)]
RIGHT = [f"Cột phải dòng {i} nói về đổi mới sáng tạo" for i in range(1, 6)]


def test_two_columns_drawn_row_by_row_are_not_interleaved() -> None:
    def draw(c, _no):
        for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
            c.drawString(50, 760 - 15 * i, left)
            c.drawString(320, 760 - 15 * i, right)

    assert _lines(_pdf(draw)) == LEFT + RIGHT


def test_header_cells_on_one_baseline_stay_in_drawing_order() -> None:
    left = ["ỦY BAN NHÂN DÂN", "XÃ HÒA AN", "Số: 156/QĐ-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Hòa An, ngày 05 tháng 3 năm 2026"]

    def draw(c, _no):
        for cell, x in ((left, 50), (right, 260)):
            for i, text in enumerate(cell):
                c.drawString(x, 800 - 15 * i, text)
        c.drawString(50, 740, FILLER)

    assert _lines(_pdf(draw)) == left + right + [FILLER]


def test_rotated_text_reads_in_its_direction() -> None:
    texts = ["Dòng thứ nhất của trang xoay", "Dòng thứ hai của trang xoay", FILLER]

    def draw(c, _no):
        c.saveState()
        c.translate(500, 80)
        c.rotate(90)
        for i, text in enumerate(texts):
            c.drawString(0, -15 * i, text)
        c.restoreState()

    assert _lines(_pdf(draw)) == texts


def test_paragraph_space_joins_the_lines_of_each_paragraph() -> None:
    paras = [["Căn cứ Kế hoạch số 118/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh",
              "về chuyển đổi số năm 2026;"],
             ["QUYẾT ĐỊNH:"],
             ["Điều 1. Phê duyệt Kế hoạch chuyển đổi số xã Hòa An năm 2026 (có Kế hoạch",
              "kèm theo)."],
             ["Điều 2. Giao Văn phòng UBND xã theo dõi."]]

    def draw(c, _no):
        y = 780
        for para in paras * 3:
            for text in para:
                c.drawString(60, y, text)
                y -= 15
            y -= 12  # space after each paragraph

    got = _lines(_pdf(draw))
    assert got[:4] == [" ".join(p) for p in paras]


def test_single_spaced_lines_are_left_for_rejoining() -> None:
    texts = [f"dòng {i} của một đoạn văn bản dài được ngắt theo chiều rộng" for i in range(12)]

    def draw(c, _no):
        for i, text in enumerate(texts):
            c.drawString(60, 780 - 15 * i, text)

    assert _lines(_pdf(draw)) == texts


def test_running_header_needs_three_pages_and_page_numbers_go() -> None:
    def draw(c, no):
        c.drawString(60, 800, "ỦY BAN NHÂN DÂN" if no in (0, 2) else "Trang đầu khác")
        c.drawString(60, 780, f"Nội dung riêng của trang {no + 1} về chuyển đổi số")
        c.drawString(290, 40, str(no + 1))

    lines = _lines(_pdf(draw, pages=3))
    assert lines.count("ỦY BAN NHÂN DÂN") == 2  # on two of three pages: not furniture
    assert not any(ln.strip().isdigit() for ln in lines)


def test_work_per_page_and_per_document_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    def draw(c, no):
        for i in range(10):
            c.drawString(60, 780 - 15 * i, f"Trang {no + 1} dòng {i}: {FILLER}")

    data = _pdf(draw, pages=3)
    monkeypatch.setattr(pdf_reader, "MAX_PAGE_CHARS", 120)
    lines = _lines(data)
    assert 3 <= len(lines) < 12  # only the first 120 glyphs of each page are read
    monkeypatch.setattr(pdf_reader, "MAX_CHARS", 500)
    with pytest.raises(ExtractionError, match="quá nhiều chữ"):
        pdf_reader.read_pdf(data)
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(ExtractionError, match="quá dài"):
        pdf_reader.read_pdf(data)


def test_password_protected_pdf_is_refused_clearly() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = _pdf(lambda c, _no: c.drawString(60, 780, FILLER),
                encrypt=StandardEncryption("mật-khẩu", ownerPassword="chủ"))
    with pytest.raises(ExtractionError, match="mã hóa"):
        pdf_reader.read_pdf(data)


def test_truncated_pdf_is_refused_as_broken() -> None:
    data = _pdf(lambda c, _no: c.drawString(60, 780, FILLER))
    with pytest.raises(ExtractionError, match="hỏng"):
        pdf_reader.read_pdf(data[: len(data) // 3])


def test_concurrent_reads_give_the_same_lines() -> None:
    data = _pdf(lambda c, no: [c.drawString(60, 780 - 15 * i, f"{no} {i} {FILLER}")
                               for i in range(20)], pages=4)
    expected = pdf_reader.read_pdf(data)
    results: list[list[str]] = []

    def work() -> None:
        for _ in range(5):
            results.append(pdf_reader.read_pdf(data))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 20 and all(r == expected for r in results)
