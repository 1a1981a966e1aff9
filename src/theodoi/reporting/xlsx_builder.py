"""XLSX of a report: a summary sheet and one sheet per appendix table (same figures as the DOCX)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from theodoi.reporting.document import Doc

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def build(doc: Doc) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    _summary(ws, doc)
    for i, table in enumerate(doc.tables, 1):
        # the sheet bears the table's own number ("Biểu 04" stays 04 when Biểu 03 is absent)
        sheet = wb.create_sheet(table.title.split(".", 1)[0][:31] if table.title.startswith("Biểu")
                                else f"Biểu {i:02d}")
        _table(sheet, doc, table)
    for sheet in wb.worksheets:  # openpyxl stores text starting with "=" as a formula: keep it text
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    for sheet in wb.worksheets:
        _print_setup(sheet, landscape=sheet is not ws)
    wb.properties.title = f"{doc.title} {doc.summary}"
    wb.properties.creator = "theodoi"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _print_setup(ws, landscape: bool) -> None:
    """A4, the margins of Decree 30 (left 30 mm at the binding edge), one page wide, headers repeated,
    page numbers centred at the top: the sheet prints as the report does."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    mm = 1 / 25.4
    ws.page_margins.left, ws.page_margins.right = 30 * mm, 15 * mm
    ws.page_margins.top, ws.page_margins.bottom = 20 * mm, 20 * mm
    ws.page_margins.header, ws.page_margins.footer = 10 * mm, 10 * mm
    ws.print_options.horizontalCentered = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = FONT
    ws.oddHeader.center.size = 13
    if landscape:
        ws.print_title_rows = "4:4"  # the table's header row on every page


def _summary(ws, doc: Doc) -> None:
    ws.column_dimensions["A"].width = 120
    mark = ["DỰ THẢO"] if doc.draft else []
    rows = [*mark, doc.frame["parent_body"], *doc.frame["issuing_body"], doc.number_line, doc.date_line, "",
            doc.title, doc.summary, ""]
    for r, text in enumerate(rows, 1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = Font(name=FONT, size=13, bold=len(mark) + 1 < r <= len(mark) + 1 + len(doc.frame["issuing_body"])
                         or text in (doc.title, doc.summary, "DỰ THẢO"), italic=text == doc.date_line)
    r = len(rows) + 1
    for style, text in doc.blocks:
        cell = ws.cell(row=r, column=1, value=f"- {text}" if style == "bullet" else text)
        cell.font = Font(name=FONT, size=12, bold=style in ("h1", "h2"))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        r += 1


_VI_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$")


def _number(text: str) -> int | Decimal | None:
    """A figure printed the Vietnamese way ("1.234,5") as a number, so the sheet can sum it."""
    if not isinstance(text, str) or not _VI_NUMBER.match(text):
        return None
    value = Decimal(text.replace(".", "").replace(",", "."))
    return int(value) if value == value.to_integral() else value


def _table(ws, doc: Doc, table) -> None:
    ws.cell(row=1, column=1, value=table.title).font = Font(name=FONT, size=13, bold=True)
    ws.cell(row=2, column=1, value=f"{doc.unit_name} – {doc.period_phrase}").font = Font(name=FONT, size=12,
                                                                                       italic=True)
    for c, header in enumerate(table.headers, 1):
        cell = ws.cell(row=4, column=c, value=header)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = GRID
        ws.column_dimensions[get_column_letter(c)].width = max(6, table.widths[c - 1] * 1.6)
    for r, row in enumerate(table.rows, 5):
        for c, value in enumerate(row, 1):
            number = _number(value)
            cell = ws.cell(row=r, column=c, value=value if number is None else number)
            if number is not None:
                cell.number_format = "#,##0" if number == int(number) else "#,##0.00"
            cell.font = Font(name=FONT, size=11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = GRID
    ws.freeze_panes = "A5"
