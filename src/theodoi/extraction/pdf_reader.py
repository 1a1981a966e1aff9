"""Read the text layer of a PDF plan with PDFium (pypdfium2).

Lines are rebuilt from glyph positions (:mod:`pdf_layout`), not taken in
drawing order, so letters drawn in a fallback font land where they are seen.
Page numbers and running headers/footers (a line repeated on most pages) are
dropped. When the PDF sets paragraphs apart by space and some paragraphs
span several lines, the lines of each paragraph are joined here (the space
is the writer's own paragraph mark); otherwise line breaks are kept and
rejoining happens in :mod:`reading`. A PDF
without a text layer raises :class:`ScannedPDF` (an ExtractionError): :mod:`reading`
then reads it by OCR when tesseract is installed.

The work is bounded: at most ``MAX_PAGES`` pages, ``MAX_PAGE_CHARS`` glyphs
read per page and ``MAX_CHARS`` in all. PDFium is not thread-safe, so one
lock serialises its use (the web server runs uploads in threads).
"""

from __future__ import annotations

import re
import threading
from collections import Counter

from .pdf_layout import page_lines as _page_lines
from .pdf_tables import find_grids
from .safety import DAMAGED_PDF, ExtractionError

MAX_PAGES = 400
MAX_PAGE_CHARS = 30_000  # a dense A4 page holds about 5,000
MAX_CHARS = 2_000_000
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$", re.I)
_PDFIUM = threading.Lock()
_FPDF_ERR_PASSWORD = 4


def _read_pages(data: bytes) -> list[list[str]]:
    """Text lines of every page; ExtractionError for a locked, long or broken file."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    with _PDFIUM:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == _FPDF_ERR_PASSWORD:
                raise ExtractionError("Tệp PDF được mã hóa; hãy bỏ mật khẩu trước.") from exc
            raise ExtractionError(DAMAGED_PDF) from exc
        try:
            if len(doc) > MAX_PAGES:
                raise ExtractionError(f"Tệp PDF quá dài (trên {MAX_PAGES} trang).")
            pages: list[list[str]] = []
            budget = MAX_CHARS
            for index in range(len(doc)):
                try:
                    page = doc[index]
                    textpage = page.get_textpage()
                except pdfium.PdfiumError:  # one bad page must not lose the document
                    pages.append([])
                    continue
                try:
                    chars = textpage.count_chars()
                    if chars > budget:
                        limit = f"{MAX_CHARS:_}".replace("_", ".")
                        raise ExtractionError(f"Tệp PDF có quá nhiều chữ (trên {limit} ký tự).")
                    budget -= min(chars, MAX_PAGE_CHARS)
                    try:
                        grids = find_grids(page)
                    except Exception:  # a page whose drawing PDFium cannot walk: read its text alone
                        grids = []
                    pages.append(_page_lines(textpage, MAX_PAGE_CHARS, grids))
                finally:
                    textpage.close()
                    page.close()
            return pages
        finally:
            doc.close()


SCANNED = "Tệp PDF không có lớp văn bản (bản quét); hãy dùng bản có văn bản hoặc OCR trước."


class ScannedPDF(ExtractionError):
    """The PDF has no text layer: OCR may read it (:mod:`ocr`), else this is the refusal."""


def page_count(data: bytes) -> int:
    """Pages PDFium finds in ``data``; ExtractionError when it cannot open it."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == _FPDF_ERR_PASSWORD:
                raise ExtractionError("Tệp PDF được mã hóa; hãy bỏ mật khẩu trước.") from exc
            raise ExtractionError(DAMAGED_PDF) from exc
        except Exception as exc:  # PDFium's bindings raise other types on odd input
            raise ExtractionError(DAMAGED_PDF) from exc
        try:
            return len(doc)
        finally:
            doc.close()


def read_pdf(data: bytes) -> list[str]:
    """Return the PDF's text lines (NFC later), page furniture removed."""
    try:
        page_lines = _read_pages(data)
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(DAMAGED_PDF) from exc
    texts = ["\n".join(lines) for lines in page_lines]
    letters = sum(ch.isalpha() for t in texts for ch in t)
    if letters < 40:
        raise ScannedPDF(SCANNED)
    page_lines = [[_unglue(ln.rstrip()) for ln in lines] for lines in page_lines]
    edge: Counter[str] = Counter()
    for lines in page_lines:
        nonempty = [ln.strip() for ln in lines if ln.strip()]
        for ln in set(nonempty[:2] + nonempty[-2:]):
            edge[ln] += 1
    # on three pages at least: the issuer's name heads page 1 and the signature block
    repeated = {ln for ln, n in edge.items() if n >= max(3, 0.6 * len(page_lines))}
    kept = [[ln for i, ln in enumerate(lines) if not (_page_number(lines, i) or ln.strip() in repeated)]
            for lines in page_lines]
    kept = _join_split_rows(kept)
    if _spaced_paragraphs(kept):
        out_lines: list[str] = []
        widths = sorted(len(ln.strip()) for lines in kept for ln in lines if ln.strip())
        width = widths[int(0.9 * (len(widths) - 1))] if widths else 0  # the document's, not a short page's
        out: list[str] = []
        for lines in kept:
            paras = _join_paragraphs(lines, width)
            if out and paras and _runs_over(kept_last(out_lines), paras[0], width, _line_above_last(out_lines)):
                out[-1] = _glue([out[-1], paras.pop(0)])
            out += paras
            out_lines = lines if any(ln.strip() for ln in lines) else out_lines
        return out
    return [ln for lines in kept for ln in lines]


def kept_last(lines: list[str]) -> str:
    """The page's last line of text (the space left where its page number stood is no paragraph mark)."""
    return next((ln.strip() for ln in reversed(lines) if ln.strip()), "")


def _line_above_last(lines: list[str]) -> str:
    """The line right above the page's last line of text, in the same block (no space between), else ""."""
    seen = False
    for ln in reversed(lines):
        if not ln.strip():
            if seen:
                return ""
            continue
        if seen:
            return ln.strip()
        seen = True
    return ""


def _runs_over(last: str, first: str, width: int, above: str = "") -> bool:
    """A paragraph set apart by space that the page break cut: the page's last line fills the text's
    width and ends no sentence ("… kiện toàn Ban" / "Chỉ đạo Dân số …", "… ĐỀ ÁN “ĐÀO" / "TẠO, BỒI
    DƯỠNG"), and the next page does not open a list item or the closing. A heading or a paragraph's
    last line stops short of the margin — except the few words a line of the source left over when the
    PDF's narrower text wrapped it (``above``, the line over it, fills the width and ends no sentence;
    the short line opens in lower case, mid-sentence: "… sắp xếp, kiện" / "toàn", then the page breaks),
    unless the next page opens a sentence ("Tăng cường …": a wrapped heading's end, then its body)."""
    from .outline import _END_BODY
    from .reading import _SENTENCE_START, _TERMINAL, MARKER, wrapped_mark

    leftover = bool(above and last[:1].islower() and len(above) >= 0.85 * width and not _TERMINAL.search(above)
                    and not MARKER.match(last) and not _SENTENCE_START.match(first))
    if not last or not width or (len(last) < 0.85 * width and not leftover) or _TERMINAL.search(last) \
            or last.startswith("|"):
        return False
    if first.startswith("|") or _END_BODY.match(first):
        return False
    return not MARKER.match(first) or wrapped_mark(last, first, width)


# LibreOffice draws the capital "Ư" with its tones ("Ứ", "Ự" …) in a fallback font whose box covers the
# word space after it, so the text layer reads "CĂN CỨLẬP KẾ HOẠCH", "BAN BÍ THƯTRUNG ƯƠNG", "SỰNGHIỆP":
# no Vietnamese syllable goes on from "Ư" with these consonants ("ƯT", "ƯC" and "ƯNG" end one, so a
# letter after them begins the next word) nor with a digit ("KỲ HỌP THỨ3")
_U_HORN = "ƯỪỨỬỮỰ"
_GLUED = re.compile(rf"(?<=[A-ZĐ])([{_U_HORN}])(?=[BDĐGHKLPQRSVX][A-ZĐÀ-Ỹ]|[TC][A-ZĐÀ-Ỹ]|NG[A-ZĐÀ-Ỹ]|N[^G\W]|\d)")


def _unglue(line: str) -> str:
    return _GLUED.sub(r"\1 ", line) if any(ch in line for ch in _U_HORN) else line


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _join_split_rows(pages: list[list[str]]) -> list[list[str]]:
    """A table row broken by a page ends the page and opens the next one with an empty first
    cell ("|  | hỗ trợ doanh nghiệp … | Đầu tư |"): its cells are joined back to the row above."""
    out: list[list[str]] = []
    for lines in pages:
        lines = list(lines)
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        prev = out[-1] if out else []
        last = next((i for i in range(len(prev) - 1, -1, -1) if prev[i].strip()), None)
        if first is not None and last is not None and lines[first].startswith("|") and \
                prev[last].startswith("|"):
            below, above = _cells(lines[first]), _cells(prev[last])
            if len(below) == len(above) and not below[0] and above[0]:
                joined = [f"{a} {b}".strip() for a, b in zip(above, below, strict=True)]
                prev[last] = "| " + " | ".join(joined) + " |"
                del lines[first]
        out.append(lines)
    return out


def _at_edge(lines: list[str], i: int) -> bool:
    """Line ``i`` is among the page's first or last two non-empty lines (where page numbers
    stand); a number alone elsewhere is text ("… đến năm" / "2030" wrapped, a table's "1")."""
    nonempty = [j for j, ln in enumerate(lines) if ln.strip()]
    return i in nonempty[:2] or i in nonempty[-2:]


def _page_number(lines: list[str], i: int) -> bool:
    """A line that is only a page number: a number alone at the page's edge (:func:`_at_edge`), but
    not the year a wrapped title goes on with ("… GIAI ĐOẠN 2026-" / "2030", "… ĐẾN NĂM" / "2030")."""
    line = lines[i].strip()
    if not (_PAGE_NO.match(line) and _at_edge(lines, i)):
        return False
    above = next((ln.strip() for ln in reversed(lines[:i]) if ln.strip()), "")
    return not (re.fullmatch(r"(?:19|20)\d\d", line) and re.search(r"(?:[-–]|\bnăm)$", above, re.I))


def _spaced_paragraphs(pages: list[list[str]]) -> bool:
    """Paragraphs are set apart by space (empty lines), and some span lines."""
    direct = spaced = 0
    for lines in pages:
        for above, below in zip(lines, lines[1:], strict=False):
            if above.strip() and below.strip():
                direct += 1
            elif above.strip():
                spaced += 1
    total = direct + spaced
    return total >= 10 and spaced >= 0.1 * total and direct >= 0.1 * total


def _join_paragraphs(lines: list[str], width: int | None = None) -> list[str]:
    """One line per space-separated paragraph of a page (a page break is left
    to :func:`reading.rejoin`, which knows sentences). Inside a block set apart by space,
    a line that opens a list item ("a) …", "- …", "2. …") or the closing ("Nơi nhận:") starts a
    paragraph, and so does the line after one that stops well short of the text's width (a
    heading, a paragraph's end; the width is the document's, ``width``, when given):
    a heading written without space after it does not swallow its first item."""
    from .outline import _END_BODY
    from .reading import MARKER, wrapped_mark

    if width is None:
        widths = sorted(len(ln.strip()) for ln in lines if ln.strip())
        width = widths[int(0.9 * (len(widths) - 1))] if widths else 0
    paras: list[list[str]] = [[]]
    for ln in lines:
        text = ln.strip()
        if not text:
            if paras[-1]:
                paras.append([])
            continue
        prev = paras[-1][-1] if paras[-1] else ""
        if prev and ((MARKER.match(text) and not (text[:1] in "-–" and text[1:].lstrip()[:1].islower())
                      and not wrapped_mark(prev, text, width, " ".join(paras[-1])))
                     or len(prev) < 0.7 * width or _END_BODY.match(text)):
            paras.append([])
        paras[-1].append(text)
    return [_glue(p) for p in paras if p]


def _glue(lines: list[str]) -> str:
    """The lines of one paragraph as one line, each joined as :func:`reading.rejoin` joins wrapped
    lines (:func:`reading.glue`)."""
    from .reading import glue

    out = lines[0]
    for ln in lines[1:]:
        out += glue(out, ln) + ln
    return out
