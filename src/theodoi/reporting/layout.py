"""The administrative frame of a report: who issues it, its number, who signs, who receives it.

Pure functions of plain values. State bodies follow Decree 30/2020/NĐ-CP, Party bodies
Hướng dẫn 36-HD/VPTW. :data:`RULES` is the table of the kinds of issuing body (UBND xã,
phường, tỉnh, a Sở, the Thanh tra, an office of a commune, a Ban Chỉ đạo, the Mặt trận, an Đảng
ủy xã, the Tỉnh ủy, a Huyện ủy, a Ban or Ủy ban Kiểm tra of a committee …): for each its
header, symbol, collective body (TM.), head's post and the fixed part of "Nơi nhận";
:func:`kind_of` picks the row for a unit, :func:`frame_for` fills it in.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache

from theodoi.domain import text as vi_text

_GOVERNMENTS = ("commune", "province", "district")
_SMALL_WORDS = {"và", "-", "của"}
BLANK = "\u00a0" * 8  # the number is written in by the clerk at registration
HEADER_WIDTH_MM = 62.0  # the left column of the header is 64 mm; a name wraps where an officer would
CENTRAL_PARTY = "Ban Chấp hành Trung ương Đảng"


@dataclass(frozen=True)
class UnitInfo:
    """What the frame needs to know about the issuing unit."""

    name: str
    kind: str
    parent_name: str = ""
    parent_kind: str = ""
    province_name: str = ""
    commune_name: str = ""  # the commune a unit lies in (for offices, party committees)


@dataclass(frozen=True)
class Rule:
    """One kind of issuing body (a row of the table in docs/reports.md)."""

    key: str
    label: str
    party: bool
    symbol: str  # "UBND", "SKHCN", "TU", "ĐU", or "*" for the initials of the body's name
    collective: str  # the body signed for with TM./T/M ("" when the head signs in own name)
    head: str  # the head's post: "CHỦ TỊCH", "GIÁM ĐỐC", "BÍ THƯ"
    parent: str  # "": none; "government": UBND of the parent; "party_province": ĐẢNG BỘ TỈNH …;
    # "party_parent": ĐẢNG BỘ of the parent committee; "front_province": ỦY BAN MTTQ … TỈNH …
    copies: tuple[str, ...]  # the fixed lines of "Nơi nhận" after the recipient ({level}: xã, tỉnh)
    archive: str  # the last line of "Nơi nhận"


RULES: dict[str, Rule] = {r.key: r for r in (
    Rule("ubnd_xa", "UBND xã, phường, đặc khu", False, "UBND", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "",
         ("Sở Khoa học và Công nghệ", "Thường trực Đảng ủy, HĐND {level}", "Chủ tịch, các PCT UBND {level}"),
         "Lưu: VT."),
    Rule("ubnd_tinh", "UBND tỉnh, thành phố", False, "UBND", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "",
         ("Thường trực Tỉnh ủy, HĐND {level}", "Chủ tịch, các PCT UBND {level}", "Sở Khoa học và Công nghệ"),
         "Lưu: VT."),
    Rule("ubnd_huyen", "UBND huyện (trước 01/7/2025)", False, "UBND", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "",
         ("Thường trực Huyện ủy, HĐND {level}", "Chủ tịch, các PCT UBND {level}"), "Lưu: VT."),
    Rule("so", "Sở, ban, ngành tỉnh", False, "*", "", "GIÁM ĐỐC", "government",
         ("Giám đốc, các Phó Giám đốc Sở",), "Lưu: VT."),
    Rule("thanh_tra", "Thanh tra tỉnh", False, "TTr", "", "CHÁNH THANH TRA", "government",
         ("Chánh Thanh tra, các Phó Chánh Thanh tra",), "Lưu: VT."),
    Rule("van_phong", "Văn phòng UBND, Văn phòng HĐND và UBND", False, "VP", "", "CHÁNH VĂN PHÒNG", "government",
         (), "Lưu: VT."),
    Rule("trung_tam", "Trung tâm", False, "*", "", "GIÁM ĐỐC", "government", (), "Lưu: VT."),
    Rule("phong", "Phòng thuộc UBND xã", False, "*", "", "TRƯỞNG PHÒNG", "government", (), "Lưu: VT."),
    Rule("cong_an", "Công an xã", False, "CAX", "", "TRƯỞNG CÔNG AN", "government", (), "Lưu: VT."),
    Rule("ban_chi_dao", "Ban Chỉ đạo", False, "BCĐ", "", "TRƯỞNG BAN", "government",
         ("Các thành viên Ban Chỉ đạo",), "Lưu: VT."),
    Rule("mttq", "Ủy ban Mặt trận Tổ quốc", False, "MTTQ", "BAN THƯỜNG TRỰC", "CHỦ TỊCH", "front_province",
         (), "Lưu: VT."),
    Rule("co_quan", "Cơ quan, đơn vị khác", False, "*", "", "THỦ TRƯỞNG", "government", (), "Lưu: VT."),
    Rule("tinh_uy", "Tỉnh ủy, Thành ủy (Ban Thường vụ)", True, "TU", "BAN THƯỜNG VỤ", "BÍ THƯ", "",
         ("Các đồng chí Tỉnh ủy viên",), "Lưu Văn phòng Tỉnh ủy."),
    Rule("huyen_uy", "Huyện ủy (trước 01/7/2025)", True, "HU", "BAN THƯỜNG VỤ", "BÍ THƯ", "party_province",
         ("Các đồng chí Huyện ủy viên",), "Lưu Văn phòng Huyện ủy."),
    Rule("dang_uy", "Đảng ủy xã, phường", True, "ĐU", "BAN THƯỜNG VỤ", "BÍ THƯ", "party_province",
         ("Các đồng chí Đảng ủy viên",), "Lưu Văn phòng Đảng ủy."),
    Rule("ubkt", "Ủy ban Kiểm tra của cấp ủy", True, "UBKT", "ỦY BAN KIỂM TRA", "CHỦ NHIỆM", "party_parent",
         (), "Lưu Ủy ban Kiểm tra."),
    Rule("ban_dang", "Ban của cấp ủy (Ban Xây dựng Đảng …)", True, "*", "", "TRƯỞNG BAN", "party_parent",
         (), "Lưu Văn phòng."),
)}


def kind_of(info: UnitInfo) -> Rule:
    """The row of :data:`RULES` for the issuing unit (by its kind, then the first words of its name)."""
    low = info.name.lower()
    if info.kind == "party":
        for start, key in (("tỉnh ủy", "tinh_uy"), ("tỉnh uỷ", "tinh_uy"), ("thành ủy", "tinh_uy"),
                           ("ban thường vụ tỉnh", "tinh_uy"), ("huyện ủy", "huyen_uy"), ("huyện uỷ", "huyen_uy"),
                           ("ủy ban kiểm tra", "ubkt"), ("uỷ ban kiểm tra", "ubkt"), ("ban ", "ban_dang")):
            if low.startswith(start):
                return RULES[key]
        return RULES["dang_uy"]
    if info.kind in ("commune",):
        return RULES["ubnd_xa"]
    if info.kind == "province":
        return RULES["ubnd_tinh"]
    if info.kind == "district":
        return RULES["ubnd_huyen"]
    if info.kind == "front":
        return RULES["mttq"]
    if info.kind == "steering":
        return RULES["ban_chi_dao"]
    for start, key in (("sở ", "so"), ("thanh tra", "thanh_tra"), ("văn phòng", "van_phong"),
                       ("trung tâm", "trung_tam"), ("phòng ", "phong"), ("công an", "cong_an")):
        if low.startswith(start):
            return RULES[key]
    return RULES["co_quan"]


@dataclass
class Frame:
    party: bool
    parent_body: str
    issuing_body: list[str]
    symbol: str  # "BC-UBND" / "BC/ĐU"
    place: str
    collective: str  # "ỦY BAN NHÂN DÂN" after TM.; "" when the head signs in own name
    head_title: str  # "CHỦ TỊCH", "GIÁM ĐỐC", "BÍ THƯ"
    recipients: list[str] = field(default_factory=list)
    kind: str = ""  # the key of the rule in RULES

    def as_dict(self) -> dict:
        return asdict(self)


def upper_vi(text: str) -> str:
    return " ".join(text.upper().split())


def place_name(name: str) -> str:
    """"Xã Bình Lư" -> "Bình Lư", "Tỉnh Lai Châu" -> "Lai Châu" (``domain.text.place_name``)."""
    return vi_text.place_name(name)


def abbreviation(name: str) -> str:
    """Initials of a body's name: "Sở Khoa học và Công nghệ" -> "SKHCN", "Phòng Văn hóa - Xã hội" -> "VHXH"."""
    words = [w for w in re.split(r"[\s,]+", name) if w and w.lower() not in _SMALL_WORDS]
    if words and words[0].lower() == "phòng":
        words = words[1:]
    letters = "".join(w[0] for w in words if w[0].isalpha())
    return upper_vi(letters) or "BC"


def _level_word(name: str) -> str:
    """"Xã Bình Lư" -> "xã", "Thành phố Hà Nội" -> "thành phố" ("" when the name has no level)."""
    return vi_text.level_word(name)


def government_name(info_name: str) -> str:
    """"Xã An Bình" -> "ỦY BAN NHÂN DÂN XÃ AN BÌNH" (the body that governs a place)."""
    return "ỦY BAN NHÂN DÂN " + upper_vi(info_name)


@cache
def _width_mm(text: str, bold: bool = True) -> float:
    """The printed width at 13 pt (Liberation Serif = Times New Roman metrics, both formats)."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from theodoi.reporting.pdf_builder import FAMILY, register_fonts

    register_fonts()
    return float(stringWidth(text, FAMILY + ("-Bold" if bold else ""), 13) / mm)


def wrap_name(text: str, width_mm: float = HEADER_WIDTH_MM, bold: bool = True) -> list[str]:
    """A body's name in header lines that fit, broken where an officer breaks it: before "VÀ", after a
    comma or a dash, or before a place ("TỈNH …"), never inside a word pair ("CÔNG / NGHỆ")."""
    if _width_mm(text, bold) <= width_mm:
        return [text]
    words = text.split()
    good = [i for i in range(1, len(words))
            if words[i] in ("VÀ", "TỈNH", "XÃ", "PHƯỜNG", "HUYỆN", "THÀNH") or words[i - 1].endswith((",", "-"))
            or words[i - 1] == "-"]
    for i in sorted(good, key=lambda i: abs(_width_mm(" ".join(words[:i]), bold)
                                            - _width_mm(" ".join(words[i:]), bold))):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if _width_mm(head, bold) <= width_mm:
            return [head, *wrap_name(tail, width_mm, bold)]
    # no natural break fits: balanced by words
    best = min(range(1, len(words)), key=lambda i: max(_width_mm(" ".join(words[:i]), bold),
                                                         _width_mm(" ".join(words[i:]), bold)))
    return [" ".join(words[:best]), *wrap_name(" ".join(words[best:]), width_mm, bold)]


def _gov(name: str, kind: str) -> str:
    """How the text names a body: a government by its People's Committee ("UBND xã Bình Lư")."""
    return f"UBND {name[0].lower()}{name[1:]}" if kind in _GOVERNMENTS and name else name


def _party_org(committee: str) -> str:
    """"Đảng ủy xã Bum Nưa" -> "ĐẢNG BỘ XÃ BUM NƯA" (the Party organisation a committee leads)."""
    words = committee.split(" ", 2)
    rest = words[2] if len(words) > 2 and words[0].lower() == "đảng" else committee
    return "ĐẢNG BỘ " + upper_vi(rest)


def _parent_line(rule: Rule, info: UnitInfo) -> str:
    if rule.parent == "government" and info.parent_name:
        return upper_vi(_gov(info.parent_name, info.parent_kind))
    if rule.parent == "party_province" and info.province_name:
        return f"ĐẢNG BỘ TỈNH {upper_vi(place_name(info.province_name))}"
    if rule.parent == "party_parent" and info.parent_name:
        return _party_org(info.parent_name)
    if rule.parent == "front_province" and info.province_name:
        return f"ỦY BAN MTTQ VIỆT NAM TỈNH {upper_vi(place_name(info.province_name))}"
    return ""


def _issuing_lines(rule: Rule, info: UnitInfo) -> list[str]:
    if rule.key in ("ubnd_xa", "ubnd_tinh", "ubnd_huyen"):
        return ["ỦY BAN NHÂN DÂN", *wrap_name(upper_vi(info.name))]
    name = upper_vi(info.name)
    if rule.key == "ubkt":  # "ỦY BAN KIỂM TRA ĐẢNG ỦY" under "ĐẢNG BỘ XÃ …": the body is the committee's
        name = "ỦY BAN KIỂM TRA"
    if rule.key == "tinh_uy" and name.startswith("BAN THƯỜNG VỤ"):
        name = "TỈNH ỦY " + upper_vi(place_name(info.province_name or info.parent_name))
    return wrap_name(name)


def frame_for(info: UnitInfo, recipient: str = "", recipient_kind: str = "") -> Frame:
    """The frame of a report issued by ``info``'s unit and sent to ``recipient`` (its reporting line)."""
    rule = kind_of(info)
    symbol_body = abbreviation(info.name) if rule.symbol == "*" else rule.symbol
    if rule.key == "ban_dang":
        symbol_body = "B" + abbreviation(info.name[4:] if info.name.lower().startswith("ban ") else info.name)
    place = place_name(info.name) if rule.key.startswith("ubnd") else place_name(
        info.commune_name or info.province_name or info.name)
    return Frame(
        party=rule.party, parent_body=_parent_line(rule, info), issuing_body=_issuing_lines(rule, info),
        symbol=f"BC/{symbol_body}" if rule.party else f"BC-{symbol_body}", place=place,
        collective=rule.collective, head_title=rule.head,
        recipients=_recipients(rule, info, recipient, recipient_kind), kind=rule.key,
    )


def _recipients(rule: Rule, info: UnitInfo, recipient: str, recipient_kind: str) -> list[str]:
    """"Nơi nhận": the body the report goes to (b/c), the rule's copies, the archive; never itself."""
    sep = "," if rule.party else ";"
    if not recipient:
        recipient, recipient_kind = info.parent_name, info.parent_kind
        if rule.key == "ubnd_tinh" and not recipient:
            recipient = "Bộ Khoa học và Công nghệ"
    out: list[str] = []
    if recipient and recipient != info.name:  # a report is never sent to its own body
        if rule.party:
            out += _party_recipient(recipient)
        else:
            above = _gov(recipient, recipient_kind)
            out.append(f"{above[0].upper()}{above[1:]} (b/c){sep}")
    level = _level_word(info.name) or _level_word(info.commune_name) or "xã"
    for copy in rule.copies:
        text = copy.format(level=level)
        if text.lower() not in recipient.lower() and text != info.name:
            out.append(f"{text}{sep}")
    out.append(rule.archive)
    return out


def _party_recipient(recipient: str) -> list[str]:
    """A Party report goes to the standing committee of the body above (HD 36: "Ban Thường vụ Tỉnh ủy")."""
    if recipient == CENTRAL_PARTY:
        return ["Bộ Chính trị, Ban Bí thư (b/c),", "Văn phòng Trung ương Đảng,"]
    low = recipient.lower()
    if low.startswith(("tỉnh ủy", "tỉnh uỷ", "thành ủy", "huyện ủy", "huyện uỷ")):
        return [f"Ban Thường vụ {recipient.split(' ', 2)[0]} {recipient.split(' ', 2)[1]} (b/c),"]
    if low.startswith(("đảng ủy", "đảng uỷ")):
        return ["Ban Thường vụ Đảng ủy (b/c),"]
    return [f"{recipient} (b/c),"]


def number_text(number: str) -> str:
    """Decree 30 and HD 36: a number below 10 is written with a leading zero ("01")."""
    return number.zfill(2) if number.isdigit() else number


def number_line(frame: Frame | dict, number: str = "") -> str:
    """"Số: 01/BC-UBND" (State) or "Số 01-BC/ĐU" (Party); blank number before registration."""
    party = frame["party"] if isinstance(frame, dict) else frame.party
    symbol = frame["symbol"] if isinstance(frame, dict) else frame.symbol
    shown = number_text(number) if number else BLANK
    if party:
        return f"Số {shown}-{symbol}"
    return f"Số: {shown}/{symbol}"


def signing_title(frame: dict, signer_title: str) -> str:
    """The title as printed above a signature: the post, not the body it belongs to.

    The body is already in the header, so "Chủ tịch UBND xã" signs as "CHỦ TỊCH", "Phó Giám đốc
    Sở …" as "PHÓ GIÁM ĐỐC"; any other title (e.g. "Chánh Văn phòng" by order) is kept whole.
    """
    title = " ".join(upper_vi(signer_title).split())
    head = frame["head_title"]
    for post in (f"PHÓ {head}", head):
        if title == post or title.startswith(post + " "):
            return post
    if title.startswith("QUYỀN "):
        return title
    return title or head


def signature_lines(frame: dict, mode: str, signer_title: str) -> list[str]:
    """The authority lines above the signature (bold, upper case).

    ``mode`` TM (on behalf of the collective), KT (deputy signing for the head), TL
    (by order), Q (acting head), or blank (the head signs). A deputy title ("Phó …") gets KT.
    (State; a Party deputy signs "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ", HD 36); "Quyền Giám đốc" signs
    "Q. GIÁM ĐỐC".
    """
    title = signing_title(frame, signer_title)
    party = frame["party"]
    tm, kt, tl = ("T/M", "K/T", "T/L") if party else ("TM.", "KT.", "TL.")
    head = frame["head_title"]
    if title.startswith("QUYỀN ") or mode == "Q":
        post = title[len("QUYỀN "):] if title.startswith("QUYỀN ") else head
        above = [f"{tm} {frame['collective']}"] if mode == "TM" and frame["collective"] else []
        return above + [f"Q. {post}"]
    lines: list[str] = []
    deputy = title.startswith("PHÓ")
    if mode == "TM" and frame["collective"]:
        lines.append(f"{tm} {frame['collective']}")
        if deputy and not party:
            lines.append(f"{kt} {head}")
    elif mode == "KT" or (deputy and mode != "TL"):
        lines.append(f"{kt} {head}")
    elif mode == "TL":
        lines.append(f"{tl} {head}")
    lines.append(title)
    return lines
