"""Plan metadata: type, number, issuer, place and date, title, period, references.

Works on Party ("Số: 86-KH/ĐU", issuing clause "Đảng ủy xã X ban hành Kế
hoạch") and State styles ("Số: /KH-UBND", two-line header "UBND TỈNH X /
SỞ Y"), and on a Quyết định carrying the plan in Điều 1.
"""

from __future__ import annotations

import re

from .references import OWN_NUMBER, REF, find_references, normalise_ref

DOC_TYPES = ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "KẾ HOẠCH HÀNH ĐỘNG", "KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "ĐỀ ÁN",
             "NGHỊ QUYẾT", "CHỈ THỊ", "HƯỚNG DẪN", "THÔNG BÁO", "KẾT LUẬN", "PHƯƠNG ÁN")
_DOC_TYPE = re.compile(r"^(?:" + "|".join(DOC_TYPES) + r")(?=$|\s*[:\-–]?\s)")
_DATE_LINE = re.compile(
    r"(?P<place>[^\d,|:;]{2,50}?)\s*,\s*ngày\s*(?P<d>\d(?: ?\d)?)?[\s.…_]*tháng\s*(?P<m>\d(?: ?\d)?)?[\s.…_]*"
    r"năm\s*(?P<y>\d{4})", re.IGNORECASE)
# a web copy splits a two-digit day or month ("ngày 26 tháng 0 6 năm 2018"): the digits are one number
# the number line left blank ("Số:" alone, its symbol "/KH-UBND" on the next line)
_BLANK_NUMBER = re.compile(r"^(?:Số|SỐ)\s*:?\s*$")
# the national motto also where a web copy broke it ("CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM", the Party's
# "ĐẢNG CỘNG SẢN VIỆT" / "NAM") or a font lost a letter of it ("CỘNG HỊA XÃ HỘI …")
_HEADER_SKIP = re.compile(
    r"CỘNG HÒA|CỘNG HOÀ|CỘNG H\w{1,2}A\s+XÃ\s+HỘI|^(?:XÃ\s+)?(?:HỘI\s+)?CHỦ NGHĨA VIỆT NAM|^(?:VIỆT\s+)?NAM$|"
    r"Độc lập|ĐỘC LẬP|"
    r"ĐẢNG CỘNG SẢN|^Số\b|^SỐ\b|ngày .* tháng|"
    r"^\*|^-+$", re.I)
# an issuing clause that names the body without its place ("UBND tỉnh ban hành"): the header says more
_BARE_BODY = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+"
                        r"(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)$", re.I)
# a Party committee's organ named without its place ("Ban Thường vụ Huyện ủy ban hành Kế hoạch"): the
# header names the committee with its place ("HUYỆN ỦY MƯỜNG LÂM"); the clause is kept where there is none
_BARE_PARTY = re.compile(r"^(?:Ban Thường vụ|Ban Chấp hành|Thường trực|Ban Thường vụ Đảng ủy)\s+"
                         r"(?:Đảng bộ\s+)?(?:(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s+[ủu][ỷy]|Đảng bộ)"
                         r"(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu))?$", re.I)
# "Ban Chỉ đạo chuyển đổi số huyện X (sau đây gọi tắt là Ban Chỉ đạo) ban hành Kế hoạch": the short name
# a body gives itself stands between it and its verb
_ALIAS = re.compile(r"\s*\((?:sau đây\s+)?(?:được\s+)?gọi\s+(?:tắt\s+)?là\s+[^()\n]{2,80}\)", re.I)
# a cited document is never the issuer ("Nghị quyết số 03/NQ-CP … ban hành Chương trình")
_CITED = re.compile(r"^(?:Nghị quyết|Quyết định|Kế hoạch|Chỉ thị|Thông tư|Nghị định|Luật|Kết luận|"
                    r"Chương trình|Công văn|Thông báo)\b|\d+/", re.I)
# the symbol of a number names the kind of document (Decree 30/2020, appendix III)
_SYMBOL_TYPES = {"KH": "KẾ HOẠCH", "QĐ": "QUYẾT ĐỊNH", "NQ": "NGHỊ QUYẾT", "CTr": "CHƯƠNG TRÌNH",
                 "CTR": "CHƯƠNG TRÌNH", "ĐA": "ĐỀ ÁN", "CT": "CHỈ THỊ", "KL": "KẾT LUẬN",
                 "HD": "HƯỚNG DẪN", "PA": "PHƯƠNG ÁN"}
_ISSUING = re.compile(
    r"(?:^|[.;,:]\s+|\)\s*;?\s*)(?P<who>[A-ZĐÀ-Ỹ][^.;,:()\n]{2,120}?)\s+(?:ban hành|xây dựng|"
    r"tổ chức xây dựng|triển khai xây dựng|lập|thống nhất ban hành|ra)\s+(?:Kế hoạch|kế hoạch|"
    r"Chương trình|chương trình|Đề án|đề án|Phương án|phương án|Nghị quyết|nghị quyết|"
    r"Chỉ thị|chỉ thị)(?!\s+số)", re.M)
_LEVEL_LINE = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+\S")
_BODY_LINE = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|UBND|HĐND|"
                        r"BAN CHẤP HÀNH ĐẢNG BỘ|BAN CHẤP HÀNH)$")
_LEVELS = "tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu"
# a header line that names an issuing body (used when no number or date line anchors the header)
_BODY_WORD = re.compile(r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|HĐND|BỘ|SỞ|BAN|ĐẢNG|TỈNH ỦY|TỈNH UỶ|HUYỆN ỦY|HUYỆN UỶ|"
                        r"THÀNH ỦY|THÀNH UỶ|CHÍNH PHỦ|THỦ TƯỚNG|VĂN PHÒNG|THANH TRA|PHÒNG|TRUNG TÂM|CỤC|TỔNG CỤC|"
                        r"CHI CỤC|MẶT TRẬN|ĐOÀN|HỘI|TRƯỜNG|BỆNH VIỆN|VIỆN|ĐẠI HỌC|CÔNG AN|BỘ CHỈ HUY)\b")
_KINDS = r"Kế hoạch|Chương trình|Đề án|Phương án|Nghị quyết|Chỉ thị|Quyết định"
_CLAUSE_KIND = re.compile(
    r"(?:^|[.;,:]\s+|\)\s*;?\s*)(?P<who>[A-ZĐÀ-Ỹ][^.;,:()\n]{2,120}?)\s+(?:đã\s+|vừa\s+)?(?:ban hành|xây dựng)\s+"
    rf"(?P<kind>(?:{_KINDS})(?:\s+hành động)?)\b(?:\s+(?:số\s+)?(?P<num>\d{{1,5}}\s*[-/]\s*[A-ZĐ][\w/-]*))?",
    re.I | re.M)
_BASIS_KIND = re.compile(rf"căn cứ\s+(?:lập|xây dựng|ban hành)\s+({_KINDS})\b", re.I)
_NOT_ISSUER = re.compile(r"^(?:Thực hiện|Căn cứ|Để|Nhằm|Theo|Trên cơ sở|Xét)\b")
_YEAR = r"(20\d\d)"
_RANGE_YEARS = re.compile(rf"(?:giai đoạn|nhiệm kỳ|thời kỳ)\s+{_YEAR}\s*[-–—]\s*{_YEAR}", re.I)
# a date in words is a cited document's date, never the plan's year ("… NGÀY 22 THÁNG 12 NĂM 2024 CỦA …")
_WORD_DATE = re.compile(r"ngày\s+\d{1,2}\s*(?:tháng\s+\d{1,2}\s*năm|[/.-]\s*\d{1,2}\s*[/.-])\s*\d{4}", re.I)
# "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch … đến năm 2030": the plan a decision carries
_CARRIED = re.compile(r"Ban hành kèm theo (?:Quyết định|Nghị quyết) này\s+(?P<plan>[^.;]{10,600})", re.I)
# the title of the plan a decision carries stands above its caption "(Ban hành kèm theo Quyết định số …)",
# also where the copy lost Điều 1
_CAPTIONED = re.compile(r"^(?P<plan>[^\n(]{10,600})\n\s*\((?:Ban hành )?kèm theo (?:Quyết định|Nghị quyết)\b",
                        re.I | re.M)
# "đến năm 2030", also "định hướng đến 2025" without "năm" (never a date: "đến 30/6/2025")
_UNTIL_YEAR = re.compile(rf"(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+)?{_YEAR}\b(?!\s*[/-])", re.I)
_VISION = re.compile(r"tầm nhìn\s+(?:đến|tới)\s+năm\s+20\d\d", re.I)
_PLAIN_YEAR = re.compile(rf"(?<![/\d])năm\s+{_YEAR}", re.I)
_NEAR_DEADLINE = re.compile(
    r"(?:tháng\s+\d{1,2}\s*[/.]\s*|quý\s+[IV]{1,3}\s*[/]\s*|quý\s+[IV]{1,3}\s+năm\s+)(20\d\d)", re.I)
_REF_DATE = re.compile(r",?\s*ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(\d{4})")


HEADER_LINE_MAX = 500  # header units are short; a longer paragraph is read no further (linear time)


def _header_lines(paras: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for p in paras[:limit]:
        p = p[:HEADER_LINE_MAX]
        if p.startswith("|"):
            out.extend(c.strip() for c in p.strip("|").split("|") if c.strip())
        else:
            out.append(p)
    return out


def find_doc_type(paras: list[str]) -> tuple[str | None, int]:
    """(doc type as written upper-case, its paragraph index) or (None, -1)."""
    for i, p in enumerate(paras[:25]):
        m = _DOC_TYPE.match(p.strip())
        if m:
            return m.group(0).strip(), i
    return None, -1


def find_title(paras: list[str], type_idx: int) -> str | None:
    """The paragraph(s) naming the plan, right after the doc type line."""
    if type_idx < 0:
        return None
    head = paras[type_idx].strip()
    m = _DOC_TYPE.match(head)
    rest = head[m.end():].strip(" :-–") if m else ""
    if len(rest) > 8:
        return rest
    for p in paras[type_idx + 1:type_idx + 4]:
        s = p.strip()
        if not s or s.startswith("(") or _DATE_LINE.search(s) or re.match(r"^(?:Số|SỐ)\b", s):
            continue
        if re.match(r"^(?:I|1|A)\s*[.\-]", s) or s.startswith("|") or _BODY_OPENER.match(s):
            break  # the body starts right after the type line: the title is in the "V/v" line
        return re.sub(r"\s*\((?:ban hành|kèm theo)[^)]*\)\s*$", "", _title_lines(s, paras, type_idx), flags=re.I)
    return _subject_line(paras[:type_idx])


_TITLE_STOP = re.compile(r"^(?:Căn cứ|Thực hiện|Xét|Theo|Trên cơ sở|Nhằm|Để|[IVX]+\s*[.\-]|\d+\s*[.)]|[|(!*\-–+•])")


def _title_lines(first: str, paras: list[str], type_idx: int) -> str:
    """A title set on several lines, each opening with a capital ("Triển khai thực hiện Nghị quyết
    13-NQ/TU" / "Của Ban Thường vụ Tỉnh ủy …" / "Đến năm 2025, định hướng đến năm 2030"), is one
    title: lines are added while the title has no end punctuation and the next line is neither the
    body's opening, a heading, a list item, the issuer's own line nor the date."""
    parts = [first]
    start = next((i for i in range(type_idx + 1, min(len(paras), type_idx + 4)) if paras[i].strip() == first), None)
    if start is None:
        return first
    for p in paras[start + 1:start + 4]:
        s = p.strip()
        if (not s or _TERMINAL_END.search(parts[-1]) or _TITLE_STOP.match(s) or len(s) > 250
                or _DATE_LINE.search(s) or (_BODY_WORD.match(s) and s.isupper()) or s.isupper() != first.isupper()
                or _SIGNER_LINE.match(s)):
            break
        parts.append(s)
    return " ".join(parts)


_TERMINAL_END = re.compile(r"[.;:!?]$")
# the authority line under a decision's title ("CHỦ TỊCH ỦY BAN QUỐC GIA VỀ …", "BỘ TRƯỞNG BỘ Y TẾ")
_SIGNER_LINE = re.compile(r"^(?:CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|THỦ TRƯỞNG|TRƯỞNG BAN)\s+\S")


# a title never opens with a legal basis; "Thực hiện …" can be a title, so it is not listed
_BODY_OPENER = re.compile(r"^(?:Căn cứ|Xét đề nghị|Theo đề nghị)\b")
_SUBJECT = re.compile(r"^(?:V/v|v/v|Về việc|VỀ VIỆC)\s*:?\s*(?P<s>\S.{8,})$")


def _subject_line(header: list[str]) -> str | None:
    """The "V/v …" subject line under the number, for a plan whose type line has no title."""
    for p in header:
        m = _SUBJECT.match(p.strip())
        if m:
            return m.group("s").strip()
    return None


def _title_under_header(paras: list[str]) -> str | None:
    """The title of a copy that lost its type line: the upper-case line(s) right under the number and
    the date line, before the body ("Số: 12/KH-UBND | X, ngày …" / "CHUYỂN ĐỔI SỐ TỈNH X NĂM 2026"); never
    a line naming a body (the authority line), a heading or a list item."""
    lines = _header_lines(paras, 30)
    at = next((i for i, line in enumerate(lines) if "ngày" in line.lower() and _DATE_LINE.search(line)), None)
    if at is None:
        return None
    parts: list[str] = []
    for line in lines[at + 1:at + 4]:
        s = line.strip(" *")
        letters = [c for c in s if c.isalpha()]
        if not s or _HEADER_SKIP.search(s):
            if parts:
                break
            continue
        if (len(letters) < 12 or sum(c.isupper() for c in letters) / len(letters) < 0.9 or _TITLE_STOP.match(s)
                or _BODY_WORD.match(s) or re.match(r"^(?:CHỦ TỊCH|PHẦN|CHƯƠNG|MỤC)\b", s) or len(s) > 400):
            break
        parts.append(s)
    return " ".join(parts) or None


def find_number(paras: list[str]) -> str | None:
    lines = _header_lines(paras, 25)
    for i, line in enumerate(lines):
        if _BLANK_NUMBER.match(line) and i + 1 < len(lines) and re.match(r"^\d", lines[i + 1].strip()):
            # "Số:" ending its line and "58/KH-UBND" on the next (a header cell broken as a page wrapped it);
            # "/KH-UBND" there is the number left blank
            line = f"{line} {lines[i + 1].strip()}"
        m = OWN_NUMBER.match(line)
        if m:
            num = normalise_ref(m.group(1))
            return num if re.match(r"^\d", num) else None
    return None


def type_from_number(number: str) -> str | None:
    """The document kind its symbol names: "5349/QĐ-BYT" → "QUYẾT ĐỊNH"."""
    m = re.match(r"^\d+(?:/\d{4})?[/-]([A-Za-zĐđ]+)", number)
    return _SYMBOL_TYPES.get(m.group(1)) if m else None


# a date right after a number-and-symbol ("số 15-NQ/TU, ngày …") belongs to the document cited, and its
# "place" is the symbol's tail: a date line's place is a name
_CITED_DATE = re.compile(r"\d{1,5}\s*[-/]\s*[A-ZĐ][\w/&.-]*\s*$")


def find_date_line(paras: list[str]) -> tuple[str | None, str | None, int | None]:
    """(place, ISO date or None, year) from 'X, ngày .. tháng .. năm ..'."""
    for line in _header_lines(paras, 30):
        m = _DATE_LINE.search(line) if "ngày" in line.lower() else None  # the regex is slow; most lines lack the word
        if not m:
            continue
        if _CITED_DATE.search(line[:m.end("place")]) and not _HEADER_NUMBER.match(line):
            continue  # "Nghị quyết số 15-NQ/TU, ngày 22 tháng 3 năm 2022 của …": the cited document's date
        head = re.sub(r"^.*(?:\s{2,}|/[A-ZĐ-]+\s)", "", m.group("place")).strip(" -*_")
        place = re.sub(r"^(?:Số|SỐ)\s*:?.*?\s(?=[A-ZĐ])", "", head).strip() or None
        year = int(m.group("y"))
        date = None
        if m.group("d") and m.group("m"):
            d, mo = int(m.group("d").replace(" ", "")), int(m.group("m").replace(" ", ""))
            if 1 <= d <= 31 and 1 <= mo <= 12:
                date = f"{year:04d}-{mo:02d}-{d:02d}"
        return place, date, year
    return None, None, None


# "NGHỊ QUYẾT" / "CỦA BỘ CHÍNH TRỊ về …", "CHỈ THỊ" / "CỦA BAN BÍ THƯ": the line under the type names the
# issuing organ (the header above it names the Party's level: "BAN CHẤP HÀNH TRUNG ƯƠNG")
_OF_BODY = re.compile(r"^\s*\**\s*CỦA\s+(?P<rest>.+)$")


def _of_body(line: str) -> str | None:
    """The organ a "CỦA …" line names: its words in capitals, up to the title in lower case."""
    m = _OF_BODY.match(line)
    if m is None:
        return None
    words = []
    for w in m.group("rest").replace("*", " ").split():
        if not any(c.isalpha() for c in w) or not w.isupper():
            break
        words.append(w)
    return " ".join(words).strip(" ,-") if len(words) >= 2 else None


def find_issuer(paras: list[str], type_idx: int, body_start: int, place: str | None = None) -> str | None:
    """Issuer from the issuing clause, else from the document header (``place``: the date line's)."""
    preamble = _ALIAS.sub("", "\n".join(paras[max(type_idx, 0):body_start]))
    who = level = None
    for m in _ISSUING.finditer(preamble):
        cand = m.group("who").strip()
        if not _NOT_ISSUER.match(cand) and not _CITED.search(cand) and len(cand.split()) <= 12:
            who = cand
    if who:
        who = re.sub(r"^(?:thì|nay|vì vậy|do đó)\s+", "", who, flags=re.I)
    if who is None and 0 <= type_idx < len(paras) - 1 and (of := _of_body(paras[type_idx + 1])) is not None:
        return of  # "NGHỊ QUYẾT" / "CỦA BỘ CHÍNH TRỊ": the Party's organ that issues it
    bare = _BARE_BODY.match(who or "")
    if bare:
        level = bare.group(1).lower()
    elif who and not _BARE_PARTY.match(who):
        return who
    # "UBND tỉnh ban hành", "Ban Thường vụ Tỉnh ủy ban hành": the header names the body with its place;
    # a page without a header keeps the clause as written
    return _header_issuer(paras, type_idx, place, level) or who


# the short rule printed under a header's name, kept by web copies on the name's line
_RULE_TAIL = re.compile(r"\s+[-_=–—]{3,}\s*$")


def _header_issuer(paras: list[str], type_idx: int, place: str | None, level: str | None) -> str | None:
    """The issuing body the header names, above the number and the date line."""
    header = []
    anchored = False
    for line in _header_lines(paras, max(type_idx, 0) if type_idx > 0 else 8):
        s = _RULE_TAIL.sub("", line.strip(" *"))  # "THỦ TƯỚNG CHÍNH PHỦ -------": the rule under the name
        if OWN_NUMBER.match(s) or _BLANK_NUMBER.match(s) or ("ngày" in s.lower() and _DATE_LINE.search(s)):
            anchored = True  # the issuer stands above the number and the date (Decree 30/2020): what follows is title
            break
        if not s or _HEADER_SKIP.search(s) or _DOC_TYPE.match(s):
            continue
        letters = [c for c in s if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(s) < 80:
            header.append(s)
    if not anchored:  # no number or date line: only a line naming a body can be the issuer, not site furniture
        header = [h for h in header if _BODY_WORD.match(h)]
    if not header:
        return None
    # "ỦY BAN NHÂN DÂN" / "TỈNH X" is one name on two lines; "UBND TỈNH X" / "SỞ Y" is not
    if len(header) >= 2 and _LEVEL_LINE.match(header[-1]) and _BODY_LINE.match(header[-2]):
        return f"{header[-2]} {header[-1]}"
    if _BODY_LINE.match(header[-1]):  # the header lost its second line (web copies)
        if (authority := _authority_line(paras, header[-1])) is not None:
            return authority
        if place and not level:  # the text names the body's level with its place ("UBND tỉnh Hậu Giang")
            named = re.search(rf"\b({_LEVELS})\s+{re.escape(place)}\b", "\n".join(paras), re.I)
            level = named.group(1).lower() if named else None
        return f"{header[-1]} {level} {place}" if place and level else header[-1]
    return header[-1]


# the authority line above the legal basis names the body with its level and place ("CHỦ TỊCH ỦY BAN NHÂN
# DÂN THÀNH PHỐ X", "ỦY BAN NHÂN DÂN TỈNH Y"): where the header lost its second line, it is the issuer
_AUTHORITY = re.compile(r"^(?:CHỦ TỊCH\s+)?(?P<body>(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN)\s+"
                        r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+[^\d|,;:.()]{2,60})$")


def _authority_line(paras: list[str], body: str) -> str | None:
    """The body as the authority line before the "Căn cứ" names it, when it is the header's body."""
    for p in paras[:40]:
        s = p.strip(" |*")
        if _BODY_OPENER.match(s) or re.match(r"^(?:Căn cứ|Thực hiện|I\s*[.\-])", s):
            return None
        m = _AUTHORITY.match(s)
        if m and m.group("body").replace("UỶ", "ỦY").startswith(body.replace("UỶ", "ỦY")):
            return m.group("body").strip()
    return None


# a page's lead naming the document itself: "Nghị Quyết số 22/NQ-TU ngày 08/6/2022 ban hành bởi Tỉnh Ủy X
# về …", "Kế hoạch số 41-KH/ĐU ngày 3/3/2025 của Đảng ủy phường Y về …"
_NUM = r"\d{1,5}\s*[-/]\s*[A-ZĐ][\w/-]*"
LEAD_NAME = re.compile(
    rf"^(?P<kind>(?:{_KINDS})(?:\s+hành động)?)\s+số\s+(?P<num>{_NUM})\s+ngày\s+"
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})\s+(?:ban hành bởi|do|của)\s+"
    r"(?P<who>[A-ZĐÀ-Ỹ][^.;,:()\n]{2,80}?)\s+(?:về|V/v|về việc)\s+(?P<title>[^\n]{8,400})$", re.I)
# a page that says it reproduces a document in full ("trân trọng giới thiệu toàn văn Nghị quyết số 11-NQ/TU,
# ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy"; "LTS: Ngày 14-11-2016, Ban Chấp hành Đảng bộ tỉnh đã ban hành
# Nghị quyết số 10-NQ/TU về … . Báo X trân trọng giới thiệu toàn văn Nghị quyết."): its lead names it. A news
# line about a document ("Tỉnh ủy ban hành Nghị quyết số 14-NQ/TU.") does not say so and names nothing.
_FULL_TEXT = re.compile(r"\b(?:giới thiệu|đăng tải|đăng|công bố)\s+(?:toàn văn|nguyên văn|toàn bộ nội dung)", re.I)
_LEAD_SHOWN = re.compile(
    rf"(?:toàn văn|nguyên văn|toàn bộ nội dung)\s+(?P<kind>(?:{_KINDS})(?:\s+hành động)?)\s+số\s+(?P<num>{_NUM})"
    r"\s*,?\s*ngày\s+(?P<d>\d{1,2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})\s+(?:của|do)\s+"
    r"(?P<who>[A-ZĐÀ-Ỹ][^.;,:()\n]{2,80}?)(?:\s+(?:về|V/v|về việc)\s+(?P<title>[^.\n]{8,400}))?\s*[.]?$", re.I)
_LEAD_ISSUED = re.compile(
    r"(?:^|\.\s+|:\s*)(?:Ngày\s+(?P<d>\d{1,2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})\s*,\s*)?"
    rf"(?P<who>[A-ZĐÀ-Ỹ][^.;,:()\n]{{2,80}}?)\s+(?:đã\s+|vừa\s+)?ban hành\s+"
    rf"(?P<kind>(?:{_KINDS})(?:\s+hành động)?)\s+số\s+(?P<num>{_NUM})(?:\s+ngày\s+[\d/.-]+)?"
    r"(?:\s+(?:về|V/v|về việc)\s+(?P<title>[^.\n]{8,400}))?", re.I)
# a page's headline naming the document with its title ("Kế hoạch số 3191/KH-UBND: Thực hiện …"), the
# title its own type line then repeats
_HEADLINE = re.compile(
    rf"^(?P<kind>(?:{_KINDS})(?:\s+hành động)?)\s+số\s+(?P<num>{_NUM})\s*:\s*(?P<title>.{{8,400}})$", re.I)
_HEADER_NUMBER = re.compile(r"^\s*(?:Số|SỐ)\s*:")


def _lead_fields(m: re.Match[str]) -> dict[str, str] | None:
    if _CITED.search(m.group("who") or ""):
        return None
    date = year = ""
    if m.group("y"):
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        date = f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= mo <= 12 else ""
        year = str(y)
    return {"kind": m.group("kind").upper(), "number": normalise_ref(m.group("num")), "date": date,
            "year": year, "issuer": (m.group("who") or "").strip(), "title": (m.group("title") or "").strip(" .")}


def lead_name(paras: list[str]) -> dict[str, str] | None:
    """What the lead of a page quoting a document says it is (kind, number, date, issuer, title; a
    field it does not give is ""; ``headline`` where a headline named it), when the page opens with
    it: a lead sentence naming the document, a lead saying the page gives its full text, or a headline
    naming it with the title its type line repeats; None otherwise, and always None for a document
    with its own number line."""
    if not paras or any(_HEADER_NUMBER.match(p) for p in paras[:25]):
        return None
    m = LEAD_NAME.match(paras[0].strip())
    if m is not None:
        return _lead_fields(m)
    type_idx = find_doc_type(paras)[1]
    lead = [p.strip()[:HEADER_LINE_MAX * 2] for p in paras[:type_idx if type_idx > 0 else 3]]
    if any(_FULL_TEXT.search(p) for p in lead):
        for p in lead:
            for rx in (_LEAD_SHOWN, _LEAD_ISSUED):
                if (found := rx.search(p)) is not None and (fields := _lead_fields(found)) is not None:
                    return fields
    own_title = find_title(paras, type_idx) if type_idx > 0 else None
    if own_title and (h := _HEADLINE.match(paras[0].strip())) is not None:
        said, own = h.group("title").casefold(), own_title.casefold()
        if own.startswith(said[:40]) or said.startswith(own[:40]):
            return {"kind": h.group("kind").upper(), "number": normalise_ref(h.group("num")), "date": "",
                    "year": "", "issuer": "", "title": "", "headline": "yes"}
    return None


def _clause_kind(paras: list[str], body_start: int) -> tuple[str | None, str | None]:
    """(document kind, own number) from the issuing clause of a text that lost its type line: "Ban
    Thường vụ Tỉnh ủy ban hành Chương trình hành động …" → CHƯƠNG TRÌNH HÀNH ĐỘNG; "Tỉnh ủy X ban hành
    Kế hoạch 359-KH/TU" also gives the number, when its symbol names that kind; "căn cứ lập kế hoạch"
    names the kind too."""
    preamble = "\n".join(p[:HEADER_LINE_MAX * 4] for p in paras[:max(body_start, 1) + 1])
    for m in _CLAUSE_KIND.finditer(preamble):
        who = m.group("who").strip()
        if _NOT_ISSUER.match(who) or _CITED.search(who):
            continue
        kind = m.group("kind").upper()
        number = None
        if m.group("num") and type_from_number(normalise_ref(m.group("num"))) == kind.replace(" HÀNH ĐỘNG", ""):
            number = normalise_ref(m.group("num"))
        return kind, number
    basis = _BASIS_KIND.search(preamble)
    return (basis.group(1).upper(), None) if basis else (None, None)


_ELECTION = re.compile(r"\bbầu cử\b", re.I)
_TERM = re.compile(rf"nhiệm kỳ\s+{_YEAR}\s*[-–—]\s*{_YEAR}", re.I)


def _title_years(title: str) -> tuple[int | None, int | None]:
    """(start, end) a title states: a range gives both, "đến năm" the end; "đến năm 2025, định hướng
    đến năm 2030" ends in 2030 (the latest year the plan runs to), a vision ("tầm nhìn đến năm 2045")
    is not its period; a year alone ("năm 2025") is both."""
    t = _WORD_DATE.sub("", _VISION.sub("", title))
    if _ELECTION.search(t):  # "… bầu cử đại biểu Hội đồng nhân dân các cấp, nhiệm kỳ 2021-2026": the term of
        t = _TERM.sub("", t)  # those elected, not the span of the plan that prepares the election
    ranges = [(int(a), int(b)) for a, b in _RANGE_YEARS.findall(t)]
    untils = [int(y) for y in _UNTIL_YEAR.findall(t)]
    if ranges or untils:
        end = max([b for _, b in ranges] + untils)
        return (ranges[0][0] if ranges else None), end
    if (m := _PLAIN_YEAR.search(t)) is not None:
        return int(m.group(1)), int(m.group(1))
    return None, None


def find_period(title: str | None, text: str, date_year: int | None,
                stage_headings: list[str], own_document: bool = True) -> dict[str, int | None]:
    """Plan period {start, end} from the title (or, for a decision, the plan its Điều 1 carries), the
    stage headings of its targets, its date and, for a document with its own type line whose date was
    left blank, the dates it cites and the deadlines it sets. A page quoting a plan without its
    header (``own_document`` False) gets no guessed start."""
    start, end = _title_years(title or "")
    if end is None and (carried := _CARRIED.search(text) or _CAPTIONED.search(text)) is not None:
        c_start, end = _title_years(carried.group("plan"))
        start = start or (c_start if end is not None else None)
    if end is None:
        years = []
        for h in stage_headings:
            h = _VISION.sub("", h)
            years += [int(y) for y in re.findall(r"(?<![/\d])(20\d\d)(?!\s*/)", h)]
            if start is None and date_year is None and (r := _RANGE_YEARS.search(h)) is not None:
                start = int(r.group(1))  # "Các chỉ tiêu chủ yếu (nhiệm kỳ 2020-2025)": the plan's own span
        end = max(years) if years else None
    if start is None:
        if date_year:
            start = date_year
        elif own_document:
            cited = [int(m.group(1)) for r in REF.finditer(text)
                     if (m := _REF_DATE.match(text, r.end())) is not None]
            start = max(cited) if cited else None
            near = [int(y) for y in _NEAR_DEADLINE.findall(text)]
            later = [y for y in near if start is None or y > start]
            if later and (start is None or min(later) - start <= 1):
                start = min(later)
    if start and date_year and start < date_year:
        start = date_year  # "Triển khai Chương trình … giai đoạn 2021-2025", signed in 2024: the plan runs from 2024
    if start and end and start > end:
        start = end
    return {"start": start, "end": end}


# a date line opens with its place, its day, month or year perhaps left blank ("Hà Nội, ngày    tháng …")
_DATE_WORDS = re.compile(r"^\W*[^\d,|:;]{2,50}?\s*,\s*ngày\b", re.I)


def _type_alone(line: str) -> bool:
    """The type stands on its own line, as a document sets it over its title ("KẾ HOẠCH" / "Thực hiện …")."""
    m = _DOC_TYPE.match(line.strip())
    return m is not None and not line.strip()[m.end():].strip(" :-–*")


def _has_header(paras: list[str]) -> bool:
    """The document keeps its header: a number line (its number perhaps left blank) or a date line. A
    page whose type is only the start of its headline ("CHƯƠNG TRÌNH HÀNH ĐỘNG Thực hiện …" on one line
    over the body) and has neither lost the header: the dates it cites are not its own."""
    lines = _header_lines(paras, 25)
    return any(_HEADER_NUMBER.match(s) or _BLANK_NUMBER.match(s) or _DATE_WORDS.search(s) for s in lines)


def build_meta(paras: list[str], body_start: int, stage_headings: list[str]) -> dict:
    """The ``meta`` object of the plan schema."""
    doc_type, type_idx = find_doc_type(paras)
    title = find_title(paras, type_idx)
    number = find_number(paras)
    if doc_type is None:  # a web copy lost the type line: the issuing clause, else the symbol, names it
        kind, own = _clause_kind(paras, body_start)
        number = number or own
        symbol_kind = type_from_number(number) if number else None
        doc_type = kind if kind and (own or not symbol_kind or symbol_kind in kind) else None
        doc_type = doc_type or (type_from_number(number) if number else None)
    place, date, year = find_date_line(paras)
    if title is None and type_idx < 0:
        title = _title_under_header(paras)
    issuer = find_issuer(paras, type_idx, body_start, place)
    lead = lead_name(paras) if not find_number(paras) else None
    if lead is not None:  # no header: the page's lead names the document
        doc_type, number, title = doc_type or lead["kind"], lead["number"], title or lead["title"] or None
        date, issuer = date or lead["date"] or None, issuer or lead["issuer"] or None
        year = year or (int(lead["year"]) if lead["year"] else None)
    text = "\n".join(paras)
    refs = find_references("\n".join(([title] if title else []) + [text]), own=number)
    return {
        "doc_type": doc_type,
        "number": number,
        "issuer": issuer,
        "place": place,
        "issued_date": date,
        "title": title,
        # a page naming the document in its headline quotes it: the dates it cites are not the plan's
        "period": find_period(title, text, year, stage_headings,
                              own_document=((type_idx >= 0 and (_type_alone(paras[type_idx]) or _has_header(paras)))
                                            or lead is not None)
                              and not (lead or {}).get("headline")),
        "references": refs,
    }
