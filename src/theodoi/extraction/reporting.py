"""Reporting duties: (unit, recipient, frequency, due day) where a period is stated.

Only clauses worded "báo cáo" count. "định kỳ" or "theo quy định" without a
period gives nothing; "đột xuất", "khi có yêu cầu", "kịp thời báo cáo" are
``adhoc``; two dates a year are ``biannual`` with no due day. A relay
("gửi Sở X tổng hợp, báo cáo UBND tỉnh") also gives Sở X's own duty, without the
reporters' day (theirs is when they send to Sở X) and with its own day where the plan
states one; "(qua Sở X)" names the way, not the recipient. A unit has one duty per
period: a clause that names no recipient is the same duty as one that does. A
heading that lists several bodies ("Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các
tỉnh, …") gives each of them the duty written under it.
"""

from __future__ import annotations

import re

from .assignments import UNIT_HEAD, sentence_unit
from .targets import split_sentences

# two dates a year ("trước ngày 15/6 và 15/12 hằng năm", "ngày 15 tháng 6 và ngày 15 tháng 12 hằng năm")
_DATE = r"\d{1,2}\s*(?:/|tháng)\s*\d{1,2}"
TWO_DATES = re.compile(rf"ngày {_DATE} và (?:ngày )?{_DATE},? (?:của )?(?:hằng|hàng|mỗi) năm", re.I)
FREQ = [
    # "6 tháng" is a half-year, "ngày 06 tháng 7" a date
    ("biannual", re.compile(r"(?<!ngày )\b(?:0?6|sáu) tháng\b(?!\s*\d)|bán niên|hai lần (?:mỗi|một|trong) năm|"
                            + TWO_DATES.pattern, re.I)),
    ("monthly", re.compile(r"(?:hằng|hàng|mỗi) tháng|định kỳ tháng|báo cáo tháng", re.I)),
    ("quarterly", re.compile(r"(?:hằng|hàng|mỗi) quý|định kỳ quý|báo cáo quý|"
                             r"tháng cuối (?:của )?(?:mỗi |hằng |hàng )?quý|cuối mỗi quý", re.I)),
    # "định kỳ 6 tháng, năm báo cáo", "6 tháng và 01 năm": the year after the half-year is yearly
    ("annual", re.compile(r"(?:hằng|hàng|mỗi) năm|định kỳ năm|báo cáo năm|cuối năm|tổng kết năm|"
                          r"\b(?:0?6|sáu) tháng\s*(?:,|và)\s*(?:01\s+|một\s+)?năm\b(?!\s*\d)", re.I)),
    ("adhoc", re.compile(r"đột xuất|khi (?:có|được) yêu cầu|theo yêu cầu|kịp thời báo cáo|báo cáo kịp thời|"
                         r"khi phát sinh", re.I)),
]
_REPORT = re.compile(r"báo cáo", re.I)
_ISSUES = re.compile(r"khó khăn|vướng mắc", re.I)
_RECIPIENT = re.compile(
    r"(?:báo cáo|gửi|về)\s+(?:kết quả\s+(?:thực hiện\s+)?)?(?:về\s+|cho\s+|lên\s+|với\s+)?"
    r"((?:UBND|Ủy ban|Uỷ ban|Sở|Ban Thường vụ|Ban|Bộ|Văn phòng|Thường trực|Chủ tịch|Huyện ủy|"
    r"Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|Đảng ủy|Đảng uỷ|HĐND|Hội đồng|Thành ủy|Thành uỷ|Cơ quan|Vụ|Cục|"
    r"Chi cục|Phòng|Trung tâm|Giám đốc|Thủ trưởng|Thủ tướng|Chính phủ|Tổng cục)[^,;.()]*"
    r"(?:,\s+(?!(?:UBND|Ủy ban|Uỷ ban|Sở|Ban|Bộ|Văn phòng|Phòng|Cục|Vụ|Trung tâm|Thường trực|Chủ tịch|"
    r"HĐND|Hội đồng|Đảng ủy|Đảng uỷ|Huyện ủy|Tỉnh ủy|Thành ủy|Chi cục|Tổng cục|Công an)\b)[A-ZĐ][^,;.()]*)*)")
_RECIPIENT_CUT = re.compile(r"\s+(?:trước ngày|để|xem xét|theo|định kỳ|hằng|hàng|thông qua|qua|tổng hợp|trong|"
                            r"khi|chậm nhất|vào|về|đúng|kịp|kết quả|tiến độ|tình hình|"
                            r"(?:0?\d{1,2}|sáu|ba) tháng|mỗi|một lần|trước)\b.*$")
_DUE = re.compile(r"(?:trước|chậm nhất|vào|trong)\s+ngày\s+(\d{1,2})(?:\s*[/.-]\s*\d{1,2})?"
                  r"(?:\s*[/.-]\s*\d{4})?(\s+và\s+(?:ngày\s+)?\d{1,2})?", re.I)
# "gửi Sở X tổng hợp, báo cáo UBND tỉnh", also "báo cáo kết quả thực hiện về Bộ X tổng hợp, báo cáo Thủ tướng"
_RELAY = re.compile(r"(?:gửi\s+(?:báo cáo\s+(?:kết quả\s+(?:thực hiện\s+)?)?)?(?:về\s+)?|"
                    r"báo cáo\s+(?:kết quả\s+(?:thực hiện\s+)?)?về\s+)"
                    r"((?:Sở|Phòng|Văn phòng|Ban|Trung tâm|Bộ)[^,;.]*?)\s+(?:để\s+)?tổng hợp,?\s+"
                    r"(?:chung,?\s+)?báo cáo\s+([^,;.()]+)", re.I)
# "báo cáo UBND tỉnh (qua Sở Khoa học và Công nghệ)", "thông qua Sở X": the way the report goes
_VIA = re.compile(r"\((?:thông\s+)?qua\s+([^()]{3,120})\)|\bthông qua\s+((?:Sở|Phòng|Văn phòng|Ban|"
                  r"Trung tâm|Cơ quan)[^,;.()]*)", re.I)
def _recipient(text: str) -> str | None:
    m = _RECIPIENT.search(text)
    if not m:
        return None
    rec = _RECIPIENT_CUT.sub("", m.group(1)).strip()
    if rec.startswith("Sở"):
        rec = re.sub(r"\s+(?:tỉnh|thành phố)\s+[A-ZĐ][\w\s]*$", "", rec)
    return rec or None


# "báo cáo UBND huyện và Sở Thông tin và Truyền thông": two recipients ("và Truyền thông" is a name)
_AND_UNIT = re.compile(r"\s+và\s+(?=(?:UBND|Ủy ban|Uỷ ban|Sở|Ban|Bộ|Văn phòng|Phòng|Cục|Vụ|Trung tâm|"
                       r"Thường trực|Chủ tịch|HĐND|Hội đồng|Đảng ủy|Đảng uỷ|Huyện ủy|Tỉnh ủy|Thành ủy|"
                       r"Thủ tướng|Chính phủ)\b)")


_JOINT_OFFICE = re.compile(r"^Văn phòng (?:HĐND|Hội đồng nhân dân)(?: \S+)?$", re.I)


def _recipients(to: str | None) -> list[str | None]:
    """One recipient per unit joined by "và", except the joint "Văn phòng HĐND và UBND …"."""
    if not to:
        return [to]
    parts = _AND_UNIT.split(to)
    if len(parts) > 1 and _JOINT_OFFICE.match(parts[0].strip()):
        return [to]
    return [t.strip() for t in parts]


# the kinds of body a list of addressees is made of, besides the named heads ("các bộ", "địa phương")
_KIND_HEAD = re.compile(r"^(?:[Cc]ác\s+)?(?:bộ|cơ quan|địa phương|đơn vị)\b")
_LIST_SEP = re.compile(r"(,\s+|\s+và\s+)")
_BARE_KIND = re.compile(r"^(?:[Cc]ác\s+)?(?:bộ|cơ quan|đơn vị|địa phương|phòng|ban|ngành|sở|tổ chức|doanh nghiệp)$",
                        re.I)
# "Các phòng, đơn vị trực thuộc Sở", "Các Vụ, Cục thuộc Bộ": the qualifier is shared by the kinds before
# it ("thành phố trực thuộc Trung ương", "cơ quan thuộc Chính phủ" are names of their own, not such a qualifier)
_SHARED_QUALIFIER = re.compile(r"\b(?:trực\s+)?thuộc\s+(?!(?:[Tt]rung ương|Chính phủ)\b)\S")


def reporter_units(unit: str) -> list[str]:
    """The bodies a heading lists, each with the duty: "Các bộ, cơ quan ngang bộ, Ủy ban nhân dân
    các tỉnh, thành phố trực thuộc Trung ương" → three. A piece that is no body's name continues the
    one before ("Bộ Văn hóa, Thể thao và Du lịch", "các tỉnh, thành phố"); a list with a one-word kind
    ("Các sở, ban, ngành") or whose kinds share a qualifier ("Các phòng, đơn vị trực thuộc Sở") is one
    addressee."""
    if _JOINT_OFFICE.match(unit.split(" và ")[0].strip()):
        return [unit]  # "Văn phòng HĐND và UBND phường": one office
    tokens = _LIST_SEP.split(unit)
    if any(len(piece.split()) < 2 for piece in tokens[::2]):
        return [unit]  # "Các sở, ban, ngành tỉnh": a list of kinds of bodies is one addressee
    parts = [tokens[0]]
    for sep, piece in zip(tokens[1::2], tokens[2::2], strict=True):
        if UNIT_HEAD.match(piece) or _KIND_HEAD.match(piece):
            parts.append(piece)
        else:
            parts[-1] += sep + piece
    if len(parts) < 2 or _SHARED_QUALIFIER.search(parts[-1]) or all(_BARE_KIND.match(p) for p in parts):
        return [unit]  # "Các cơ quan, đơn vị": kinds with no name of their own are one addressee
    return parts


def _due_day(text: str) -> int | None:
    m = _DUE.search(text)
    if not m or m.group(2):
        return None
    day = int(m.group(1))
    return day if 1 <= day <= 31 else None


def _via(text: str) -> str | None:
    m = _VIA.search(text)
    if not m:
        return None
    via = (m.group(1) or m.group(2) or "").strip(" ,;.")
    return via if UNIT_HEAD.match(via) else None


def extract_reporting(items: list[tuple[str, str]]) -> list[dict]:
    """Reporting entries from (unit, item text) pairs.

    A sentence after the item's first that names its own subject ("Định kỳ 6 tháng, các sở,
    ngành báo cáo …") is that subject's duty, not the item's unit's. "(qua Sở X)" is kept as
    ``via`` (the way the report goes, not its recipient)."""
    out: list[dict] = []
    seen: set[tuple[str, str | None, str]] = set()

    def add(unit: str, to: str | None, freq: str, due: int | None, via: str | None = None) -> None:
        # one duty per unit and period: a clause naming no recipient ("báo cáo đột xuất khi có
        # yêu cầu") is the same duty as one that names it ("kịp thời báo cáo UBND tỉnh")
        same = [e for e in out if e["unit"].lower() == unit.lower() and e["frequency"] == freq]
        if to is None and same:
            if via and not same[0].get("via"):
                same[0]["via"] = via
            return
        blank = next((e for e in same if e["to"] is None), None)
        if blank is not None:
            blank["to"], blank["due_day"] = to, blank["due_day"] or due
            if via:
                blank["via"] = via
            seen.add((unit.lower(), (to or "").lower(), freq))
            return
        key = (unit.lower(), (to or "").lower(), freq)
        if key in seen and due is not None:
            # the same duty stated again with its day ("báo cáo Thủ tướng trước ngày 25 tháng 12 hằng năm")
            for e in same:
                if (e["to"] or "").lower() == key[1] and e["due_day"] is None:
                    e["due_day"] = due
        if key not in seen:
            seen.add(key)
            entry: dict = {"unit": unit, "to": to, "frequency": freq, "due_day": due}
            if via:
                entry["via"] = via
            out.append(entry)

    for item_unit, text in items:
        for number, sentence in enumerate(split_sentences(text)):
            if not _REPORT.search(sentence):
                continue
            own = sentence_unit(sentence) if number else None
            unit = own if own and own.lower() not in item_unit.lower() else item_unit
            # "các bộ, ngành và Ủy ban nhân dân các tỉnh … báo cáo": each reports
            reporters = [p for r in (_recipients(unit) if unit else []) if r for p in reporter_units(r)] or [unit]
            clauses = [c for c in re.split(r";\s*", sentence) if _REPORT.search(c)]
            found: dict[str, dict] = {}
            for clause in clauses:
                for freq, rx in FREQ:
                    if rx.search(clause):
                        if freq == "annual" and TWO_DATES.search(clause):
                            continue  # "hằng năm" closes the two dates: one biannual duty
                        entry = found.setdefault(freq, {"to": None, "due": None, "clause": clause})
                        entry["to"] = entry["to"] or _recipient(clause)
                        # an ad hoc report ("đột xuất theo yêu cầu") has no day of the month
                        entry["due"] = entry["due"] or (_due_day(clause) if freq not in ("biannual", "adhoc")
                                                        else None)
            if not found and _ISSUES.search(sentence) and not re.search(r"phản ánh", sentence, re.I):
                found["adhoc"] = {"to": _recipient(sentence), "due": None, "clause": sentence}
            for freq, entry in found.items():
                via = _via(entry["clause"]) or _via(sentence)
                for to in _recipients(entry["to"]):
                    for reporter in reporters:
                        add(reporter[0].upper() + reporter[1:], to, freq, entry["due"], via)
                relay = _RELAY.search(sentence)
                if relay:
                    relayed = _RECIPIENT_CUT.sub("", relay.group(1)).strip()  # "Văn phòng Sở trước ngày 15 …"
                    # the reporters' day is when they send to the relaying body, not its own
                    add(relayed, _RECIPIENT_CUT.sub("", relay.group(2)).strip(), freq, None,
                        _via(relay.group(2)))
                # "…; Sở X tổng hợp, báo cáo UBND tỉnh": a later clause with its own subject shares the period
                for clause in clauses[1:]:
                    other = sentence_unit(clause)
                    if other and other.lower() != unit.lower() and not any(rx.search(clause) for _, rx in FREQ):
                        add(other, _recipient(clause), freq, None)
    return out
