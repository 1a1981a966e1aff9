"""What a document number says about the document: its type and, often, its issuer."""

from __future__ import annotations

import re
from typing import Any

from theodoi.planning.models import DocType
from theodoi.tenancy.models import Unit

# The kind of document is the symbol's first letters after "/" or "-" ("57-NQ/TW", "71/NQ-CP",
# "2273/KH-UBND", "519/BKHCN-CĐSQG" is a letter (công văn) of a ministry).
_KIND = [
    ("NQ", DocType.NGHI_QUYET), ("CTr", DocType.CHUONG_TRINH), ("CTR", DocType.CHUONG_TRINH),
    ("KH", DocType.KE_HOACH), ("QĐ", DocType.QUYET_DINH), ("CT", DocType.CHI_THI),
    ("KL", DocType.KET_LUAN), ("TB", DocType.THONG_BAO), ("HD", DocType.HUONG_DAN),
    ("ĐA", DocType.DE_AN), ("TTr", DocType.TO_TRINH), ("BC", DocType.BAO_CAO),
]

# Issuers that the symbol names unambiguously, whatever the province.
_NATIONAL_ISSUERS = {
    "TW": "Ban Chấp hành Trung ương Đảng",
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "BCT": "Bộ Chính trị",
}


def doc_type_of(number: str) -> str:
    """The document type a number's symbol implies (``DocType``), ``khac`` when unknown."""
    symbol = number.split("/", 1)[1] if "/" in number else number
    head = re.split(r"[-/]", number.split("/", 1)[0])
    candidates = [part for part in re.split(r"[-/]", symbol) if part]
    if len(head) > 1:  # Party style: "57-NQ/TW" puts the kind before the slash
        candidates = [head[1], *candidates]
    for part in candidates:
        for prefix, kind in _KIND:
            if part == prefix or part.upper() == prefix.upper():
                return kind
    if any(p.startswith("B") and len(p) > 2 for p in candidates):
        return DocType.CONG_VAN
    return DocType.KHAC


def issuer_name_of(number: str) -> str:
    """The issuer a number names when it is a national body ("57-NQ/TW" → the Central Committee)."""
    last = re.split(r"[-/]", number)[-1].upper() if number else ""
    return _NATIONAL_ISSUERS.get(last, "")


# Collegial bodies that issue in the name of their committee, and a level named without its place.
_COLLEGIAL = re.compile(r"^(?:Ban Thường vụ|Ban Chấp hành|Thường trực|Ban Thường trực)\s+", re.IGNORECASE)
_BARE_LEVEL = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\s+tỉnh$", re.IGNORECASE)


def cited_issuer(issuer_text: str, number: str, citing: Unit | None, matcher: Any) -> Unit | None:
    """The unit that issued a cited document: the body its citing sentence names ("UBND tỉnh Lai
    Châu", "Ban Thường vụ Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh"), read near the citing plan's
    issuer, else the body its symbol names (…/TU: the province's Tỉnh ủy); None when unsure."""
    province = citing.province() if citing is not None else None
    place = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ") if province else ""
    tries: list[str] = []
    text = " ".join((issuer_text or "").split())
    if text:
        tries += [text, _COLLEGIAL.sub("", text)]
        if _BARE_LEVEL.match(text) and province is not None:
            return province  # "UBND tỉnh": the People's Committee of the citing plan's province
        if re.search(r"Đảng bộ tỉnh$", text, re.IGNORECASE) and place:
            tries.append(f"Tỉnh ủy {place}")
        if place and re.search(r"\btỉnh$|Tỉnh ủy$|Tỉnh uỷ$", text):
            tries.append(f"{_COLLEGIAL.sub('', text)} {place}")
    last = re.split(r"[-/]", number)[-1].upper() if number else ""
    if last in ("TU", "TƯ") and place:  # "…-KH/TU": a plan of the Tỉnh ủy
        tries.append(f"Tỉnh ủy {place}")
    for name in dict.fromkeys(t for t in tries if t):
        unit = matcher.match(name, near=citing)
        if unit is not None:
            return unit
    return None
