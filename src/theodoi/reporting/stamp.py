"""The visible signature of a signed report, as Decree 30/2020/NĐ-CP (Appendix I) describes it.

Between the signer's post and name in the signature block: the image of the signer's signature,
centred; the image of the body's seal over the left third of it; below, the body's name and the
signing time (ISO 8601, Vietnam time, "2026-05-15T09:30:00+07:00") in Times New Roman italic 10 pt
(Liberation Serif, metric-compatible, vendored in ``fonts/``). The appearance is drawn here as a
one-page PDF (reportlab) and stamped into the signature field by pyHanko at signing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FONT = "TheodoiSignItalic"
FONT_FILE = Path(__file__).parent / "fonts" / "LiberationSerif-Italic.ttf"
MM = 72 / 25.4
BOX_W, BOX_H = 80 * MM, 30 * MM  # the appearance; it may overlap the post and name a little, as a seal does


@dataclass(frozen=True)
class Look:
    """What the visible signature shows."""

    body_name: str
    signature_png: bytes | None = None
    seal_png: bytes | None = None


def iso_time(when: dt.datetime) -> str:
    """``when`` in Vietnam time, ISO 8601 to the second: 2026-05-15T09:30:00+07:00."""
    return when.astimezone(VIETNAM).isoformat(timespec="seconds")


@cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def _image(png: bytes):
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(png))


def appearance_pdf(look: Look, when: dt.datetime) -> bytes:
    """The appearance as a one-page PDF of BOX_W × BOX_H points."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(BOX_W, BOX_H), pageCompression=0)
    mid = BOX_H / 2  # the middle of the space between post and name (about 66 pt high)
    sig_w, sig_bottom, sig_top = 42 * MM, mid - 8, mid + 30
    sig_x = (BOX_W - sig_w) / 2
    if look.signature_png:
        c.drawImage(_image(look.signature_png), sig_x, sig_bottom, sig_w, sig_top - sig_bottom, mask="auto",
                    preserveAspectRatio=True, anchor="c")
    if look.seal_png:
        seal = BOX_H - 1  # as tall as the box: a commune's seal is about 30 mm across
        # its right edge on the first third of the signature image
        c.drawImage(_image(look.seal_png), sig_x + sig_w / 3 - seal, (BOX_H - seal) / 2, seal, seal,
                    mask="auto", preserveAspectRatio=True, anchor="c")
    c.setFillColorRGB(0, 0, 0)
    c.setFont(_font(), 10)
    c.drawCentredString(BOX_W / 2, mid - 17.5, _fit(look.body_name, BOX_W - 4))
    c.drawCentredString(BOX_W / 2, mid - 28, iso_time(when))
    c.showPage()
    c.save()
    return out.getvalue()


def _fit(text: str, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = " ".join(text.split())
    while text and stringWidth(text, _font(), 10) > width:
        text = text[:-2].rstrip() + "…"
    return text


def place(pdf: bytes, post: str, name: str) -> tuple[int, tuple[int, int, int, int]]:
    """Where the appearance goes: (page index, box) centred in the space between the signer's post
    (the last line above the signature) and name, found in the text of the PDF from the last page
    back; the foot of the last page's right half when the block cannot be found."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # no stubs; pdf_reader.py does the same

    doc = pdfium.PdfDocument(pdf)
    try:
        for index in reversed(range(len(doc))):
            page = doc[index]
            found = _gap(page.get_textpage(), post, name)
            if found is not None:
                cx, cy = found
                return index, _box(cx, cy)
        width, _height = doc[len(doc) - 1].get_size()
        return len(doc) - 1, _box(width * 0.68, 60 * MM)
    finally:
        doc.close()


def _box(cx: float, cy: float) -> tuple[int, int, int, int]:
    return (round(cx - BOX_W / 2), round(cy - BOX_H / 2), round(cx + BOX_W / 2), round(cy + BOX_H / 2))


def _extent(textpage, needle: str) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top) of each occurrence of ``needle`` on the page."""
    found: list[tuple[float, float, float, float]] = []
    if not needle.strip():
        return found
    searcher = textpage.search(needle.strip(), match_case=True)
    try:
        while (hit := searcher.get_next()) is not None:
            start, count = hit
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            boxes = [b for b in boxes if b[2] > b[0]] or boxes
            found.append((min(b[0] for b in boxes), min(b[1] for b in boxes),
                          max(b[2] for b in boxes), max(b[3] for b in boxes)))
    finally:
        searcher.close()
    return found


def _gap(textpage, post: str, name: str) -> tuple[float, float] | None:
    """The centre of the space under ``post`` and above ``name`` (within 120 pt), if both are there."""
    posts = _extent(textpage, post)
    if not posts:
        return None
    names = _extent(textpage, name) if name.strip() else []
    for left, bottom, right, _top in reversed(posts):
        cx = (left + right) / 2
        below = [n for n in names if n[3] < bottom and bottom - n[3] < 120 and abs((n[0] + n[2]) / 2 - cx) < 60]
        if below:
            return cx, (bottom + max(n[3] for n in below)) / 2
        if not name.strip():
            return cx, bottom - 33
    return None


def sample_images() -> tuple[bytes, bytes]:
    """A made-up signature (blue strokes) and seal (red rings) as transparent PNGs: tests and demo only."""
    import math

    from PIL import Image, ImageDraw

    sig = Image.new("RGBA", (420, 160), (0, 0, 0, 0))
    d = ImageDraw.Draw(sig)
    points = [(20 + x * 4, 80 + 45 * math.sin(x / 9) * math.cos(x / 23)) for x in range(95)]
    d.line(points, fill=(20, 40, 160, 255), width=6, joint="curve")
    d.line([(60, 125), (360, 110)], fill=(20, 40, 160, 255), width=4)
    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    d = ImageDraw.Draw(seal)
    red = (200, 16, 30, 235)
    d.ellipse((6, 6, 394, 394), outline=red, width=14)
    d.ellipse((62, 62, 338, 338), outline=red, width=6)
    star = [(200 + 70 * math.cos(math.pi / 2 + i * math.pi / 5) * (1 if i % 2 == 0 else 0.4),
             200 - 70 * math.sin(math.pi / 2 + i * math.pi / 5) * (1 if i % 2 == 0 else 0.4)) for i in range(10)]
    d.polygon(star, fill=red)
    out_sig, out_seal = io.BytesIO(), io.BytesIO()
    sig.save(out_sig, "PNG")
    seal.save(out_seal, "PNG")
    return out_sig.getvalue(), out_seal.getvalue()
