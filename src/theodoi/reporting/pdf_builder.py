"""PDF of a report with reportlab, in the same layout as the DOCX.

The text is set in Liberation Serif (metric-compatible with Times New Roman, SIL OFL,
vendored in ``fonts/``) embedded in the file, so Vietnamese renders on any machine.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from theodoi.reporting.document import Doc
from theodoi.reporting.document import Table as DocTable

FONTS = Path(__file__).parent / "fonts"
FAMILY = "LiberationSerif"


@cache
def register_fonts() -> str:
    """Register the vendored serif family once; returns its name."""
    faces = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, face in faces.items():
        pdfmetrics.registerFont(TTFont(f"{FAMILY}{suffix}", str(FONTS / f"LiberationSerif-{face}.ttf")))
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=f"{FAMILY}-Bold", italic=f"{FAMILY}-Italic",
                                  boldItalic=f"{FAMILY}-BoldItalic")
    return FAMILY


def _style(size: float = 14, *, bold: bool = False, italic: bool = False, align=TA_CENTER, indent: float = 0,
           after: float = 0, before: float = 0, leading: float | None = None) -> ParagraphStyle:
    face = FAMILY + ("-Bold" if bold and not italic else "-BoldItalic" if bold else "-Italic" if italic else "")
    return ParagraphStyle(
        f"s{size}{bold}{italic}{align}{indent}", fontName=face, fontSize=size,
        leading=leading or size * 1.2, alignment=align, firstLineIndent=indent, spaceAfter=after,
        spaceBefore=before,
    )


def _p(text: str, **kw) -> Paragraph:
    return Paragraph(escape(text), _style(**kw))


def build(doc: Doc, keywords: str = "") -> bytes:
    """The report as PDF bytes (unsigned); ``keywords`` in its metadata."""
    register_fonts()
    out = io.BytesIO()
    portrait_frame = Frame(30 * mm, 20 * mm, 165 * mm, 257 * mm, 0, 0, 0, 0, id="p")
    land_w, land_h = landscape(A4)
    land_frame = Frame(30 * mm, 20 * mm, land_w - 45 * mm, land_h - 40 * mm, 0, 0, 0, 0, id="l")
    template = BaseDocTemplate(
        out, pagesize=A4, title=f"{doc.title} {doc.summary}", author=doc.unit_name,
        subject=doc.summary, creator="theodoi", lang="vi", keywords=keywords,
    )
    on_page = _with_draft_mark if doc.draft else _page_number
    template.addPageTemplates([
        PageTemplate("portrait", [portrait_frame], onPage=on_page, pagesize=A4),
        PageTemplate("landscape", [land_frame], onPage=on_page, pagesize=landscape(A4)),
    ])
    body = _body(doc)
    # the closing sentence goes with the signature block: a signature never stands alone on a page
    story = _header(doc) + body[:-1] + [KeepTogether(body[-1:] + _closing(doc))]
    if doc.tables:
        story += [NextPageTemplate("landscape"), PageBreak()] + _appendix(doc, land_w - 45 * mm)
    template.build(story)
    return out.getvalue()


def _page_number(canvas, doc) -> None:
    """Page number centred at the top from page 2 (Decree 30)."""
    if doc.page == 1:
        return
    canvas.saveState()
    canvas.setFont(FAMILY, 13)
    width, height = canvas._pagesize
    canvas.drawCentredString(width / 2 + 7.5 * mm, height - 13 * mm, str(doc.page))  # over the text (30/15 mm)
    canvas.restoreState()


def _with_draft_mark(canvas, doc) -> None:
    """The page number, and "DỰ THẢO" boxed in the top right corner and across the page (a draft)."""
    _page_number(canvas, doc)
    canvas.saveState()
    width, height = canvas._pagesize
    canvas.setFont(FAMILY + "-Bold", 13)
    text = "DỰ THẢO"
    w = canvas.stringWidth(text, FAMILY + "-Bold", 13)
    x, y = width - 15 * mm - w - 3 * mm, height - 14 * mm
    canvas.rect(x - 2 * mm, y - 1.8 * mm, w + 4 * mm, 6.5 * mm, stroke=1, fill=0)
    canvas.drawString(x, y, text)
    canvas.setFillColor(colors.Color(0.5, 0.5, 0.5, alpha=0.12))
    canvas.setFont(FAMILY + "-Bold", 96)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -30, text)
    canvas.restoreState()


class CentredLine(Flowable):
    """A short horizontal rule centred in whatever width it gets (HRFlowable ignores hAlign in table cells)."""

    def __init__(self, width: float, above: float = 5, below: float = 3):
        super().__init__()
        self.line_width = width
        self.above = above  # clear of the descenders of the line of text above
        self.below = below
        self.avail = width

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.above + self.below

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        left = (self.avail - self.line_width) / 2
        self.canv.line(left, self.below, left + self.line_width, self.below)


def _line(width_mm: float) -> CentredLine:
    return CentredLine(width_mm * mm)


def _header(doc: Doc) -> list:
    f = doc.frame
    left: list = []
    if f["parent_body"]:
        left.append(_p(f["parent_body"], size=13))
    left += [_p(line, size=13, bold=True) for line in f["issuing_body"]]
    if f["party"]:
        left.append(_p("*", size=13))
        right = [Paragraph("<u>ĐẢNG CỘNG SẢN VIỆT NAM</u>", _style(15, bold=True))]
    else:
        left.append(_line(22))
        right = [_p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True),
                 Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", _style(13, bold=True))]
    table = Table(
        [[left, right], [[Spacer(1, 6), _p(doc.number_line, size=13)],
                         [Spacer(1, 6), _p(doc.date_line, size=14, italic=True)]]],
        colWidths=[64 * mm, 101 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 14), _p(doc.title, size=14, bold=True), _p(doc.summary, size=14, bold=True),
            _line(40), Spacer(1, 10)]


def _body(doc: Doc) -> list:
    body = _style(14, align=TA_JUSTIFY, indent=12.7 * mm, after=6, leading=17)
    head = _style(14, bold=True, align=TA_JUSTIFY, indent=12.7 * mm, after=6, before=4, leading=17)
    out = []
    note = _style(12, italic=True, align=TA_JUSTIFY, after=4, leading=14)
    for kind, text in doc.blocks:
        if kind in ("h1", "h2"):
            out.append(Paragraph(escape(text), head))
        elif kind == "note":
            out.append(Paragraph(escape(text), note))
        else:
            out.append(Paragraph(escape(f"- {text}" if kind == "bullet" else text), body))
    return out


def _closing(doc: Doc) -> list:
    left = [_p("Nơi nhận:", size=12, bold=True, italic=True, align=TA_LEFT)]
    left += [_p(f"- {r}", size=11, align=TA_LEFT) for r in doc.recipients]
    right = [_p(line, size=14, bold=True) for line in doc.signature]
    right += [Spacer(1, 60), _p(doc.signer_name, size=14, bold=True)]
    table = Table([[left, right]], colWidths=[80 * mm, 85 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 10), table]


def _appendix(doc: Doc, width: float) -> list:
    out = [_p(doc.appendix_title[0], size=14, bold=True), _p(doc.appendix_title[1], size=14, bold=True),
           _p(doc.appendix_title[2], size=14, italic=True, after=8)]
    for t in doc.tables:
        # a table's title never stands alone at the foot of a page; the table itself may split
        out.append(CondPageBreak(30 * mm))
        out.append(_p(t.title, size=13, bold=True, align=TA_LEFT, before=8, after=4))
        out.append(_table(t, width))
    return out


def _table(t: DocTable, width: float) -> Table:
    total = sum(t.widths)
    widths = [width * w / total for w in t.widths]
    head = _style(11.5, bold=True)
    rows = [[Paragraph(escape(h), head) for h in t.headers]]
    for row in t.rows:
        rows.append([Paragraph(escape(c), _style(11, align=TA_CENTER if len(c) <= 12 else TA_LEFT)) for c in row])
    if not t.rows:
        rows.append([_p("Không có dữ liệu", size=11)] + [""] * (len(t.headers) - 1))
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if not t.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return table
