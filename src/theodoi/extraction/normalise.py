"""Normalisation before everything else: the same clean lines whatever the reader.

:func:`normalise_lines` runs on the physical lines every reader (TXT/MD, DOCX,
PDF) produces, before paragraphs are rebuilt (:func:`reading.rejoin`). It

- converts text written in the legacy Vietnamese font encodings (TCVN3/ABC, VNI) to
  Unicode (:mod:`legacy`: detected on the whole document, whatever the reader);
- puts every line in Unicode NFC and drops zero-width characters and soft hyphens;
- removes the furniture that web copies of documents carry around the text: a
  site's property table ("Số hiệu | 344/KH-UBND", "Loại văn bản: Kế hoạch",
  label on one line and value on the next), copyright, paywall and "loading"
  notices, image marks, counters, banner lines with an address, and the list
  of related documents ("- 1Quyết định 831/QĐ-BYT năm 2017 …");
- drops what stands before the document's own header (the body's name above the
  national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or "ĐẢNG CỘNG SẢN VIỆT NAM")
  when a header is found near the top: that is the page's title, not the plan;
- splits the cells of a header laid out as a web table ("BỘ Y TẾ | CỘNG HÒA …
  |") into lines and drops the lone "|" of such layouts;
- joins an upper-case heading wrapped by layout: a line of one upper-case word
  ("NHIỆM", "ỦY", "TRIỂN") continued by an upper-case line, or an upper-case
  line whose last one or two words were pushed to the next line ("HỘI ĐỒNG
  NHÂN" / "DÂN", "I. KẾT QUẢ" / "ĐẠT ĐƯỢC"). A document-type line ("KẾ HOẠCH"),
  a body's name ("ỦY BAN NHÂN DÂN") and the level line under it ("TỈNH …") are
  header units of their own and are never joined.

Sentences broken without final punctuation are joined later by
:func:`reading.rejoin`, which knows paragraphs.
"""

from __future__ import annotations

import re
import unicodedata

from .legacy import lines_to_unicode

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_PROPERTY = (r"Số hiệu|Loại văn bản|Nơi ban hành|Cơ quan ban hành|Người ký|Ngày ban hành|"
             r"Ngày có hiệu lực|Ngày hiệu lực|Ngày hết hiệu lực|Ngày công báo|Số công báo|"
             r"Tình trạng(?: hiệu lực)?|Lĩnh vực|Áp dụng")
_PROPERTY_ROW = re.compile(rf"^\|?\s*(?:{_PROPERTY})\s*(?:\||:)")
_PROPERTY_LABEL = re.compile(rf"^(?:{_PROPERTY})\s*:?\s*$")
_NOTICE = re.compile(
    r"^(?:Đang tải văn bản|Bản dịch này thuộc quyền|THƯ VIỆN PHÁP LUẬT\b|Hệ thống pháp luật$|"
    r"Để sử dụng toàn bộ tiện ích|Nếu bạn là thành viên|Vui lòng đăng nhập|LawNet\b|"
    r"Lượt xem\s*:|Từ khoá\s*:|Từ khóa\s*:|Đăng nhập$|Mục lục$|Tải về$|Báo lỗi$|Ghi chú$|"
    r"Theo dõi văn bản$|Tìm từ trong trang$|Lưu$|Chia sẻ\s*:)", re.I)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# a page's publication stamp before its text ("date 2020-08 CÁC CHỈ TIÊU …"): the site's, not the document's
_DATE_STAMP = re.compile(r"^date \d{4}-\d{2}(?:-\d{2})?(?:\s+|$)")
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")  # Markdown emphasis, not a "* " bullet
_BANNER = re.compile(r"https?://\S+\.(?:jpe?g|png|gif|webp|svg)\b", re.I)
_COUNTER = re.compile(r"^\d{3,}$")
_RELATED = re.compile(r"^[-•]\s*\d{1,3}(?=[A-ZĐ][a-zà-ỹđ])")
# the national motto, also with a letter a font lost ("CỘNG HỊA XÃ HỘI …")
_MOTTO = re.compile(r"^\|?\s*(?:CỘNG\s*$|CỘNG HÒA|CỘNG HOÀ|CỘNG H\w{1,2}A\s+XÃ\s+HỘI|ĐẢNG CỘNG SẢN VIỆT NAM)")
_UPPER_WORD = re.compile(r"^[A-ZĐÀ-Ỹ]+$")
_DOC_TYPE_LINE = re.compile(r"^(?:CHƯƠNG TRÌNH HÀNH ĐỘNG|KẾ HOẠCH HÀNH ĐỘNG|KẾ HOẠCH|QUYẾT ĐỊNH|"
                            r"CHƯƠNG TRÌNH|ĐỀ ÁN|NGHỊ QUYẾT|CHỈ THỊ|HƯỚNG DẪN|THÔNG BÁO|KẾT LUẬN|"
                            r"PHƯƠNG ÁN|QUYẾT NGHỊ)\s*:?$")
_BODY = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BAN CHẤP HÀNH ĐẢNG BỘ|"
                   r"BAN THƯỜNG VỤ|CHÍNH PHỦ|THỦ TƯỚNG CHÍNH PHỦ|ĐẢNG ỦY|ĐẢNG UỶ)$")
_BODY_PREFIX = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|CHÍNH PHỦ|"
                          r"THỦ TƯỚNG|BỘ TRƯỞNG|CHỦ TỊCH|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|QUYẾT NGHỊ|"
                          r"GIÁM ĐỐC|ĐẢNG ỦY|ĐẢNG UỶ|BAN CHỈ ĐẠO|TRƯỞNG BAN|THỦ TRƯỞNG)")
_LEVEL = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU|SỞ|BỘ|"
                    r"BAN|PHÒNG|VĂN PHÒNG|CHI BỘ|ĐẢNG BỘ)\b")
_FIXED = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ|CỘNG H\w{1,2}A\s+XÃ\s+HỘI|(?:HỘI\s+)?CHỦ NGHĨA VIỆT NAM|Độc lập|"
                    r"ĐỘC LẬP|ĐẢNG CỘNG SẢN|Số\b|SỐ\b|-{2,}|\*)")
_DATE = re.compile(r"ngày\s.*tháng\s.*năm\s+\d{4}", re.I)
_TOP = 60  # a site's property table and related-documents list stand above the text
# a heading wrapped by layout is short; a title runs to a few lines: longer "headings" are never
# joined further (which also keeps the work linear on a file of upper-case lines)
HEADING_MAX = 300
TITLE_MAX = 600
_MARKER = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđA-ZĐ])[.)]\s|^[-–+•*]\s")


def _is_upper(line: str) -> bool:
    """Letters all upper case (and at least one): Vietnamese letters are all cased."""
    return line.isupper()


def _cells(line: str) -> list[str]:
    """A header laid out as a web table: its cells, one per line."""
    if line.startswith("|") or " | " not in line and not line.endswith(" |"):
        return [line]
    return [c.strip() for c in line.split("|") if c.strip()]


# a word that joins a name or a heading to its complement and never opens one
_JOINING = re.compile(r"^(?:VỀ|VÀ|CỦA)\s+\S")


def _wrapped(prev: str, nxt: str) -> bool:
    """``nxt`` continues the upper-case heading ``prev`` that layout wrapped."""
    if not (_is_upper(prev) and _is_upper(nxt)) or re.search(r"[.:;,!?)]$", prev):
        return False
    if _BODY.match(nxt):
        return False
    if (_FIXED.match(nxt) or _MARKER.match(nxt) or _LEVEL.match(nxt) or _DOC_TYPE_LINE.match(nxt)) \
            and not (_UPPER_WORD.match(prev) and not _DOC_TYPE_LINE.match(prev)
                     and not _FIXED.match(nxt)):
        return False
    if _DOC_TYPE_LINE.match(prev) or _BODY.match(prev) or _FIXED.match(prev) and \
            not re.match(r"^CỘNG\s*$", prev):
        return False
    if re.match(r"^(?:PHẦN|PHỤ LỤC|CHƯƠNG|ĐIỀU|MỤC)\b", prev):  # a part label stands alone
        return False
    head = _MARKER.sub("", prev, count=1)
    if _UPPER_WORD.match(head):  # one word alone: "III. NHIỆM" / "VỤ", "ỦY" / "BAN NHÂN DÂN"
        return True
    if _JOINING.match(nxt) and len(prev.split()) >= 2:  # "ỦY BAN QUỐC GIA" / "VỀ CHUYỂN ĐỔI SỐ": no name opens so
        return True
    return len(nxt.split()) <= 2 and len(prev.split()) >= 2


_PRINTED_RULE = re.compile(r"^[-_=–—]{3,}$")
# the official gazette's running header, and the stamp a digitally signed PDF carries on its first page
_GAZETTE_HEADER = re.compile(r"^CÔNG BÁO\s*/\s*Số\s+\d+\s*(?:\+\s*\d+\s*)?/\s*Ngày\s+\d{1,2}-\d{1,2}-\d{4}$")
_SIGNED_BY = re.compile(r"^Ký bởi\s*:")
_STAMP_LINE = re.compile(r"^(?:Ký bởi|Cơ quan|Ngày ký|Thời gian ký|Email)\s*:")


def _drop_page_title(lines: list[str]) -> list[str]:
    """Drop what stands above the document's own header, when one is near the top."""
    top = next((i for i, ln in enumerate(lines[:80]) if _MOTTO.match(ln.strip())), None)
    if top is None or top == 0:
        return lines
    start, seen = top, 0
    while start > 0 and seen < 8:
        above = lines[start - 1].strip()
        if _PRINTED_RULE.match(above):  # the short rule printed under the header's name ("______")
            start -= 1
            continue
        if above and not (_is_upper(above) or _FIXED.match(above) or _DATE.search(above)
                          or re.match(r"^(?:V/v|Về việc)\b", above)):
            break
        if above and _DOC_TYPE_LINE.match(above):
            break
        seen += bool(above)
        start -= 1
    if seen >= 8:
        return lines
    while start < top and not lines[start].strip():
        start += 1
    return lines[start:]


# a numbered list whose items lost their line breaks (a web page flattened to one line): "… đạt 16%. 2. Thu
# nhập … 3. Tổng …"; an item marker after a sentence's end, or a Roman one ("… 2020-2025 I. Về kinh tế")
_INLINE_MARK = re.compile(r"(?<=\S) +(?P<num>\d{1,2}|[IVX]{1,4})\. +(?=[A-ZĐÀ-Ỹ])")
_ROMAN_VALUE = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
RUN_MIN = 3  # consecutive numbers a line must hold before it is read as a list (never one "2." in a sentence)
RUN_LINE = 200  # characters: only a long line can be a list run together


def split_run_list(line: str) -> list[str]:
    """The items of a numbered list written on one line, each on its own line: Arabic markers that
    follow a sentence's end and count up (1., 2., 3. …, at least RUN_MIN of them), and the Roman
    headings among them that count up too; any other line is returned whole."""
    if len(line) < RUN_LINE or ". " not in line:
        return [line]
    cuts: list[int] = []
    arabic = 0  # how many Arabic markers count up
    expect_arabic: int | None = None
    expect_roman: int | None = None
    for m in _INLINE_MARK.finditer(line):
        num = m.group("num")
        if num.isdigit():
            if line[m.start() - 1] not in ".;:!?)…" or (expect_arabic is not None and int(num) != expect_arabic):
                continue
            expect_arabic = int(num) + 1
            arabic += 1
        else:
            value = _ROMAN_VALUE.get(num)
            if value is None or (expect_roman is not None and value != expect_roman) or \
                    (expect_roman is None and value != 1):
                continue
            expect_roman = value + 1
        cuts.append(m.start())
    if arabic < RUN_MIN:
        return [line]
    bounds = [0] + cuts + [len(line)]
    return [piece for a, b in zip(bounds[:-1], bounds[1:], strict=True) if (piece := line[a:b].strip())]


# a line ending with the word for "year" ("… CHUYỂN ĐỔI SỐ NĂM" / "2022", a title's cell wrapped by a site's
# table): the bare year on the next line is its end, not a site's visit counter
_YEAR_WORD_END = re.compile(r"\b(?:năm|NĂM|Năm)$")


def _year_goes_on(cleaned: list[str], line: str) -> bool:
    last = next((c for c in reversed(cleaned) if c.strip()), "")
    return bool(re.fullmatch(r"(?:19|20)\d\d", line)) and bool(_YEAR_WORD_END.search(last.rstrip()))


def normalise_lines(raw_lines: list[str]) -> list[str]:
    """Clean physical lines (see the module docstring); blank lines are kept."""
    raw_lines = lines_to_unicode(raw_lines)  # TCVN3/VNI, before "\xad" (TCVN3's "ư") is dropped
    cleaned: list[str] = []
    skip_value = skip_page = False
    stamp = 0  # lines of a signature stamp still to come
    for n, raw in enumerate(raw_lines):
        top = n < _TOP
        line = unicodedata.normalize("NFC", raw).replace("\u00a0", " ")
        if _INVISIBLE.search(line):
            line = _INVISIBLE.sub("", line)
        if "![" in line:
            line = _IMAGE.sub("", line)
        if "*" in line:
            line = _EMPHASIS.sub("", line)
        line = line.rstrip()
        stripped = line.strip()
        if top and stripped.startswith("date ") and _DATE_STAMP.match(stripped):
            stripped = _DATE_STAMP.sub("", stripped)
            if not stripped:
                continue
        if skip_value:
            skip_value = False
            if stripped:
                continue
        if top and _PROPERTY_LABEL.match(stripped):
            skip_value = True
            continue
        if top and (_PROPERTY_ROW.match(stripped) or _COUNTER.match(stripped) and not _year_goes_on(cleaned, stripped)
                    or _RELATED.match(stripped)):
            continue
        if _NOTICE.match(stripped) or ("://" in stripped and _BANNER.search(stripped)) or stripped == "|":
            continue
        if skip_page:  # the page number printed under a gazette's running header
            if not stripped:
                continue
            skip_page = False
            if stripped.isdigit() and len(stripped) <= 4:
                continue
        if _GAZETTE_HEADER.match(stripped):  # "CÔNG BÁO/Số 286/Ngày 27-05-2026" heads every gazette page
            skip_page = True
            continue
        if _SIGNED_BY.match(stripped):  # the stamp of a digitally signed PDF: "Ký bởi: …", "Ngày ký: …"
            stamp = 3
        if stamp:
            stamp -= 1
            if _STAMP_LINE.match(stripped):
                continue
            stamp = 0
        for cell in _cells(stripped):
            for piece in split_run_list(cell):
                cleaned.append(piece.rstrip(" |") if not piece.startswith("|") else piece)
    cleaned = _drop_page_title(cleaned)
    out: list[str] = []
    last = -1  # index of the last non-blank line in ``out``
    in_title = False  # upper-case lines right under the type line are the title, wrapped
    for line in cleaned:
        if not line:
            out.append(line)
            continue
        prev = out[last] if last >= 0 else ""
        if prev and _year_goes_on([prev], line):  # "… NĂM" / "2022": the year ends the wrapped line
            out[last] = f"{out[last]} {line}"
            del out[last + 1:]
            continue
        if in_title and prev and len(prev) < TITLE_MAX and _title_goes_on(line) \
                and not _DOC_TYPE_LINE.match(prev):
            out[last] = f"{out[last]} {line}"
            del out[last + 1:]
            continue
        if len(prev) < HEADING_MAX and out and out[-1] and _wrapped(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        elif len(prev) < HEADING_MAX and prev and _wrapped(prev, line):
            # the rest of a heading in the next paragraph (Word, Markdown with blank lines)
            out[last] = f"{out[last]} {line}"
            del out[last + 1:]
        else:
            out.append(line)
            last = len(out) - 1
        in_title = bool(_DOC_TYPE_LINE.match(line)) or (in_title and _title_goes_on(line))
    return out


def _title_goes_on(line: str) -> bool:
    """An upper-case line that can continue a title (not a body, motto, number or heading)."""
    return (_is_upper(line) and not _FIXED.match(line) and not _MARKER.match(line)
            and not _BODY_PREFIX.match(line) and not _DOC_TYPE_LINE.match(line)
            and not re.match(r"^(?:PHẦN|PHỤ LỤC|CHƯƠNG|ĐIỀU)\b", line))
