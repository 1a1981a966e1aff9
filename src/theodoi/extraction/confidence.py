"""How sure the extractor is of each item, from the rule that found it and how complete it is.

A confidence is a number from 0 to 1 (two decimals). It starts from the rule: an item of a
numbered list or a table row in the plan's body is the usual shape (0.5), a row of an
appendix table read into targets or tasks a little less (0.45). What the item carries
adds to it (a target's value, unit, year, comparator; a task's code and deadline; a unit
that names a body; a reporting duty's period and day); signs of a wrong cut take from it
(a "target" that is a heading or a fragment, a sentence with several figures that may hold
several targets, a unit name that runs on into a sentence). Text read by OCR is less sure
(× 0.85). :data:`UNSURE` is where the review page starts calling an item uncertain.
"""

from __future__ import annotations

import re

UNSURE = 0.7
OCR_FACTOR = 0.85
_BODY = re.compile(
    r"^(?:Các\s+|Ban\s|Bộ\s|Sở\s|Phòng\s|Ủy ban|Uỷ ban|UBND|HĐND|Văn phòng|Trung tâm|Công an|Quân sự|Đảng ủy|"
    r"Đảng uỷ|Chi bộ|Hội\s|Đoàn\s|Mặt trận|MTTQ|Cục\s|Chi cục|Trường\s|Trạm\s|Thanh tra|Kho bạc|Bưu điện|"
    r"Viễn thông|Ngân hàng|Liên đoàn|Đài\s|Báo\s|Tỉnh|Huyện|Xã\s|Phường|Thị trấn|Đơn vị|Cơ quan|Thủ trưởng|"
    r"Giám đốc|Chủ tịch|Trưởng)", re.I)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s*%|\b\d{2,}(?:[.,]\d+)?\s+[a-zà-ỹđ]")


def _clamp(score: float, kind: str) -> float:
    if kind == "ocr":
        score *= OCR_FACTOR
    return round(max(0.0, min(1.0, score)), 2)


def target(item: dict, kind: str, from_appendix: bool = False) -> float:
    text = (item.get("text") or "").strip()
    score = 0.45 if from_appendix else 0.5
    score += 0.2 if item.get("value") is not None else 0.0
    score += 0.1 if item.get("unit") else 0.0
    score += 0.1 if item.get("deadline_year") else 0.0
    score += 0.05 if item.get("comparator") else 0.0
    if not 15 <= len(text) <= 350 or text.endswith(":"):
        score -= 0.25  # a heading, a fragment or several sentences run together
    if len(_FIGURE.findall(text)) >= 3:
        score -= 0.15  # several figures: perhaps several targets in one sentence
    return _clamp(score, kind)


def task(item: dict, kind: str, from_appendix: bool = False) -> float:
    title = (item.get("title") or "").strip()
    score = 0.45 if from_appendix else 0.5
    score += 0.15 if item.get("code") else 0.0
    score += 0.2 if item.get("deadline") else 0.0
    score += 0.1 if 10 <= len(title) <= 300 else -0.25
    score += 0.05 if title[:1].isupper() else -0.1
    return _clamp(score, kind)


def assignment(item: dict, kind: str) -> float:
    unit = (item.get("unit") or "").strip()
    score = 0.5
    score += 0.25 if _BODY.match(unit) else -0.1
    score += 0.15 if (item.get("duties") or "").strip() else 0.0
    score += 0.05 if item.get("role") in ("chủ trì", "phối hợp") else 0.0
    if len(unit) > 90 or unit.endswith((",", ";", ":")):
        score -= 0.3  # the name ran on into the sentence
    return _clamp(score, kind)


def reporting(item: dict, kind: str) -> float:
    score = 0.5
    score += 0.2 if _BODY.match((item.get("unit") or "").strip()) else 0.0
    score += 0.1 if item.get("frequency") else -0.2
    score += 0.1 if item.get("due_day") else 0.0
    score += 0.05 if item.get("to") else 0.0
    return _clamp(score, kind)


def of_extraction(out: dict, kind: str, targets_from_appendix: bool, tasks_from_appendix: bool) -> dict:
    """``{"targets": [...], "tasks": [...], "assignments": [...], "reporting": [...]}``, one
    confidence per item, in the items' order."""
    return {
        "targets": [target(t, kind, targets_from_appendix) for t in out["targets"]],
        "tasks": [task(t, kind, tasks_from_appendix) for t in out["tasks"]],
        "assignments": [assignment(a, kind) for a in out["assignments"]],
        "reporting": [reporting(r, kind) for r in out["reporting"]],
    }
