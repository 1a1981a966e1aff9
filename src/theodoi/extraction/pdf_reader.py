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
                    pages.append(_page_lines(textpage, MAX_PAGE_CHARS))
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
    page_lines = [[ln.rstrip() for ln in lines] for lines in page_lines]
    edge: Counter[str] = Counter()
    for lines in page_lines:
        nonempty = [ln.strip() for ln in lines if ln.strip()]
        for ln in set(nonempty[:2] + nonempty[-2:]):
            edge[ln] += 1
    # on three pages at least: the issuer's name heads page 1 and the signature block
    repeated = {ln for ln, n in edge.items() if n >= max(3, 0.6 * len(page_lines))}
    kept = [[ln for i, ln in enumerate(lines) if not (_page_number(lines, i) or ln.strip() in repeated)]
            for lines in page_lines]
    if _spaced_paragraphs(kept):
        return [para for lines in kept for para in _join_paragraphs(lines)]
    return [ln for lines in kept for ln in lines]


def _page_number(lines: list[str], i: int) -> bool:
    """A line that is only a page number: a number alone, but not the year a wrapped title goes
    on with ("… GIAI ĐOẠN 2026-" / "2030", "… ĐẾN NĂM" / "2030")."""
    line = lines[i].strip()
    if not _PAGE_NO.match(line):
        return False
    above = next((ln.strip() for ln in reversed(lines[:i]) if ln.strip()), "")
    return not (re.fullmatch(r"(?:19|20)\d\d", line) and re.search(r"(?:[-–]|\bnăm)$", above, re.I))


# a line that opens a list item starts a paragraph of its own: "(20) …", "- …", "a) …", "2. …"
_ITEM_START = re.compile(r"^(?:\(\d{1,2}\)|[-–+•]\s|[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.\s|[IVX]{1,5}\.\s)")


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


def _join_paragraphs(lines: list[str]) -> list[str]:
    """One line per space-separated paragraph of a page (a page break is left
    to :func:`reading.rejoin`, which knows sentences)."""
    paras: list[list[str]] = [[]]
    for ln in lines:
        if ln.strip() and paras[-1] and re.search(r"[.;:!?]$", paras[-1][-1]) and _ITEM_START.match(ln.strip()):
            paras.append([ln.strip()])  # a finished sentence, then a new list item: no space between them
        elif ln.strip():
            paras[-1].append(ln.strip())
        elif paras[-1]:
            paras.append([])
    return [" ".join(p) for p in paras if p]
