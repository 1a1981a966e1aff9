"""Plans a lower unit owes: "Các Chi, Đảng uỷ trực thuộc … xây dựng kế hoạch … (hoàn thành trong tháng
4/2025)" (seed 004). A pure rule on an assignment's duties, whatever the document.

A duty owes a plan when it asks to build (or issue) a plan or programme *and* gives a deadline for
it in the same clause; without a deadline it is ordinary work, not an obligation the system can
watch. ``owed_plan_deadline`` returns the deadline as written, for ``parse_deadline``.
"""

from __future__ import annotations

import re
import unicodedata

from theodoi.domain.deadlines import parse_deadline
from theodoi.domain.text import fold

# "xây dựng kế hoạch", "xây dựng, ban hành kế hoạch", "xây dựng chương trình, kế hoạch", "ban hành kế hoạch"
_BUILD = re.compile(r"\b(?:xay dung|ban hanh)(?:\s*(?:,|va)\s*ban hanh)?\s+(?:chuong trinh\s*,?\s*)?"
                    r"(?:ke hoach|chuong trinh)\b")
# a deadline for it: "(hoàn thành trong tháng 4/2025)", "trước ngày 30/4/2025", "xong trong quý II/2026"
_WHEN = re.compile(r"\b(?:hoan thanh|xong|truoc|trong|cham nhat)\b[^;.()]*?"
                   r"\b(?:ngay|thang|quy|nam)\b\s*[\divx/.\- ]*(?:nam\s*)?(?:19|20)\d\d")


def owed_plan_deadline(duties: str) -> str | None:
    """The deadline phrase of a plan a duty asks to build, or None when it asks for none (or gives no date)."""
    text = unicodedata.normalize("NFC", duties or "")
    folded = fold(text)  # one character per character of the NFC text: positions agree
    for build in _BUILD.finditer(folded):
        clause_end = min(i for i in (folded.find(";", build.end()), len(folded)) if i >= 0)
        when = _WHEN.search(folded, build.end(), clause_end)
        if when is None:
            continue
        phrase = text[when.start():when.end()].strip()
        if parse_deadline(phrase).due is not None:
            return phrase
    return None
