"""Turn any supported file into clean logical paragraphs (one per line).

Guarantees of :func:`read_document`: the returned ``SourceText.text`` is NFC,
has Markdown emphasis/heading marks and footnote marks removed, one logical
paragraph per line, with lines broken mid-sentence (PDF conversions, wrapped
text) rejoined and words split by a hyphen at a line end glued back.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from .normalise import normalise_lines, split_run_list
from .ocr import Progress
from .outline import BARE_PART
from .safety import DAMAGED_DOCX, ExtractionError, check_pdf_ending, check_size
from .text_reader import decode_text


@dataclass
class SourceText:
    """A document reduced to text: ``text`` (one paragraph per line), ``kind``
    ('txt'|'docx'|'pdf'|'ocr': a scanned PDF read by OCR) and ``tables`` (rows of cell texts; DOCX and Markdown)."""

    text: str
    kind: str
    tables: list[list[list[str]]] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n")


SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUP = re.compile(f"[{SUPERSCRIPTS}]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPH = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_SEPARATOR = re.compile(r"^\s*([-=_*~.]\s*){3,}$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SEPARATOR_START = frozenset("-=_*~.|:")
MARKER = re.compile(
    r"^(?:[-–+•●▪◦○*]\s|[IVXLC]{1,6}\s*[.\-–:)]\s*\S|\d{1,2}(?:\.\d{1,2}){0,4}[.)]?\s+(?![%‰])\S"
    r"|\(\d{1,2}\)|\([a-zđ]\)|(?:Nhiệm vụ|Giải pháp|Nội dung|Hoạt động)\s+\d{1,2}\s*[:.]"
    r"|[a-zđ][).]\s|[A-ZĐ][.)]\s|Điều\s+\d|Phần\s|PHẦN\s|Phụ lục|PHỤ LỤC|\|)"
)
_CONNECTOR_END = re.compile(
    r"(?:\b(?:của|và|với|về|cho|các|những|tại|theo|ngày|trong|từ|đến|được|là|có|hoặc|như|"
    r"nhằm|để|tới|trên|dưới|thuộc|bởi|do|giữa|qua|vào|mà|gồm|bao gồm|đối với)"
    r"|[,(“\"']|\s[-–])$",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(
    r"^(?:Quán triệt|Tăng cường|Đẩy mạnh|Tổ chức|Thực hiện|Xây dựng|Triển khai|Chủ trì|Chủ động|"
    r"Phối hợp|Tiếp tục|Bảo đảm|Đảm bảo|Nâng cao|Hoàn thành|Rà soát|Căn cứ|Tập trung|Ưu tiên|"
    r"Phát huy|Hướng dẫn|Theo dõi|Khuyến khích|Hỗ trợ|Ban hành|Duy trì|Nghiên cứu|Giao|Đề nghị|"
    r"Yêu cầu|Trên cơ sở|Từng bước|Đồng thời|Quan tâm|Thường xuyên|Định kỳ|Kịp thời|Lồng ghép|"
    r"Huy động|Bố trí|Cung cấp|Kết nối|Chỉ đạo|Tuyên truyền|Phổ biến|Vận động|Kiểm tra|"
    r"Hằng năm|Hàng năm|Hợp tác|Ứng dụng|Phát triển|Đổi mới|Thúc đẩy|Khai thác|Mở rộng|"
    r"Hoàn thiện|Số hóa|Đào tạo|Tạo|Gắn|Lấy|Xác định|Chú trọng|Tích cực|Các|Mỗi|Trong|Việc|"
    r"Đối với|Thông qua|Đưa|Áp dụng|Thí điểm|Sơ kết|Tổng kết)\b"
)
_TERMINAL = re.compile(r"[.;:!?…]['\"”)]?$")
# a Roman numeral is a term's or a congress's number after these words ("khóa XI", "Đại hội XIII"); a line
# wrapped before it is not a Roman heading
_ORDINAL_END = re.compile(r"\b(?:khóa|khoá|Khóa|Khoá|KHÓA|Đại hội|đại hội|thế kỷ|Thế kỷ)$")
_ROMAN_START = re.compile(r"^[IVXLC]{1,6}\s*[.,;]?\s")
_HYPHEN_END = re.compile(r"\w-$")
_CAPITAL_START = re.compile(r"[A-ZĐ0-9]")


def glue(before: str, after: str) -> str:
    """What goes between two wrapped lines of one paragraph: a word space, or nothing after a hyphen
    that ends a line before a capital or a digit (a document's symbol broken at its hyphen by the
    layout, "số 26/2005/PL-" / "UBTVQH11")."""
    return "" if _HYPHEN_END.search(before) and _CAPITAL_START.match(after) else " "
_DASH_WORD = re.compile(r"^[-–]\s+\w")
_DATE_END = re.compile(r"\bngày$")
_MONTH_START = re.compile(r"^\d{1,2}\s+tháng\b")
_TAIL = 80  # what the end-of-paragraph tests look at (the longest connector is a few words)


def _clean_line(raw: str) -> tuple[str, bool]:
    """Strip Markdown syntax and footnote marks; return (text, is_md_heading)."""
    line = raw.replace("\u00a0", " ").replace("\ufeff", "").replace("\t", " ").rstrip()
    heading = False
    if "#" in line[:4]:
        heading = bool(_MD_HEADING.match(line))
        line = _MD_HEADING.sub("", line)
    stripped = line.strip()
    if stripped.startswith(">"):
        stripped = stripped.lstrip("> ")
    # a Markdown "* " item is a dash item; "+ " stays its own mark: plans write it one level under "- "
    # ("- Nhân lực hỗ trợ kỹ thuật" / "+ Phấn đấu 100% …"), and the nesting tells a label from a target
    if stripped[:1] == "*" and stripped[1:2].isspace():
        stripped = "- " + stripped[2:]
    if stripped and stripped[0] in SUPERSCRIPTS:  # footnote body
        return "", False
    if stripped[:1] in _SEPARATOR_START and (_SEPARATOR.match(stripped) or _TABLE_SEP.match(stripped)):
        return "", False
    if "\\" in stripped:
        stripped = _MD_ESCAPE.sub(r"\1", stripped)
    if "*" in stripped or "_" in stripped:
        stripped = _MD_EMPH.sub("", stripped)
    if _SUP.search(stripped):
        stripped = _SUP.sub("", stripped)
    if "[" in stripped:
        stripped = re.sub(r"\[\^?\d+\]", "", stripped)
    if "  " in stripped or "\u2002" in stripped or "\u2003" in stripped or "\u2009" in stripped:
        stripped = re.sub(r"[ \u2002\u2003\u2009]+", " ", stripped)
    return stripped.strip(), heading


def _wrap_width(lines: list[str]) -> int | None:
    """Typical line width when the text was hard-wrapped (PDF, e-mail), else None."""
    lengths = [len(ln) for ln in lines if len(ln) > 30]
    if len(lengths) < 15:
        return None
    width = statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 10 else max(lengths)
    if width > 140:
        return None
    near = sum(1 for n in lengths if n <= width * 1.15)
    return int(width) if near >= 0.85 * len(lengths) else None


def rejoin(raw_lines: list[str], wrapped: bool | None = None) -> list[str]:
    """Join physical lines into logical paragraphs (see module docstring).

    Linear in the text: the paragraph being built is kept as parts, and the tests of
    where it ends look at its last characters only (:data:`_TAIL`)."""
    cleaned = [_clean_line(ln) for ln in normalise_lines(raw_lines)]
    texts = [t for t, _ in cleaned if t]
    width = _wrap_width(texts) if wrapped is not False else None
    paras: list[str] = []
    parts: list[str] = []  # the paragraph being built
    tail, length, cased, lower = "", 0, False, False
    prev_heading = False
    for text, heading in cleaned:
        if not text:
            continue
        if parts and not heading and not prev_heading and \
                _continues(tail, text, width, length, cased and not lower, parts[0][:1] == "|",
                           parts[-1].lstrip(), "".join(parts) if MARKER.match(text) else None):
            sep = glue(tail, text)
            parts.append(sep + text)
            tail = (tail + sep + text)[-_TAIL:]
            length += len(sep) + len(text)
        else:
            if parts:
                paras.append("".join(parts))
            parts, tail, length, cased, lower = [text], text[-_TAIL:], len(text), False, False
        if not lower:  # str.isupper() of the whole paragraph, kept as it grows
            cased = cased or any(c.isupper() or c.islower() for c in text)
            lower = any(c.islower() for c in text)
        prev_heading = heading
    if parts:
        paras.append("".join(parts))
    # a list run together that a PDF or Word layout wrapped over lines is one paragraph only now
    return _join_part_titles([piece for p in paras for piece in split_run_list(p)])


def _join_part_titles(paras: list[str]) -> list[str]:
    """"PHẦN THỨ HAI" (or "PHẦN II") alone, its title on the next line, becomes
    one heading "PHẦN THỨ HAI. MỤC TIÊU"; a next line that is itself numbered stays apart."""
    out: list[str] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        nxt = paras[i + 1] if i + 1 < len(paras) else ""
        if BARE_PART.match(p) and nxt and len(nxt) <= 200 and not MARKER.match(nxt) \
                and not _TERMINAL.search(nxt):
            out.append(f"{p.rstrip('.: ')}. {nxt}")
            i += 2
            continue
        out.append(p)
        i += 1
    return out


# a number (or a range, "40 - 50") with no "." or ")" after it and a lower-case word is a quantity or
# a date's day/month ("giai đoạn" / "5 năm", "ngày 21 tháng" / "10 năm 2013"), never a list mark
_QUANTITY = re.compile(r"^\d{1,4}(?:\s*[-–]\s*\d{1,4})?\s+(\w)")
_PAREN_NO = re.compile(r"^\((\d{1,2})\)\s")


def wrapped_mark(prev: str, nxt: str, width: int | None, para: str = "") -> bool:
    """Whether ``nxt``, which opens with what looks like a list mark, is the paragraph's text
    wrapped by the layout (a PDF, a hard-wrapped text) after the line ``prev`` (``para``: the
    paragraph so far). Never after a line that ends a sentence or opens a list (``.;:!?``):

    * a number or a range followed by a lower-case word: a quantity or a date wrapped
      ("… giai đoạn" / "5 năm", "… ngày 21 tháng" / "10 năm 2013", "… phát triển" / "40 - 50 tổ chức");
    * "(3)" when the paragraph already counts "(2)" inline: an enumeration in a sentence
      ("… (1) Khoa học, (2) Đổi mới sáng tạo và" / "(3) Chuyển đổi số …");
    * a dash after a line of prose (a paragraph not opened by a list mark) that fills the text's
      ``width`` and ends in a word: a name or a pair written with a spaced dash and broken there
      ("… về Bộ Lao động" / "- Thương binh và Xã hội"). After an item or a numbered heading (which
      ends in no stop: "6. Đẩy mạnh … trong lĩnh vực bảo hiểm y tế" / "- Hoàn thiện …") a dash is
      the next item however long the line (a lower-case word after the dash, "kinh tế" / "- xã hội", is joined by
      the callers whatever the width).
    """
    if not prev or _TERMINAL.search(prev) or not prev[-1:].isalnum() and prev[-1:] not in ",)”\"'":
        return False
    quantity = _QUANTITY.match(nxt)
    if quantity:
        return quantity.group(1).islower()
    number = _PAREN_NO.match(nxt)
    if number:
        n = int(number.group(1))
        return n > 1 and f"({n - 1})" in (para or prev)[1:]
    if nxt[:1] in "-–" and _DASH_WORD.match(nxt):
        return bool(width and prev[-1:].isalnum() and len(prev) >= 0.9 * width
                    and not MARKER.match(para or prev))
    return False


_YEAR_END = re.compile(r"(?:19|20)\d\d$")
_YEAR_START = re.compile(r"^[-–]\s*(?:19|20)\d\d\b(?!\s*:)")
_FIGURE_ENDS = re.compile(r"^\d[\d.,]*\s*(?:%|‰)?[.;](?:\s|$)")
_BARE_MARK_END = re.compile(r"\S\s+(?:[IVX]{1,4}|\d{1,2})\.$")


def _continues(prev: str, nxt: str, width: int | None, length: int | None = None,
               upper: bool | None = None, table: bool | None = None, line: str | None = None,
               para: str | None = None) -> bool:
    """Whether line ``nxt`` continues the paragraph ending in ``prev`` (its last characters;
    ``length``, ``upper`` and ``table`` describe the whole paragraph, ``line`` its last physical
    line and ``para`` its whole text, default: ``prev`` itself)."""
    if table if table is not None else prev.startswith("|"):
        return False
    if nxt[:1] in "-–" and _DASH_WORD.match(nxt) and nxt.lstrip("-– ")[:1].islower() and \
            not _TERMINAL.search(prev) and prev[-1:].isalnum():
        return True  # "kinh tế\n- xã hội": a wrapped dash, not a bullet
    if nxt[:1] in "-–" and _YEAR_END.search(prev) and _YEAR_START.match(nxt):
        return True  # "… GIAI ĐOẠN 2020" / "- 2025": a span of years wrapped at its dash, not a bullet
    if prev.endswith("ngày") and _DATE_END.search(prev) and _MONTH_START.match(nxt):
        return True  # "Hải Dương, ngày" / "05 tháng 6 năm 2023": a wrapped date line
    if _ORDINAL_END.search(prev[-_TAIL:]) and _ROMAN_START.match(nxt):
        return True  # "… Ban Chấp hành Trung ương khóa" / "XI. Sơ kết …": the term's number, wrapped, not a heading
    if MARKER.match(nxt):
        return wrapped_mark(line if line is not None else prev, nxt, width, para if para is not None else prev)
    if prev.endswith(":") and _FIGURE_ENDS.match(nxt):
        return True  # "… bình quân hàng năm:" / "12%. 8. Tổng …": the figure ends the sentence it was wrapped from
    if _BARE_MARK_END.search(prev) and nxt[:1].isupper() and (prev.isupper() if upper is None else upper):
        return True  # "… NHIỆM KỲ 2020-2025 I." / "Về kinh tế": an outline marker never ends a paragraph
    if nxt[0].islower() or nxt[0] in ",;:)”%":
        return True
    if _TERMINAL.search(prev):
        return False
    if _HYPHEN_END.search(prev) or _CONNECTOR_END.search(prev):
        return True
    size = len(prev) if length is None else length
    is_upper = prev.isupper() if upper is None else upper
    return bool(width and size >= 0.72 * width and not is_upper and not _SENTENCE_START.match(nxt))


def _md_tables(paras: list[str]) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for p in paras + [""]:
        if p.startswith("|"):
            current.append([c.strip() for c in p.strip().strip("|").split("|")])
        elif current:
            tables.append(current)
            current = []
    return tables


def read_document(data: bytes, filename: str, progress: Progress | None = None) -> SourceText:
    """Read ``data`` (named ``filename``) into a :class:`SourceText`.

    A PDF without a text layer is read by OCR when tesseract is installed (kind "ocr";
    ``progress(page, pages)`` is called before each page). Raises ExtractionError for
    empty, oversized, unsupported, unsafe or unreadable input.
    """
    check_size(data)
    name = filename.lower()
    kind = "txt"
    tables: list[list[list[str]]] = []
    if data[:4] == b"PK\x03\x04" or name.endswith(".docx"):
        if not data.startswith(b"PK"):
            raise ExtractionError("Tệp có đuôi .docx nhưng không phải tệp Word hợp lệ.")
        from .docx_reader import read_docx

        try:
            raw, tables = read_docx(data)
        except ExtractionError:
            raise
        except Exception as exc:  # a damaged part fails in python-docx or lxml in many ways
            raise ExtractionError(DAMAGED_DOCX) from exc
        paras = rejoin([unicodedata.normalize("NFC", ln) for ln in raw], wrapped=False)
        kind = "docx"
    elif data[:5] == b"%PDF-" or name.endswith(".pdf"):
        if b"%PDF-" not in data[:1024]:
            raise ExtractionError("Tệp có đuôi .pdf nhưng không phải tệp PDF hợp lệ.")
        check_pdf_ending(data)
        from . import ocr
        from .pdf_reader import ScannedPDF, read_pdf

        kind = "pdf"
        try:
            raw = read_pdf(data)
        except ScannedPDF:
            if not ocr.available():
                raise
            raw = ocr.ocr_pdf(data, progress)
            kind = "ocr"
        paras = rejoin([unicodedata.normalize("NFC", ln) for ln in raw])
        tables = _md_tables(paras)  # ruled tables come out of the PDF reader as "| a | b |" rows
    elif name.endswith((".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".rtf", ".zip")) or \
            data[:4] in (b"\xd0\xcf\x11\xe0", b"\x7fELF") or data[:2] == b"MZ" or \
            data[:3] == b"\x1f\x8b\x08" or data[:6] == b"{\\rtf1":
        raise ExtractionError(
            "Định dạng tệp không được hỗ trợ; hãy dùng .docx, .pdf (có lớp văn bản) hoặc .txt/.md."
        )
    else:
        text = decode_text(data)
        paras = rejoin(text.split("\n"))
        tables = _md_tables(paras)
    if not paras:
        raise ExtractionError("Tệp rỗng.")
    return SourceText(text="\n".join(paras), kind=kind, tables=tables)
