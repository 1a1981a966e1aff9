"""Assignments: one per numbered item of the implementation section.

The unit is the item's heading (without "Đề nghị"/"Giao"), or, when the item
is a sentence, its grammatical subject: the words before the first duty verb.
A dash sub-item that itself starts with a unit name also counts, and so does a
plain paragraph led by a unit when the section numbers nothing (one paragraph
per body: "Sở X chủ trì …; các sở, ngành … phối hợp").
"""

from __future__ import annotations

import re

from .outline import Node, find_article_section, find_section, is_heading_shape, split_title

IMPL_ROOT = re.compile(r"tổ chức thực hiện|trách nhiệm thực hiện|phân công trách nhiệm|"
                       r"tổ chức triển khai|trách nhiệm của các", re.I)
_VERBS = ("chủ trì", "phối hợp", "tổ chức", "xây dựng", "tăng cường", "căn cứ", "tham mưu",
          "triển khai", "thực hiện", "có trách nhiệm", "chịu trách nhiệm", "chỉ đạo", "hướng dẫn",
          "theo dõi", "phổ biến", "quán triệt", "tuyên truyền", "đẩy mạnh", "chủ động", "bố trí",
          "nghiên cứu", "rà soát", "kiểm tra", "giám sát", "đôn đốc", "vận động", "phát huy",
          "nâng cao", "bảo đảm", "đảm bảo", "cập nhật", "tiếp tục", "là cơ quan", "tập trung",
          "hỗ trợ", "cung cấp", "ban hành", "thường xuyên", "định kỳ", "lãnh đạo", "quan tâm",
          "ưu tiên", "khẩn trương", "nghiêm túc", "tích cực", "lựa chọn", "hoàn thành", "đề xuất",
          "báo cáo", "tổng hợp", "làm đầu mối", "giúp", "căn cứ vào", "gửi", "kịp thời",
          # "Các bộ, cơ quan ngang bộ theo chức năng, nhiệm vụ được giao chủ động …": the manner closes the subject
          "theo chức năng", "theo nhiệm vụ")
_VERB_RE = re.compile(r"(?<![\w])(" + "|".join(sorted(_VERBS, key=len, reverse=True)) +
                      r")(?![\w])", re.I)
# "các bộ" (the ministries) heads a list of addressees as "các sở" does
UNIT_HEAD = re.compile(
    r"^(?:[Cc]ác\s+bộ\b|(?:[Cc]ác\s+)?(?:Ủy ban|Uỷ ban|UBND|Ủy ban nhân dân|HĐND|Hội đồng|Ban|Sở|Phòng|Văn phòng|"
    r"Trung tâm|Công an|Quân sự|Ban Chỉ huy|Đoàn|Hội|Mặt trận|MTTQ|Trường|Trạm|Bưu điện|"
    r"Ngân hàng|Chi cục|Cục|Viện|Đài|Báo|Tỉnh đoàn|Liên đoàn|Huyện ủy|Huyện uỷ|Thành ủy|Tỉnh ủy|"
    r"Đảng ủy|Đảng uỷ|Chi bộ|Chi, đảng bộ|Chi, Đảng|Tổ|Thủ trưởng|Trưởng|Chủ tịch|Người đứng đầu|"
    r"cơ quan|đơn vị|doanh nghiệp|phòng|ban|sở|Bộ|Thanh tra|Kho bạc|Chi nhánh|Lãnh đạo|"
    r"Ủy ban Kiểm tra|Bí thư|Đảng bộ|Cơ quan|Đơn vị|Doanh nghiệp|Hợp tác xã|Tập đoàn|Tổng công ty|"
    r"Công ty|Viettel|VNPT|Bưu chính|Thường trực|[Bb]ộ phận|Chủ nhiệm|[Tt]hành viên|[Đđ]ại biểu|"
    r"Thông tấn xã)\b)")
_UNIT_NOUN_BEFORE = re.compile(r"(?:Ban|Phòng|Ủy ban|Uỷ ban|Sở|Trung tâm|Tổ|Hội|Đoàn|Cục|Vụ|Văn phòng|"
                               r"Ban Chỉ)\s*$")
_NOUN_CONTEXT = re.compile(r"(?:các|những|và|cho|của|với)\s*$", re.I)
_BODY_PAIR = re.compile(r"\bcơ quan,\s*$", re.I)
_ORG_KIND = re.compile(r"\s+(?:xã hội|chính trị|hữu quan|liên quan|đoàn thể|phi chính phủ|quốc tế|tín dụng|"
                       r"kinh tế|cá nhân)\b", re.I)
# "Căn cứ chức năng, nhiệm vụ, quyền hạn được giao, …", "Căn cứ theo chức năng nhiệm vụ và quyền hạn, …": the
# basis a body acts on is one phrase, its list of powers included, and no part of the unit or its duties
_PREFIX = re.compile(r"^(?:Đề nghị|đề nghị|Giao cho|Giao|Yêu cầu|Trách nhiệm của|Nhiệm vụ của|"
                     r"Căn cứ\s+(?:(?:vào|theo)\s+)?(?:chức\s+năng,?\s+(?:và\s+)?nhiệm\s+vụ"
                     r"(?:(?:,|\s+và)\s+quyền\s+hạn)?(?:\s+được\s+giao)?|[^,]{0,80}?được giao)\s*,?)\s*")
# what an item may open with that is no body: the plan, its contents, its activities ("Các hoạt động tại
# mục II … được thực hiện theo …")
_NOT_UNIT = re.compile(r"^(?:Kế hoạch|Quyết định|Nghị quyết|Chương trình|Trong quá trình|Trên đây|"
                       r"Nội dung|Các nội dung|Việc|Quá trình|Kinh phí|Định kỳ|Hằng năm|Hàng năm|"
                       r"(?:Các\s+)?[Hh]oạt động|Các nhiệm vụ|Các chương trình|Các dự án)\b")
# a body addressed with "Đề nghị" (Fatherland Front, mass organisations) is asked to support
_ASKED = re.compile(r"^\s*(?:Đề nghị|đề nghị|ĐỀ NGHỊ)\b")
CHAIR = re.compile(r"\bchủ trì\b|cơ quan thường trực|là (?:cơ quan )?đầu mối|chỉ đạo, đôn đốc|"
                   r"điều phối chung|phân công rõ trách nhiệm|phân công nhiệm vụ|"
                   r"lãnh đạo, chỉ đạo (?:việc )?(?:tổ chức )?(?:triển khai|thực hiện)", re.I)


# "Chính phủ trân trọng đề nghị Ban A, Mặt trận Tổ quốc … phối hợp …", "Ủy ban nhân dân tỉnh đề nghị Ủy ban
# Mặt trận …": the issuing body's request; the bodies it addresses are the item's units
_REQUEST = re.compile(r"^(?P<who>\S+(?:\s+[^\s,;:.]+){0,7}?)\s+(?:trân trọng\s+|kính\s+)?đề nghị\s+")


def past_request(text: str) -> str:
    """The item's sentence past a leading request of the plan's own body ("Chính phủ trân trọng đề
    nghị Ban A, … phối hợp …" → "Ban A, … phối hợp …") when a body is addressed; else the text."""
    text = text.strip()
    m = _REQUEST.match(text)
    if m and m.group("who")[:1].isupper() and not _VERB_RE.search(m.group("who")) and \
            UNIT_HEAD.match(text[m.end():]):
        return text[m.end():]
    return text


def subject_unit(text: str) -> str | None:
    """Words before the first duty verb, when they look like a unit name."""
    text = _PREFIX.sub("", past_request(text))
    for m in _VERB_RE.finditer(text):
        if m.start() == 0:
            return None
        before = text[:m.start()]
        word = m.group(1)
        if word[0].isupper() and _UNIT_NOUN_BEFORE.search(before):
            continue
        if word.lower() == "tổ chức" and (_NOUN_CONTEXT.search(before) or _BODY_PAIR.search(before)
                                           or _ORG_KIND.match(text, m.end())):
            continue  # "các cơ quan, tổ chức hữu quan", "tổ chức xã hội": the noun, not the verb
        if word[0].isupper() and before.rstrip().endswith(",") and UNIT_HEAD.match(before.strip()):
            continue  # "Chủ nhiệm Văn phòng Quốc hội, Lãnh đạo các cơ quan …": a list of units goes on
        if word[0].isupper() and not before.rstrip().endswith((",", ":")) and \
                _NOUN_CONTEXT.search(before):
            continue
        unit = before.strip(" ,:;-")
        if unit and (len(unit.split()) <= 18 or len(split_units(clean_unit(unit))) > 1) \
                and not _NOT_UNIT.match(unit):
            return unit
        return None
    return None


# "Định kỳ 6 tháng, hằng năm, các sở, ngành báo cáo …": a period first, then the sentence's own subject
# and "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các sở, ngành kịp thời báo cáo …"
_LEAD_PERIOD = re.compile(r"^(?:(?:Định kỳ|định kỳ|Hằng|Hàng|Mỗi|Trước ngày|Chậm nhất)\b[^,]{0,60}"
                          r"(?:,\s*(?:hằng |hàng |mỗi |01 |một )?(?:năm|quý|tháng)\b[^,]{0,30})*,\s*|"
                          r"(?:Trong quá trình (?:tổ chức |triển khai )?(?:thực hiện|triển khai)[^,]{0,40},\s*)?"
                          r"(?:[Nn]ếu (?:có|phát sinh|gặp)[^,]{0,60}(?:khó khăn|vướng mắc)(?:,\s*vướng mắc)?"
                          r"[^,]{0,40},\s*))")
# headings of the implementation section that name no body: a group of units, or a rule for all
GROUP_HEAD = re.compile(r"^(?:Trách nhiệm|Nhiệm vụ|Phân công|Đối với|Các|Cấp|Khối)\b", re.I)
REPORT_HEAD = re.compile(r"^(?:Chế độ|Thông tin|Kiểm tra|Giám sát|Theo dõi|Sơ kết|Tổng kết|Kinh phí|"
                         r"Nguồn kinh phí|Khen thưởng|Tiến độ|Lộ trình|Công tác)\b", re.I)


def sentence_unit(sentence: str) -> str | None:
    """The unit a sentence names as its own subject, past a leading period ("Định kỳ 6 tháng,
    hằng năm, các sở, ngành báo cáo …" → "Các sở, ngành"), when it reads as a unit name."""
    text = _LEAD_PERIOD.sub("", sentence.strip(" -+•"), count=1)
    subj = subject_unit(text)
    if not subj:
        return None
    subj = clean_unit(subj)
    if not subj:
        return None
    head = re.sub(r"^[Cc]ác\s+", "", subj)  # "các tổ công nghệ số", "các bộ phận": the noun's own case
    return subj[0].upper() + subj[1:] if UNIT_HEAD.match(subj) or UNIT_HEAD.match(head[:1].upper() + head[1:]) \
        else None


# "Trên cơ sở nội dung Chỉ thị …, Kế hoạch hành động, các Bộ, … tổ chức …": the basis before the subject
_BASIS = re.compile(r"^\s*Trên cơ sở\b")
_COMMA = re.compile(r",\s+")


def past_basis(text: str) -> str:
    """The item's sentence from its subject on, past a leading basis ("Trên cơ sở nội dung Chỉ thị …,
    Kế hoạch hành động, các Bộ, … tổ chức …" → "các Bộ, … tổ chức …"). A basis that names bodies
    ("Trên cơ sở đề xuất của các bộ, …, Bộ Tài chính tổng hợp …") lists them up to the subject, the
    last name before the verb; a document of a body ("Chương trình hành động của Tỉnh ủy, Sở Y tế …")
    does not. The basis is a noun phrase: its "đề xuất" is no verb."""
    if not _BASIS.match(text):
        return text
    first = _COMMA.search(text)
    verb = _VERB_RE.search(text, first.end()) if first else None
    if verb is None:
        return text
    commas = list(_COMMA.finditer(text, 0, verb.start()))
    for comma in commas:
        rest = text[comma.end():]
        if not UNIT_HEAD.match(rest):
            continue
        governed = re.search(r"\b(?:đề xuất|đề nghị|ý kiến|báo cáo|kết quả)\s+của\s+(.*)$",
                             text[:comma.start()], re.I)
        if governed and UNIT_HEAD.match(governed.group(1)):
            return text[commas[-1].end():]
        return rest
    return text


# "Thành lập Ban Chỉ đạo … do Chủ tịch UBND làm Trưởng ban. Thành lập Hội đồng Tư vấn … với sự tham gia …":
# an item that sets up bodies names them; they carry out the plan
_FOUNDED = re.compile(r"(?:^|[.;]\s+)Thành lập\s+(?P<name>[^.;()]{4,200}?)(?=\s*[.;(]|,?\s+(?:do|với|gồm|"
                      r"để|nhằm|có|trực thuộc|làm)\s|$)")


def founded_units(text: str) -> list[str]:
    """The bodies an implementation item sets up ("Thành lập Ban Chỉ đạo …")."""
    if not text.lstrip(" -+•").startswith("Thành lập"):
        return []
    return [m.group("name").strip() for m in _FOUNDED.finditer(text.strip(" -+•"))
            if UNIT_HEAD.match(m.group("name").strip())]


# "Ban Thường vụ Tỉnh ủy, Thành ủy": a second committee kind shares the first one's head
_COMMITTEE = r"(?:Tỉnh|Thành|Huyện|Thị|Quận|Đảng) (?:ủy|uỷ)"
_SHARED_HEAD = re.compile(rf"\S\s+{_COMMITTEE}$")
# "…, Thông tấn xã Việt Nam và các cơ quan thông tấn, báo chí": the list's last two names
_LAST_AND = re.compile(r"\s+và\s+(?=(?:các\s+)?(?:cơ quan|đơn vị)\b|[A-ZĐ])")


def semicolon_halves(unit: str) -> list[str]:
    """"Các sở, ban, ngành tỉnh; Ủy ban nhân dân các xã, phường" → its two bodies, when every piece
    between semicolons names one; else ``[unit]``."""
    halves = [h.strip() for h in unit.split(";")]
    return halves if len(halves) > 1 and all(UNIT_HEAD.match(h) for h in halves) else [unit]


def split_units(unit: str) -> list[str]:
    """'Văn phòng, các phòng nghiệp vụ' → two units; 'Các Chi, Đảng uỷ…' stays. A list ends with "và"
    before its last name ("A, B, C và các cơ quan D"), which splits when both halves name bodies."""
    halves = semicolon_halves(unit)
    if len(halves) > 1:
        return [u for h in halves for u in split_units(h)]
    raw = [p.strip() for p in re.split(r",\s+", unit)]
    if any(len(p.split()) < 2 for p in raw):
        return [unit]  # "Các sở, ban, ngành, UBND các huyện": a list of kinds of bodies is one addressee
    parts: list[str] = []
    for p in raw:
        if parts and not _is_body(p) and (p[:1].islower() or _is_body(parts[-1])):
            # "các cơ quan, tổ chức hữu quan": one unit's own list; "Ban Chính sách, Chiến lược Trung
            # ương": a name that holds a comma (what follows names no kind of body)
            parts[-1] += ", " + p
        elif parts and re.fullmatch(_COMMITTEE, p) and _SHARED_HEAD.search(parts[-1]):
            parts[-1] += ", " + p
        else:
            parts.append(p)
    if len(parts) > 1:
        last = _LAST_AND.split(parts[-1], maxsplit=1)
        if len(last) == 2 and all(UNIT_HEAD.match(h) for h in last):
            parts[-1:] = last
    if len(parts) > 1 and all(_is_body(p) for p in parts):
        return [p[0].upper() + p[1:] for p in parts]
    return [unit]


# "…, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội": organisations named by their kind, one list item
_ORGS = re.compile(r"^các\s+tổ chức\s+(?!và\b|,)\S")


def _is_body(part: str) -> bool:
    return bool(UNIT_HEAD.match(part) or _ORGS.match(part))


def clean_unit(text: str) -> str:
    text = _PREFIX.sub("", text.strip())
    return text.rstrip(" .:;").strip()


def _summary(text: str, limit: int = 240) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def extract_assignments(nodes: list[Node], end: int) -> tuple[list[dict], list[tuple[str, str]]]:
    """Assignments, and (unit, text) pairs of every item for the reporting pass."""
    # a decision approving a plan may carry it as an article ("Điều 2. Tổ chức thực hiện" with items)
    sec = find_section(nodes, IMPL_ROOT, end) or find_article_section(nodes, IMPL_ROOT, end)
    if sec is None:
        return [], []
    root, stop = sec
    region = nodes[root.index + 1:stop]
    items: list[tuple[list[str], str]] = []
    report_pairs: list[tuple[str, str]] = []
    # a section of plain paragraphs, one per body ("Sở X chủ trì …", "Các sở, ngành … phối hợp")
    paragraphs = not any(n.numbered and n.depth == root.depth + 1 for n in region)
    item_kinds = ("bullet", "text") if paragraphs else ("bullet",)

    def unit_led(m: Node) -> bool:
        return m.kind in item_kinds and bool(subject_unit(m.text)) and \
            bool(UNIT_HEAD.match(clean_unit(subject_unit(m.text) or "")))

    depth = root.depth + 1
    starts: set[int] = set()
    report_only: list[int] = []
    for i, n in enumerate(region):
        if n.numbered and n.depth == depth:
            kids = []
            for j in range(i + 1, len(region)):
                m = region[j]
                if m.numbered and m.depth <= depth:
                    break
                if m.numbered and m.depth == depth + 1:
                    kids.append(j)
            title, after = split_title(n.text)
            heading = is_heading_shape(n.text) and not after
            if kids and heading and (GROUP_HEAD.match(n.text) or not UNIT_HEAD.match(clean_unit(n.text))) \
                    and any(_unit_item(region[j]) for j in kids):
                starts.update(kids)  # "1. Trách nhiệm của các sở, ngành" over "a) Sở X: …"
            elif REPORT_HEAD.match(n.text) and not UNIT_HEAD.match(clean_unit(title)):
                report_only.append(i)  # "4. Chế độ báo cáo": a rule for all, no body of its own
            else:
                starts.add(i)
        elif unit_led(n):
            starts.add(i)
    for i in report_only:  # each sentence of such a section is the duty of the unit it names
        for m in region[i + 1:]:
            if m.numbered and m.depth <= depth:
                break
            unit = sentence_unit(m.text)
            if unit:
                report_pairs.append((unit, m.text))
    for i, n in enumerate(region):
        if i not in starts:
            continue
        body = []
        for j in range(i + 1, len(region)):  # its lettered duties ("a) Là cơ quan thường trực …") are its body
            m = region[j]
            if (m.numbered and (m.depth <= n.depth or j in starts)) or \
                    (m.kind == "bullet" and subject_unit(m.text)) or unit_led(m):
                break
            body.append(m.text)
        title, after = split_title(n.text)
        units: list[str] = []
        if body and is_heading_shape(n.text) and not after:
            units = [clean_unit(n.text)]
        elif after and UNIT_HEAD.match(clean_unit(title)):
            # a heading names its bodies as written ("12. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, …:
            # …" is one entry); "Các sở, ban, ngành tỉnh; Ủy ban nhân dân các xã, phường: …" names two
            units = semicolon_halves(clean_unit(title))
        else:
            # past a leading circumstance ("Trong quá trình …, nếu có khó khăn, vướng mắc, các bộ phận …")
            led = _LEAD_PERIOD.match(n.text.strip(" -+•"))
            lead = sentence_unit(n.text) if led else None
            subj = None if led else subject_unit(past_basis(n.text))
            founded = founded_units(n.text)
            if founded:
                units = founded
            elif lead:
                units = [lead]
            elif subj:
                units = split_units(clean_unit(subj))
            elif body and len(n.text) <= 160:
                units = [clean_unit(n.text)]
        text = " ".join([n.text] + body)
        if units:
            items.append((units, text))
    partners = " ".join(re.findall(r"phối hợp với ([^;.]{0,120})", " ".join(t for _, t in items),
                                   flags=re.I)).lower()
    out: list[dict] = []
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for units, text in items:
        for unit in units:
            pairs.append((unit, text))
            key = unit.lower()
            if key in seen:
                continue
            seen.add(key)
            duties = text
            if duties.lower().startswith(unit.lower()) or unit in duties[:len(unit) + 40]:
                duties = duties[duties.find(unit) + len(unit):] if unit in duties else duties
            asked = past_request(text)
            if asked != text.strip():  # a request to bodies: the duties follow the bodies it lists
                subj = subject_unit(asked)
                duties = asked[len(subj):] if subj and asked.startswith(subj) else asked
            duties = _PREFIX.sub("", duties.strip(" .,:;-"))
            if duties.lower().startswith(unit.lower()):  # "Căn cứ …, Sở X chỉ đạo …": past the basis, the unit
                duties = duties[len(unit):].strip(" .,:;-")
            if CHAIR.search(text[:300]):
                role = "chủ trì"
            elif _ASKED.match(text) or asked != text.strip() or \
                    duties.lower().startswith("phối hợp") or \
                    re.sub(r"^các\s+", "", key) in partners:
                role = "phối hợp"
            else:
                role = "thực hiện"
            out.append({"unit": unit, "role": role, "duties": _summary(duties)})
    return out, pairs + report_pairs


def _unit_item(n: Node) -> bool:
    """An item of the implementation section that is led by a unit ("a) Sở X: …", "b) UBND các xã …")."""
    title, after = split_title(n.text)
    if after or is_heading_shape(n.text):
        return bool(UNIT_HEAD.match(clean_unit(title)))
    subj = subject_unit(n.text)
    return bool(subj and UNIT_HEAD.match(clean_unit(subj)))


def unit_headed_items(nodes: list[Node], span: tuple[int, int] | None) -> list[tuple[str, str]]:
    """(unit, text) of each heading of the tasks section that names a body ("a) Tổ đảng ở Thường trực Ủy
    ban X", "2. Sở Y:") with its body: a reporting duty written there ("định kỳ báo cáo … khi được yêu
    cầu") is that body's, for the reporting pass (the tasks section gives no assignments)."""
    if span is None:
        return []
    start, stop = span
    region = nodes[start + 1:stop]
    out: list[tuple[str, str]] = []
    for i, n in enumerate(region):
        if not n.numbered or not is_heading_shape(n.text):
            continue
        title, after = split_title(n.text)
        unit = clean_unit(title)
        if after or not UNIT_HEAD.match(unit) or subject_unit(unit):
            continue  # "1. Tăng cường …": a task; "Sở X chủ trì …": a sentence, not a heading
        body = []
        for m in region[i + 1:]:
            if m.numbered and m.depth <= n.depth:
                break
            body.append(m.text)
        out.append((unit, " ".join(body)))
    return out
