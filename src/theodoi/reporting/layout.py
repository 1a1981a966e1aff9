"""The administrative frame of a report: who issues it, its number, who signs, who receives it.

Pure functions of plain values. State bodies follow Decree 30/2020/NĐ-CP; Party bodies
(unit kind ``party``) follow Hướng dẫn 36-HD/VPTW ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 12-BC/ĐU",
"T/M BAN THƯỜNG VỤ").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

_PLACE_PREFIXES = ("thành phố", "thị trấn", "đặc khu", "phường", "tỉnh", "xã", "huyện", "thị xã")
_GOVERNMENTS = ("commune", "province", "district")
_SMALL_WORDS = {"và", "-", "của"}
BLANK = "\u00a0" * 8  # the number is written in by the clerk at registration


@dataclass(frozen=True)
class UnitInfo:
    """What the frame needs to know about the issuing unit."""

    name: str
    kind: str
    parent_name: str = ""
    parent_kind: str = ""
    province_name: str = ""
    commune_name: str = ""  # the commune a unit lies in (for offices, party committees)


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

    def as_dict(self) -> dict:
        return asdict(self)


def upper_vi(text: str) -> str:
    return text.upper().replace("  ", " ").strip()


def place_name(name: str) -> str:
    """"Xã Bình Lư" -> "Bình Lư", "Tỉnh Lai Châu" -> "Lai Châu"."""
    low = name.lower()
    for prefix in sorted(_PLACE_PREFIXES, key=len, reverse=True):
        if low.startswith(prefix + " "):
            return name[len(prefix) + 1:].strip()
    return name.strip()


def abbreviation(name: str) -> str:
    """Initials of a body's name: "Sở Khoa học và Công nghệ" -> "SKHCN", "Phòng Văn hóa - Xã hội" -> "VHXH"."""
    words = [w for w in re.split(r"[\s,]+", name) if w and w.lower() not in _SMALL_WORDS]
    if words and words[0].lower() == "phòng":
        words = words[1:]
    letters = "".join(w[0] for w in words if w[0].isalpha())
    return upper_vi(letters) or "BC"


def _level_word(name: str) -> str:
    """"Xã Bình Lư" -> "xã", "Thành phố Hà Nội" -> "thành phố" ("" when the name has no level)."""
    low = name.lower()
    return next((p for p in sorted(_PLACE_PREFIXES, key=len, reverse=True) if low.startswith(p + " ")), "")


def government_name(info_name: str) -> str:
    """"Xã An Bình" -> "ỦY BAN NHÂN DÂN XÃ AN BÌNH" (the body that governs a place)."""
    return "ỦY BAN NHÂN DÂN " + upper_vi(info_name)


def frame_for(info: UnitInfo, recipient: str = "", recipient_kind: str = "") -> Frame:
    """The frame of a report issued by ``info``'s unit and sent to ``recipient`` (its reporting line)."""
    if info.kind == "party":
        return _party_frame(info, recipient)
    place = place_name(info.commune_name or info.province_name or info.name)
    if info.kind in _GOVERNMENTS:
        return Frame(
            party=False, parent_body="", issuing_body=["ỦY BAN NHÂN DÂN", upper_vi(info.name)],
            symbol="BC-UBND", place=place_name(info.name), collective="ỦY BAN NHÂN DÂN", head_title="CHỦ TỊCH",
            recipients=_state_recipients(info, recipient, recipient_kind),
        )
    parent = info.parent_name
    parent_body = ("UBND " + upper_vi(parent)) if info.parent_kind in _GOVERNMENTS else upper_vi(parent)
    head = {"agency": "GIÁM ĐỐC", "office": "TRƯỞNG PHÒNG", "steering": "TRƯỞNG BAN",
            "front": "CHỦ TỊCH"}.get(info.kind, "THỦ TRƯỞNG")
    return Frame(
        party=False, parent_body=parent_body, issuing_body=[upper_vi(info.name)],
        symbol="BC-" + abbreviation(info.name), place=place, collective="", head_title=head,
        recipients=_state_recipients(info, recipient, recipient_kind),
    )


def _body(name: str, kind: str) -> str:
    return f"UBND {name[0].lower()}{name[1:]}" if kind in _GOVERNMENTS else name


def _state_recipients(info: UnitInfo, recipient: str = "", recipient_kind: str = "") -> list[str]:
    out = []
    if not recipient and info.parent_name:
        recipient, recipient_kind = info.parent_name, info.parent_kind
    if not recipient and info.kind == "province":
        recipient = "Bộ Khoa học và Công nghệ"
    if recipient and recipient != info.name:  # a report is never sent to its own body
        above = _body(recipient, recipient_kind)
        out.append(f"{above[0].upper()}{above[1:]} (b/c);")
    if info.kind in ("commune", "district") and info.province_name and "Sở Khoa học và Công nghệ" not in recipient:
        out.append("Sở Khoa học và Công nghệ;")
    if info.kind in _GOVERNMENTS:
        level = _level_word(info.name)
        committee = "Tỉnh ủy" if info.kind == "province" else ("Đảng ủy" if info.kind == "commune" else "Huyện ủy")
        out += [f"Thường trực {committee}, HĐND {level};".replace("  ", " ").replace(" ;", ";"),
                f"Chủ tịch, các PCT UBND {level};".replace(" ;", ";")]
    out.append("Lưu: VT.")
    return out


def _party_frame(info: UnitInfo, recipient: str = "") -> Frame:
    province = place_name(info.province_name) if info.province_name else ""
    parent_body = f"ĐẢNG BỘ TỈNH {upper_vi(province)}" if province else upper_vi(info.parent_name)
    place = place_name(info.commune_name or info.province_name or info.name)
    recipients = []
    if province:
        recipients.append("Ban Thường vụ Tỉnh ủy (b/c),")
    recipients += ["Các đồng chí Đảng ủy viên,", "Lưu Văn phòng Đảng ủy."]
    return Frame(
        party=True, parent_body=parent_body, issuing_body=[upper_vi(info.name)], symbol="BC/ĐU",
        place=place, collective="BAN THƯỜNG VỤ", head_title="BÍ THƯ", recipients=recipients,
    )


def number_line(frame: Frame | dict, number: str = "") -> str:
    """"Số: 12/BC-UBND" (State) or "Số 12-BC/ĐU" (Party); blank number before registration."""
    party = frame["party"] if isinstance(frame, dict) else frame.party
    symbol = frame["symbol"] if isinstance(frame, dict) else frame.symbol
    if party:
        return f"Số {number or BLANK}-{symbol}"
    return f"Số: {number or BLANK}/{symbol}"


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
    return title or head


def signature_lines(frame: dict, mode: str, signer_title: str) -> list[str]:
    """The authority lines above the signature (bold, upper case).

    ``mode`` TM (on behalf of the collective), KT (deputy signing for the head), TL
    (by order), or blank (the head signs). A deputy title ("Phó …") with TM. gets KT.
    """
    title = signing_title(frame, signer_title)
    party = frame["party"]
    tm, kt, tl = ("T/M", "K/T", "T/L") if party else ("TM.", "KT.", "TL.")
    lines: list[str] = []
    deputy = title.startswith("PHÓ")
    if mode == "TM" and frame["collective"]:
        lines.append(f"{tm} {frame['collective']}")
        if deputy and not party:
            lines.append(f"{kt} {frame['head_title']}")
    elif mode == "KT" or (deputy and mode != "TL"):
        lines.append(f"{kt} {frame['head_title']}")
    elif mode == "TL":
        lines.append(f"{tl} {frame['head_title']}")
    lines.append(title)
    return lines
