"""Read the text layer of a PDF plan with pypdf.

Page numbers and running headers/footers (a line repeated on most pages) are
dropped; line breaks are kept, rejoining happens in :mod:`reading`. A PDF
without a text layer raises :class:`ExtractionError` (scanned document).
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from .safety import ExtractionError

MAX_PAGES = 400
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$", re.I)


def read_pdf(data: bytes) -> list[str]:
    """Return the PDF's text lines (NFC later), page furniture removed."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise ExtractionError("Tệp PDF được mã hóa; hãy bỏ mật khẩu trước.") from exc
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise ExtractionError(f"Tệp PDF quá dài (trên {MAX_PAGES} trang).")
        texts = []
        for page in pages:
            try:
                texts.append(page.extract_text() or "")
            except Exception:  # one bad page must not lose the document
                texts.append("")
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError("Tệp PDF bị hỏng hoặc không đọc được.") from exc
    letters = sum(ch.isalpha() for t in texts for ch in t)
    if letters < 40:
        raise ExtractionError(
            "Tệp PDF không có lớp văn bản (bản quét); hãy dùng bản có văn bản hoặc OCR trước."
        )
    page_lines = [[ln.rstrip() for ln in t.split("\n")] for t in texts]
    edge: Counter[str] = Counter()
    for lines in page_lines:
        nonempty = [ln.strip() for ln in lines if ln.strip()]
        for ln in set(nonempty[:2] + nonempty[-2:]):
            edge[ln] += 1
    repeated = {ln for ln, n in edge.items() if len(page_lines) >= 3 and n >= 0.6 * len(page_lines)}
    out: list[str] = []
    for lines in page_lines:
        for ln in lines:
            s = ln.strip()
            if _PAGE_NO.match(s) or s in repeated:
                continue
            out.append(ln)
    return out
