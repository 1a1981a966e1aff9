"""Build DOCX and PDF versions of text plans for round-trip tests and the bench."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from theodoi.extraction import read_document

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "src" / "theodoi" / "demo" / "data" / "seeds"
FONT_CANDIDATES = [
    ROOT / "src" / "theodoi" / "reporting" / "fonts" / "LiberationSerif-Regular.ttf",
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
]


def find_font() -> Path | None:
    """A TTF with Vietnamese glyphs, or None."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    for path in FONT_CANDIDATES:
        if path.exists():
            c2g = TTFontFile(str(path)).charToGlyph
            if all(ord(ch) in c2g for ch in "ựếỊẫờĐđ“”–"):
                return path
    return None


def paragraphs_of(path: Path) -> list[str]:
    return read_document(path.read_bytes(), path.name).paragraphs


def scorer():
    """The shared scorer (bench/score_extraction.py) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_extraction", ROOT / "bench" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def typed_docx(path: Path) -> bytes:
    """A Word file as an officer types the plan: one paragraph per non-empty line, Times New Roman 13."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def build_docx(paragraphs: list[str], targets_table: bool = False) -> bytes:
    """One Word paragraph per logical paragraph; with ``targets_table`` the
    dash bullets right under a "Mục tiêu cụ thể" heading go into a table."""
    import docx

    document = docx.Document()
    in_targets = False
    table = None
    for p in paragraphs:
        if targets_table and re.match(r"^\d+\.\s+Mục tiêu cụ thể", p):
            in_targets = True
            document.add_paragraph(p)
            table = document.add_table(rows=1, cols=2)
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = "STT", "Chỉ tiêu"
            continue
        if in_targets and p.startswith("- ") and table is not None:
            row = table.add_row()
            row.cells[0].text = str(len(table.rows) - 1)
            row.cells[1].text = p[2:]
            continue
        in_targets = False
        para = document.add_paragraph()
        run = para.add_run(p)
        if p.isupper():
            run.bold = True
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def markdown_to_docx(path: Path) -> bytes:
    """A Markdown plan as a Word file: its tables become real Word tables, ``**bold**`` lines
    bold runs, every other line a paragraph."""
    import docx

    document = docx.Document()
    table = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            if re.match(r"^\|[-|:\s]+\|$", line):  # the header separator, "|---|" or "| --- |"
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if table is None:
                table = document.add_table(rows=0, cols=len(cells))
                table.style = "Table Grid"  # ruled, as appendix tables are printed
            for cell, text in zip(table.add_row().cells, cells, strict=True):
                cell.text = text
            continue
        table = None
        document.add_paragraph().add_run(line.strip("*")).bold = line.startswith("**")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _wrap(paragraphs: list[str], width: int) -> list[str]:
    lines: list[str] = []
    for p in paragraphs:
        current = ""
        for word in p.split():
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
        lines.append("")
    return lines


def build_pdf(paragraphs: list[str], font: Path, width: int = 62, page_lines: int = 48) -> bytes:
    """A PDF whose text layer is hard-wrapped at ``width`` characters, so lines
    break mid-sentence, with a page number on every page.

    Written by hand (Type0/Identity-H font with a ToUnicode CMap) because the
    text layer must round-trip Vietnamese through pypdf.
    """
    from reportlab.pdfbase.ttfonts import TTFontFile

    ttf = TTFontFile(str(font))
    c2g: dict[int, int] = ttf.charToGlyph
    font_bytes = font.read_bytes()
    lines = _wrap(paragraphs, width)
    pages = [lines[i:i + page_lines] for i in range(0, len(lines), page_lines)] or [[]]
    used: dict[int, int] = {}
    contents: list[bytes] = []
    for no, page in enumerate(pages, start=1):
        ops = ["BT", "/F1 10 Tf", "14 TL", "50 800 Td"]
        for line in page + ["", str(no)]:
            hexes = []
            for ch in line:
                gid = c2g.get(ord(ch), 0)
                used[gid] = ord(ch)
                hexes.append(f"{gid:04X}")
            ops.append(f"<{''.join(hexes)}> Tj T*")
        ops.append("ET")
        contents.append("\n".join(ops).encode("ascii"))
    cmap = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
            "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(used.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        cmap.append(f"{len(chunk)} beginbfchar")
        cmap += [f"<{g:04X}> <{u:04X}>" for g, u in chunk]
        cmap.append("endbfchar")
    cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"

    font_file = add(stream(font_bytes, f"/Length1 {len(font_bytes)} "))
    descriptor = add(f"<< /Type /FontDescriptor /FontName /PlanFont /Flags 32 /FontBBox [0 -300 1000 900]"
                     f" /ItalicAngle 0 /Ascent 900 /Descent -300 /CapHeight 700 /StemV 80"
                     f" /FontFile2 {font_file} 0 R >>".encode())
    cid = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /PlanFont /CIDSystemInfo << /Registry"
              f" (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R"
              f" /DW 500 /CIDToGIDMap /Identity >>".encode())
    tounicode = add(stream("\n".join(cmap).encode("ascii")))
    type0 = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /PlanFont /Encoding /Identity-H"
                f" /DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>".encode())
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for content in contents:
        cid_ = add(stream(content))
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842]"
                        f" /Resources << /Font << /F1 {type0} 0 R >> >> /Contents {cid_} 0 R >>"
                        .encode()))
    add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode())
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def build_scanned_pdf() -> bytes:
    """A one-page PDF with only a drawing (no text layer), like a scan."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 400, 600, fill=1)
    c.save()
    return buf.getvalue()


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text in Windows-1258 (base letter + combining tone)."""
    import unicodedata

    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        out += unicodedata.normalize("NFC", base).encode("cp1258", errors="replace")
        out += tones.encode("cp1258", errors="replace")
    return bytes(out)


def _docx_with(document_xml: bytes) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    """30 MB of spaces compressed to a few KB inside word/document.xml."""
    return _docx_with(b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>")


def billion_laughs_docx() -> bytes:
    xml = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>")
    return _docx_with(xml)


def external_entity_docx() -> bytes:
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<w:document><w:body>&x;</w:body></w:document>")
    return _docx_with(xml)


NOT_A_PLAN = ("Hôm nay trời đẹp, người dân đi chợ mua rau, cá và hoa quả. "
              "Buổi chiều có mưa nhỏ ở vùng núi phía Bắc.\n").encode()
SMALL_LIMIT = 64 * 1024  # THEODOI_MAX_UPLOAD_BYTES used by the "too big" case


def damaged(kind: str) -> bytes:
    """A good file damaged as transfer or storage does: "flipped_docx" (a byte flipped inside
    the largest compressed part: bad CRC or a broken deflate stream), "truncated_docx",
    "flipped_xlsx", "truncated_pdf"."""
    import zipfile

    paras = paragraphs_of(sorted(SEEDS.glob("*.txt"))[0])[:60]
    if kind.endswith("xlsx"):
        import openpyxl

        book = openpyxl.Workbook()
        for p in paras:
            book.active.append([p])
        buf = io.BytesIO()
        book.save(buf)
        data = buf.getvalue()
    elif kind.endswith("pdf"):  # a standard font, not embedded: a small file
        from reportlab.pdfgen import canvas

        buf = io.BytesIO()
        page = canvas.Canvas(buf)
        for i, p in enumerate(paras[:40]):
            page.drawString(40, 800 - 18 * i, unicodedata.normalize("NFD", p).encode("ascii", "ignore").decode())
        page.save()
        data = buf.getvalue()
    else:
        data = build_docx(paras)
    if kind.startswith("truncated"):
        return data[: len(data) * 3 // 4]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = max(zf.infolist(), key=lambda i: i.compress_size)
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    return data[:at] + bytes([data[at] ^ 0xA5]) + data[at + 1:]


def bad_inputs() -> dict[str, tuple[bytes, str, str]]:
    """Every bad input of the importer: name -> (bytes, file name, word the
    one-line message must contain). "too_big" exceeds :data:`SMALL_LIMIT`."""
    import random

    return {
        "empty": (b"", "x.txt", "rỗng"),
        "blank": (b"   \n\n  ", "x.txt", "rỗng"),
        "junk": (random.Random(1).randbytes(5000), "x.txt", "không phải văn bản"),
        "junk_as_docx": (random.Random(2).randbytes(5000), "x.docx", "docx"),
        "png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "x.png", "không phải văn bản"),
        "exe": (b"MZ" + b"\x00\x01" * 500, "x.exe", "không được hỗ trợ"),
        "zip_bomb": (zip_bomb_docx(), "bomb.docx", "zip bomb"),
        "billion_laughs": (billion_laughs_docx(), "l.docx", "DOCTYPE"),
        "external_entity": (external_entity_docx(), "x.docx", "DOCTYPE"),
        "broken_docx": (b"PK\x03\x04" + b"\x00" * 100, "b.docx", "DOCX"),
        "fake_pdf": (b"%PDF-1.4\n garbage", "f.pdf", "PDF"),
        "scanned_pdf": (build_scanned_pdf(), "s.pdf", "bản quét"),
        "not_a_plan": (NOT_A_PLAN, "t.txt", "không giống một kế hoạch"),
        "too_big": (("KẾ HOẠCH\n" + "Nội dung. " * 8000).encode(), "big.txt", "quá lớn"),
        "flipped_docx": (damaged("flipped_docx"), "hong.docx", "hỏng"),
        "truncated_docx": (damaged("truncated_docx"), "cut.docx", "hỏng"),
        "truncated_pdf": (damaged("truncated_pdf"), "cut.pdf", "cắt cụt"),
    }


def to_tcvn3(text: str) -> str:
    """Unicode Vietnamese as a TCVN3 (ABC) font file holds it: lower-case codes for every
    precomposed letter (capitals came from the ".VnTimeH" font, same codes), the 7 bases."""
    from theodoi.extraction.legacy import TCVN3

    lower = {v: k for k, v in TCVN3.items() if v.islower()}
    bases = {v: k for k, v in TCVN3.items() if v.isupper()}
    out = []
    for ch in unicodedata.normalize("NFC", legacy_ready(text)):
        if ch in bases:
            out.append(bases[ch])
        elif ch.lower() in lower:
            out.append(lower[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode Vietnamese as a VNI font file holds it (base letter, then its marks)."""
    from theodoi.extraction.legacy import VNI

    back = {}
    for code, letter in VNI.items():
        back.setdefault(letter, code)
    return "".join(back.get(ch, ch) for ch in unicodedata.normalize("NFC", legacy_ready(text)))


def legacy_ready(text: str) -> str:
    """``text`` as a legacy font could hold it: no superscript footnote marks (TCVN3's "¹" is
    "ạ"; a Word file of the time kept its footnotes apart), so no footnote lines either."""
    lines = [ln for ln in text.split("\n") if ln.lstrip()[:1] not in "¹²³⁴⁵⁶⁷⁸⁹⁰" or not ln.strip()]
    return re.sub("[¹²³⁴⁵⁶⁷⁸⁹⁰]", "", "\n".join(lines))


def build_printed_pdf(paragraphs: list[str], font: Path, size: float = 13) -> bytes:
    """The plan as printed: A4, ``size`` pt Liberation Serif (real glyph widths, reportlab),
    paragraphs wrapped to the margins with a space between them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "PlanSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("PlanSerif", str(font)))
    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    left, right, top, bottom = 70, 50, 60, 60
    y = height - top
    for para in paragraphs:
        line = ""
        lines = []
        for word in para.split():
            trial = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(trial, "PlanSerif", size) > width - left - right and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        for text in lines:
            if y < bottom:
                page.showPage()
                y = height - top
            page.setFont("PlanSerif", size)
            page.drawString(left, y, text)
            y -= size * 1.35
        y -= size * 0.5
    page.save()
    return buf.getvalue()


def build_scan(paragraphs: list[str], font: Path, dpi: int = 200, skew: float = 0.6, noise: float = 0.002,
               seed: int = 1) -> bytes:
    """A scanned copy of the printed plan (:func:`build_printed_pdf`): every page rasterised at
    ``dpi``, turned by ``skew`` degrees and sprinkled with ``noise`` (a share of pixels set to
    random greys), saved as an image-only PDF (no text layer), as a photocopier would."""
    import random

    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(build_printed_pdf(paragraphs, font))
    pages = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            image = image.rotate(skew if index % 2 == 0 else -skew, resample=Image.BICUBIC, fillcolor=255)
            pixels = bytearray(image.tobytes())
            for _ in range(int(len(pixels) * noise)):
                pixels[rng.randrange(len(pixels))] = rng.randrange(256)
            pages.append(Image.frombytes("L", image.size, bytes(pixels)))
    finally:
        doc.close()
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()
