"""Document numbers and symbols ("57-NQ/TW", "71/NQ-CP", "12/2024/NĐ-CP").

A reference is a number followed by a symbol of upper-case led letter groups
joined by "-" or "/", containing at least one "/" — so dates, standards
("TCVN 14423:2025"), "4G/5G", "1Gb/s" and names without a symbol
("Đề án 06") never match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SYM = r"[A-ZĐ][A-Za-zĐđ]*(?:&[A-ZĐ][A-Za-zĐđ]*)*\d*"  # "SKH&CN", "TTXTĐT&HTDN": "&" joins two letter groups
_SEP = "-/–\u2010\u2011\u2012"  # the hyphen, also as typed by word processors: non-breaking, figure, en dash
REF = re.compile(
    rf"(?<![\w/.\-])(\d{{1,5}}[a-z]?(?:\s*/\s*\d{{4}})?)\s*([{_SEP}])\s*({_SYM}(?:\s*[{_SEP}]\s*{_SYM}){{0,4}})"
    r"(?:(?![\w/])|(?=ngày\b))"  # "70-TB/TWngày 06 tháng 01": a web copy lost the space before the date
)
OWN_NUMBER = re.compile(
    rf"^\s*(?:Số|SỐ|So)\s*[:.]?\s*((?:\d{{1,5}}[a-z]?(?:/\d{{4}})?)?\s*[{_SEP}]\s*{_SYM}(?:\s*[{_SEP}]\s*{_SYM}){{0,4}})"
)


def normalise_ref(ref: str) -> str:
    """No spaces, en dashes and the other hyphens as '-', NFC; keeps 'Đ' and the letter case."""
    ref = unicodedata.normalize("NFC", ref)
    ref = re.sub(r"[–\u2010\u2011\u2012]", "-", re.sub(r"\s+", "", ref))
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
        if m.end() >= len(text.rstrip()) and any(k.startswith(ref) and k != ref for k in known):
            continue  # the text is cut inside a number it cited before ("… Quyết định số 2629/QĐ-T")
        if ref not in known:
            known.add(ref)
            seen.append(ref)
    return seen


# -- what a citing sentence says about the cited document ---------------------------------------
@dataclass(frozen=True)
class Citation:
    """What the text says of one cited document where it cites it.

    ``issuer``: the body after "của" ("UBND tỉnh Lai Châu", "Ban Thường vụ Tỉnh ủy"), as written;
    ``date``: "dd/mm/yyyy" when written; ``implements``: the document it says the cited one
    implements ("Kế hoạch số 2391/KH-UBND … về thực hiện Nghị quyết số 10-NQ/TU" → "10-NQ/TU");
    ``relation``: "replaces" or "amends" when the citing document (``by`` empty) or another cited
    document (``by``, "Nghị quyết 71/NQ-CP sửa đổi, bổ sung Nghị quyết 03/NQ-CP") replaces or
    amends it.
    """

    ref: str
    issuer: str = ""
    date: str = ""
    implements: str = ""
    relation: str = ""
    by: str = ""


_DATE = r"(?:\s*,)?\s+ngày\s+(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})"
_ISSUER_END = re.compile(
    r"\s+(?:về|v/v|V/v|triển khai|thực hiện|ban hành|quy định|phê duyệt|hướng dẫn|đã|sau đây|tại|trong|tiếp tục"
    r"|được|nhằm|để|với|đối với|cho|nay|sẽ|sửa đổi|bổ sung|thay thế|và các|và những)\b"
    r"|\s+và\s+(?:Kế hoạch|Nghị quyết|Chương trình|Quyết định|Chỉ thị|Kết luận|Công văn|Thông báo)\b"
    r"|[,;:()“”\"]|\.(?:\s|$)|$")
_IMPLEMENTS = re.compile(r"\s*(?:,\s*)?(?:về\s+(?:việc\s+)?)?(?:triển khai\s+)?(?:tổ chức\s+)?thực hiện\b", re.I)
_REPLACES = re.compile(r"\bthay\s+thế(?:\s+cho)?\s+(?:\S+\s+){0,4}?(?:số\s+)?$", re.I)
_AMENDS = re.compile(r"\bsửa\s+đổi(?:\s*,\s*|\s+)(?:bổ\s+sung\s+)?(?:\S+\s+){0,8}?(?:số\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(r"[;.]\s|\n\s*\n")


def citations(text: str, own: str | None = None) -> dict[str, Citation]:
    """The first citation of each reference that says something of it (issuer, date, what it
    implements, a replacement or amendment), in order of first appearance; wrapped lines are
    read as one. A rule of how Vietnamese plans cite, never of one document's words."""
    flat = re.sub(r"[ \t]*\n[ \t]*(?!\s*\n)", " ", text)  # a wrapped line continues its sentence
    own_n = normalise_ref(own).upper() if own else None
    found: dict[str, Citation] = {}
    matches = [m for m in REF.finditer(flat) if _valid(m.group(1), re.sub(r"\s+", "", m.group(3)), m.group(2))]
    for i, m in enumerate(matches):
        ref = normalise_ref(f"{m.group(1)}{m.group(2)}{m.group(3)}")
        if own_n and ref.upper() == own_n:
            continue
        cur = m.end()
        stop = _CLAUSE_BREAK.search(flat, cur, cur + 400)
        clause_end = stop.start() if stop else min(len(flat), cur + 400)
        date = ""
        d = re.compile(_DATE).match(flat, cur, clause_end)
        if d:
            date, cur = re.sub(r"\s+", "", d.group(1)), d.end()
        issuer = ""
        c = re.compile(r"(?:\s*,)?\s+của\s+").match(flat, cur, clause_end)
        if c:
            end = _ISSUER_END.search(flat, c.end(), clause_end)
            stop_at = end.start() if end else clause_end
            issuer = " ".join(flat[c.end():stop_at].split()[:14]).strip(" .,")
            cur = stop_at
        implements = ""
        if _IMPLEMENTS.match(flat, cur, clause_end):
            nxt = next((n for n in matches[i + 1:] if cur <= n.start() < clause_end), None)
            if nxt is not None:
                implements = normalise_ref(f"{nxt.group(1)}{nxt.group(2)}{nxt.group(3)}")
        before_start = max(matches[i - 1].end() if i else 0, m.start() - 160)
        before = flat[before_start:m.start()]
        brk = list(_CLAUSE_BREAK.finditer(before))
        same_clause = not brk and i > 0 and matches[i - 1].end() >= m.start() - 160
        if brk:
            before = before[brk[-1].end():]
        relation = "replaces" if _REPLACES.search(before) else "amends" if _AMENDS.search(before) else ""
        by = ""
        if relation and same_clause:
            prev = matches[i - 1]
            by = normalise_ref(f"{prev.group(1)}{prev.group(2)}{prev.group(3)}")
        cit = Citation(ref, issuer, date, implements if implements != ref else "", relation, by)
        old = found.get(ref)
        if old is None or (not _says(old) and _says(cit)):
            found[ref] = cit
        elif old is not None:  # keep the first words, complete what the first citation left out
            found[ref] = Citation(ref, old.issuer or issuer, old.date or date, old.implements or cit.implements,
                                  old.relation or relation, old.by if old.relation else by)
    return found


def _says(c: Citation) -> bool:
    return bool(c.issuer or c.implements or c.relation)
