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
    r"(?P<place>[^\d,|:;]{2,50}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*"
    r"năm\s*(?P<y>\d{4})", re.IGNORECASE)
_HEADER_SKIP = re.compile(
    r"CỘNG HÒA|CỘNG HOÀ|^CHỦ NGHĨA VIỆT NAM|Độc lập|ĐỘC LẬP|ĐẢNG CỘNG SẢN|^Số\b|^SỐ\b|ngày .* tháng|"
    r"^\*|^-+$", re.I)
# an issuing clause that names the body without its place ("UBND tỉnh ban hành"): the header says more
_BARE_BODY = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+"
                        r"(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)$", re.I)
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
_NOT_ISSUER = re.compile(r"^(?:Thực hiện|Căn cứ|Để|Nhằm|Theo|Trên cơ sở|Xét)\b")
_YEAR = r"(20\d\d)"
_RANGE_YEARS = re.compile(rf"giai đoạn\s+{_YEAR}\s*[-–—]\s*{_YEAR}", re.I)
_UNTIL_YEAR = re.compile(rf"(?:đến|tới)\s+(?:hết\s+)?năm\s+{_YEAR}", re.I)
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
        return re.sub(r"\s*\((?:ban hành|kèm theo)[^)]*\)\s*$", "", s, flags=re.I)
    return _subject_line(paras[:type_idx])


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


def find_number(paras: list[str]) -> str | None:
    for line in _header_lines(paras, 25):
        m = OWN_NUMBER.match(line)
        if m:
            num = normalise_ref(m.group(1))
            return num if re.match(r"^\d", num) else None
    return None


def type_from_number(number: str) -> str | None:
    """The document kind its symbol names: "5349/QĐ-BYT" → "QUYẾT ĐỊNH"."""
    m = re.match(r"^\d+(?:/\d{4})?[/-]([A-Za-zĐđ]+)", number)
    return _SYMBOL_TYPES.get(m.group(1)) if m else None


def find_date_line(paras: list[str]) -> tuple[str | None, str | None, int | None]:
    """(place, ISO date or None, year) from 'X, ngày .. tháng .. năm ..'."""
    for line in _header_lines(paras, 30):
        m = _DATE_LINE.search(line)
        if not m:
            continue
        head = re.sub(r"^.*(?:\s{2,}|/[A-ZĐ-]+\s)", "", m.group("place")).strip(" -*_")
        place = re.sub(r"^(?:Số|SỐ)\s*:?.*?\s(?=[A-ZĐ])", "", head).strip() or None
        year = int(m.group("y"))
        date = None
        if m.group("d") and m.group("m"):
            d, mo = int(m.group("d")), int(m.group("m"))
            if 1 <= d <= 31 and 1 <= mo <= 12:
                date = f"{year:04d}-{mo:02d}-{d:02d}"
        return place, date, year
    return None, None, None


def find_issuer(paras: list[str], type_idx: int, body_start: int) -> str | None:
    """Issuer from the issuing clause, else from the document header."""
    preamble = "\n".join(paras[max(type_idx, 0):body_start])
    who = level = None
    for m in _ISSUING.finditer(preamble):
        cand = m.group("who").strip()
        if not _NOT_ISSUER.match(cand) and not _CITED.search(cand) and len(cand.split()) <= 12:
            who = cand
    bare = _BARE_BODY.match(who or "")
    if bare:
        who, level = None, bare.group(1).lower()
    if who:
        return re.sub(r"^(?:thì|nay|vì vậy|do đó)\s+", "", who, flags=re.I)
    header = []
    for line in _header_lines(paras, max(type_idx, 0) if type_idx > 0 else 8):
        s = line.strip(" *")
        if not s or _HEADER_SKIP.search(s) or _DOC_TYPE.match(s):
            continue
        letters = [c for c in s if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(s) < 80:
            header.append(s)
    if not header:
        return None
    # "ỦY BAN NHÂN DÂN" / "TỈNH X" is one name on two lines; "UBND TỈNH X" / "SỞ Y" is not
    if len(header) >= 2 and _LEVEL_LINE.match(header[-1]) and _BODY_LINE.match(header[-2]):
        return f"{header[-2]} {header[-1]}"
    if level and _BODY_LINE.match(header[-1]):  # the header lost its second line (web copies)
        place = find_date_line(paras)[0]
        return f"{header[-1]} {level} {place}" if place else header[-1]
    return header[-1]


def find_period(title: str | None, text: str, date_year: int | None,
                stage_headings: list[str]) -> dict[str, int | None]:
    """Plan period {start, end} from the title, stage headings, dates and deadlines."""
    start = end = None
    t = _VISION.sub("", title or "")
    if (m := _RANGE_YEARS.search(t)) is not None:
        start, end = int(m.group(1)), int(m.group(2))
    elif (m := _UNTIL_YEAR.search(t)) is not None:
        end = int(m.group(1))
    elif (m := _PLAIN_YEAR.search(re.sub(r"ngày\s+\d+/\d+/\d{4}", "", t))) is not None:
        start = end = int(m.group(1))
    if end is None:
        years = []
        for h in stage_headings:
            h = _VISION.sub("", h)
            years += [int(y) for y in re.findall(r"(?<![/\d])(20\d\d)(?!\s*/)", h)]
        end = max(years) if years else None
    if start is None:
        if date_year:
            start = date_year
        else:
            cited = [int(m.group(1)) for r in REF.finditer(text)
                     if (m := _REF_DATE.match(text, r.end())) is not None]
            start = max(cited) if cited else None
            near = [int(y) for y in _NEAR_DEADLINE.findall(text)]
            later = [y for y in near if start is None or y > start]
            if later and (start is None or min(later) - start <= 1):
                start = min(later)
    if start and end and start > end:
        start = end
    return {"start": start, "end": end}


def build_meta(paras: list[str], body_start: int, stage_headings: list[str]) -> dict:
    """The ``meta`` object of the plan schema."""
    doc_type, type_idx = find_doc_type(paras)
    title = find_title(paras, type_idx)
    number = find_number(paras)
    if doc_type is None and number:
        doc_type = type_from_number(number)
    place, date, year = find_date_line(paras)
    issuer = find_issuer(paras, type_idx, body_start)
    text = "\n".join(paras)
    refs = find_references("\n".join(([title] if title else []) + [text]), own=number)
    return {
        "doc_type": doc_type,
        "number": number,
        "issuer": issuer,
        "place": place,
        "issued_date": date,
        "title": title,
        "period": find_period(title, text, year, stage_headings),
        "references": refs,
    }
