"""What a document number says about the document: its type and, often, its issuer."""

from __future__ import annotations

import re

from theodoi.planning.models import DocType

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
