"""DOCX of a report in the official layout (Decree 30/2020/NĐ-CP; Party: Hướng dẫn 36-HD/VPTW).

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 14 pt body;
the header is a borderless two-column table (issuing body and number on the left,
national motto or "ĐẢNG CỘNG SẢN VIỆT NAM" and the date line on the right); page
numbers are centred at the top from page 2; the appendix is a landscape section.
"""

from __future__ import annotations

import copy
import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from theodoi.reporting.document import Doc, Table

FONT = "Times New Roman"
LANG = "vi-VN"
TEXT_WIDTH = Mm(165)  # 210 - 30 - 15


def build(doc: Doc) -> bytes:
    """The report as DOCX bytes."""
    d = new_document()
    _base_style(d)
    section = d.sections[0]
    _page(section, landscape=False)
    _page_numbers(section)
    if doc.draft:
        _draft_mark(section.first_page_header)
        _draft_mark(section.header)
    _header(d, doc)
    _title(d, doc)
    for style, text in doc.blocks:
        last = _block(d, style, text)
    if doc.blocks:
        last.paragraph_format.keep_with_next = True  # the closing sentence stays with the signature
    _closing(d, doc)
    if doc.tables:
        _appendix(d, doc)
    props = d.core_properties
    props.title = f"{doc.title} {doc.summary}"[:250]
    props.author = doc.unit_name
    props.language = LANG
    props.comments = ""
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _set_fonts(rpr) -> None:
    """Times New Roman for every script class, and no theme font that would override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme", "w:hint"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_language(rpr) -> None:
    """The text is Vietnamese (spelling, hyphenation), not the template's en-US."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), LANG)
    lang.attrib.pop(qn("w:bidi"), None)


def _base_style(d) -> None:
    # python-docx's template defaults to the theme's fonts (Calibri/Cambria) in en-US: Word
    # applies theme fonts over the style's explicit ones, so both levels name Times New Roman.
    defaults = d.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr)
            _set_language(rpr)
    style = d.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr)
    _set_language(rpr)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)  # the binding edge, landscape pages too (Decree 30, Appendix I)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_numbers(section, first_page: bool = False) -> None:
    """Page number centred in the top margin, not on the first page (Decree 30, Appendix I)."""
    section.different_first_page_header_footer = not first_page
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _draft_mark(header) -> None:
    """"DỰ THẢO", bold in a box at the right of the header: the draft cannot pass for the signed text."""
    p = header.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run("DỰ THẢO")
    run.bold = True
    run.font.size = Pt(13)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
            el.set(qn(k), v)
        border.append(el)
    ppr.append(border)
    p.paragraph_format.left_indent = Mm(138)  # a box around the words, at the right margin


def _para(container, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, underline: bool = False, before: float = 0, after: float = 0):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    if text:
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.bold = bold
        r.italic = italic
        r.underline = underline
    return p


def _short_line(container, width_mm: float, column_mm: float) -> None:
    """A centred horizontal line (paragraph bottom border between indents)."""
    p = container.add_paragraph()
    side = Mm(max(0.0, (column_mm - width_mm) / 2))
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    p.paragraph_format.space_after = Pt(2)
    run = p.add_run()
    run.font.size = Pt(2)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def _borderless_table(d, widths_mm: list[float], rows: int = 1):
    table = d.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table


def _header(d, doc: Doc) -> None:
    f = doc.frame
    left_w, right_w = (64.0, 101.0)
    table = _borderless_table(d, [left_w, right_w], rows=2)
    left, right = table.rows[0].cells
    left._element.remove(left.paragraphs[0]._p)
    right._element.remove(right.paragraphs[0]._p)
    if f["parent_body"]:
        _para(left, f["parent_body"], size=13)
    for line in f["issuing_body"]:
        _para(left, line, size=13, bold=True)
    if f["party"]:
        _para(left, "*", size=13)
        _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    else:
        _short_line(left, 22, left_w)
        _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
        _para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True)
    number_cell, date_cell = table.rows[1].cells
    number_cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    r = number_cell.paragraphs[0].add_run(doc.number_line)
    r.font.size = Pt(13)
    number_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    date_cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    r = date_cell.paragraphs[0].add_run(doc.date_line)
    r.font.size = Pt(14)
    r.italic = True
    date_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _title(d, doc: Doc) -> None:
    _para(d, doc.title, size=14, bold=True, before=18)
    _para(d, doc.summary, size=14, bold=True, after=0)
    _short_line(d, 40, 165)
    _para(d, "", size=8, after=6)


def _block(d, style: str, text: str):
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf = p.paragraph_format
    pf.first_line_indent = Cm(1.27)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.1
    if style in ("h1", "h2"):
        pf.space_before = Pt(6)
        pf.keep_with_next = True
    r = p.add_run(f"- {text}" if style == "bullet" else text)
    r.font.size = Pt(12 if style == "note" else 14)
    r.bold = style in ("h1", "h2")
    r.italic = style == "note"
    return p


def _closing(d, doc: Doc) -> None:
    table = _borderless_table(d, [80.0, 85.0])
    left, right = table.rows[0].cells
    left._element.remove(left.paragraphs[0]._p)
    right._element.remove(right.paragraphs[0]._p)
    p = _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    p.paragraph_format.keep_with_next = True
    for item in doc.recipients:
        _para(left, f"- {item}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in doc.signature:
        _para(right, line, size=14, bold=True, before=12 if first else 0)
        first = False
    for _ in range(4):
        _para(right, "", size=14)
    _para(right, doc.signer_name, size=14, bold=True)
    table.rows[0].height_rule = None
    cant_split = OxmlElement("w:cantSplit")  # "Nơi nhận" and the signature stay on one page
    table.rows[0]._tr.get_or_add_trPr().append(cant_split)


def _appendix(d, doc: Doc) -> None:
    section = d.add_section()
    _page(section, landscape=True)
    section.header.is_linked_to_previous = False
    for p in section.header.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    section.header.paragraphs[0].clear()
    _page_numbers(section, first_page=True)  # the appendix continues the numbering on every page
    if doc.draft:
        _draft_mark(section.header)
    for i, line in enumerate(doc.appendix_title):
        _para(d, line, size=14, bold=i < 2, italic=i == 2, after=6 if i == 2 else 0)
    for t in doc.tables:
        _table(d, t)


def _table(d, t: Table) -> None:
    title = _para(d, t.title, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=10, after=4)
    title.paragraph_format.keep_with_next = True
    total = sum(t.widths)
    widths = [252 * w / total for w in t.widths]  # 297 - 30 - 15 mm
    table = d.add_table(rows=1, cols=len(t.headers))
    table.style = d.styles["Table Grid"]
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)
    for cell, text, w in zip(table.rows[0].cells, t.headers, widths, strict=True):
        cell.width = Mm(w)
        _cell_text(cell, text, bold=True, center=True)
    _repeat_header(table.rows[0])
    if t.rows:
        _body_rows(table, widths, t.rows)
    else:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell_text(merged, "Không có dữ liệu", center=True)


_LEFT, _CENTER = WD_ALIGN_PARAGRAPH.LEFT.xml_value, WD_ALIGN_PARAGRAPH.CENTER.xml_value


def _body_rows(table, widths: list[float], rows: list[list[str]]) -> None:
    """The table's rows, each a copy of one row built as ``_cell_text`` builds it (widths, the run's
    font) with its alignment and text set: the same XML, without python-docx's slow path per cell (an
    appendix has thousands of cells)."""
    cells = table.add_row().cells
    for cell, w in zip(cells, widths, strict=True):
        cell.width = Mm(w)
        _cell_text(cell, "")
    tbl = table._tbl
    template = tbl.tr_lst[-1]
    tbl.remove(template)
    jc = qn("w:val")
    for row in rows:
        tr = copy.deepcopy(template)
        for tc, text in zip(tr.tc_lst, row, strict=True):
            p = tc.p_lst[0]
            p.pPr.jc.set(jc, _CENTER if len(text) <= 12 else _LEFT)
            if not text:
                continue
            run = p.r_lst[0]  # empty but for its font: a plain text is its one w:t, as ``Run.text`` writes it
            if "\t" in text or "\n" in text or "\r" in text:
                run.text = text
            else:
                run.add_t(text)
        tbl.append(tr)


def _cell_text(cell, text: str, bold: bool = False, center: bool = False) -> None:
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    r = p.add_run(text)
    r.font.size = Pt(12 if bold else 11)
    r.bold = bold


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)

