"""Targets the system measures from its own data, recognised by their wording (a rule, not a document).

Seed 000 commits to "Tối thiểu 90% nhiệm vụ thực hiện cập nhật tiến độ định kỳ hằng tháng" and "100%
nhiệm vụ khoa học, công nghệ được quản lý, theo dõi trên nền tảng số": both are shares of the plan's
own tasks that the system sees (updates sent, lifecycle recorded). ``measure_of`` names the measure
a target's wording asks for, or None: the target is then reported by people as usual.
"""

from __future__ import annotations

import re

from theodoi.domain.text import fold

TASK_UPDATES = "task_updates"  # share of the tasks due an update for the month that sent it
SCIENCE_ON_PLATFORM = "science_on_platform"  # share of science tasks whose lifecycle is kept on the platform

_TASKS = re.compile(r"\bnhiem vu\b")
_UPDATES = re.compile(r"\bcap nhat (?:day du )?(?:tien do|ket qua thuc hien)\b")
_MONTHLY = re.compile(r"\b(?:hang thang|dinh ky)\b")
_SCIENCE = re.compile(r"\bnhiem vu (?:khoa hoc,? (?:va )?cong nghe|khcn|kh-cn|kh&cn|kh ?cn)\b")
_PLATFORM = re.compile(r"\b(?:tren|len|bang) (?:cac )?(?:nen tang so|he thong|phan mem)\b")
_KEPT = re.compile(r"\b(?:cap nhat|quan ly|theo doi)\b")


def measure_of(text: str, unit_of_measure: str = "") -> str | None:
    """The measure of a percentage target the system can compute itself, or None."""
    unit = (unit_of_measure or "").strip()
    if unit != "%" and (unit or "%" not in (text or "")):  # a share: "%" as its unit, or in its words
        return None
    f = fold(text or "")
    if _SCIENCE.search(f) and _PLATFORM.search(f) and _KEPT.search(f):
        return SCIENCE_ON_PLATFORM
    if _TASKS.search(f) and _UPDATES.search(f) and _MONTHLY.search(f):
        return TASK_UPDATES
    return None
