"""Document numbers and symbols ("57-NQ/TW", "71/NQ-CP", "12/2024/NĐ-CP").

A reference is a number followed by a symbol of upper-case led letter groups
joined by "-" or "/", containing at least one "/" — so dates, standards
("TCVN 14423:2025"), "4G/5G", "1Gb/s" and names without a symbol
("Đề án 06") never match.
"""

from __future__ import annotations

import re
import unicodedata

_SYM = r"[A-ZĐ][A-Za-zĐđ]*\d*"
REF = re.compile(
    rf"(?<![\w/.\-])(\d{{1,5}}[a-z]?(?:\s*/\s*\d{{4}})?)\s*([-/–])\s*({_SYM}(?:\s*[-/–]\s*{_SYM}){{0,4}})"
    r"(?![\w/])"
)
OWN_NUMBER = re.compile(
    rf"^\s*(?:Số|SỐ|So)\s*[:.]?\s*((?:\d{{1,5}}[a-z]?(?:/\d{{4}})?)?\s*[-/–]\s*{_SYM}(?:\s*[-/–]\s*{_SYM}){{0,4}})"
)


def normalise_ref(ref: str) -> str:
    """No spaces, en dashes as '-', NFC; keeps 'Đ' and the letter case."""
    ref = unicodedata.normalize("NFC", ref)
    ref = re.sub(r"\s+", "", ref).replace("–", "-")
    return re.sub(r"^(?:số|Số|SỐ)", "", ref)


def _valid(num: str, symbol: str, sep: str) -> bool:
    full = f"{num}{sep}{symbol}"
    if "/" not in full:
        return False
    letters = re.sub(r"[^A-ZĐ]", "", symbol)
    return len(letters) >= 2


def find_references(text: str, own: str | None = None) -> list[str]:
    """Every distinct reference in order of first appearance, minus ``own``."""
    seen: list[str] = []
    known: set[str] = set()
    own_n = normalise_ref(own).upper() if own else None
    for m in REF.finditer(text):
        num, sep, symbol = m.group(1), m.group(2), m.group(3)
        if not _valid(num, re.sub(r"\s+", "", symbol), sep):
            continue
        ref = normalise_ref(f"{num}{sep}{symbol}")
        if own_n and ref.upper() == own_n:
            continue
        if ref not in known:
            known.add(ref)
            seen.append(ref)
    return seen
