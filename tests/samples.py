"""Small well-formed files for tests that upload evidence (uploads are checked for damage)."""

from __future__ import annotations

import io


def tiny_pdf(text: str = "bien ban") -> bytes:
    """A one-page PDF (reportlab) reading ``text``."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(72, 720, text)
    page.save()
    return buf.getvalue()


def tiny_xlsx(rows: list[list[object]] | None = None) -> bytes:
    """A workbook of one sheet holding ``rows``."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows or [["Chỉ tiêu", "Giá trị"], ["Hồ sơ số hóa", 95]]:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
