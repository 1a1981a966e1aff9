"""Which indicator a newly imported target measures.

Two plans that commit to the same outcome ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ
tục hành chính đạt 95%" in one commune, "... đạt 100%" in the next) measure the same
indicator with different goals. Sharing the indicator is what lets the province's report
add its communes' numerators and denominators, and lets a commune's target point to the
target of the plan it implements. The wording decides, conservatively: the same unit of
measure and nearly the same words once numbers, comparators and place words are set aside.
"""

from __future__ import annotations

import re
from functools import lru_cache

from theodoi.domain.text import fold
from theodoi.planning.models import Document, DocumentLink, Indicator, Target

# Two wordings name one indicator when the pairs of syllables ("tỷ lệ", "hồ sơ", "dịch vụ")
# of the shorter stand almost all in the longer, and the two have at least half in common.
CONTAINED, SHARED = 0.8, 0.5

# Phrases and words that say how much, where or when, not what is measured. Whole phrases
# where a syllable alone has another meaning: "phấn đấu" but "phần mềm", "tối thiểu".
_NOISE_PHRASES = re.compile(
    r"\b(?:(?:tren )?dia ban (?:toan )?(?:xa|phuong|huyen|tinh|thanh pho)|toan (?:xa|huyen|tinh)"
    r"|(?:cap|cua) (?:xa|huyen|tinh)|phan dau|toi thieu|it nhat|toi da|khong qua|khong duoi|dam bao"
    r"|hang nam|moi nam|(?:den|vao|trong) nam|tro len|tro xuong)\b")
_NOISE = frozenset(["dat", "tren", "duoi", "va", "cua", "cac", "nhung", "duoc", "la", "voi", "mot",
                    "hon", "vuot", "da", "truoc", "khoang", "tai"])
_SPELLING = {"ti": "ty"}  # "tỉ lệ" and "tỷ lệ" are one word
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@lru_cache(maxsize=8192)
def words(text: str) -> frozenset[tuple[str, str]]:
    """The pairs of neighbouring syllables of a wording, once numbers and noise are set aside
    (remembered: an import compares each new target with every wording of the same kind)."""
    folded = _NOISE_PHRASES.sub(" ", _NUMBER.sub(" ", fold(text)))
    syllables = [_SPELLING.get(w, w) for w in re.findall(r"[a-z]+", folded)]
    syllables = [w for w in syllables if w not in _NOISE]
    return frozenset(zip(syllables, syllables[1:], strict=False))


def likeness(a: frozenset, b: frozenset) -> float:
    """0..1: how surely two wordings name one indicator (0 below the thresholds)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    contained, shared = common / min(len(a), len(b)), common / len(a | b)
    return contained if contained >= CONTAINED and shared >= SHARED else 0.0


def shared_indicator(text: str, unit: str, kind: str, doc: Document) -> Indicator | None:
    """The existing indicator of the same kind and unit whose name (or one of whose targets'
    wording, in another plan) reads as the same outcome; None when none does."""
    mine = words(text)
    if not mine:
        return None
    own = set(Target.objects.filter(document=doc, indicator__isnull=False).values_list("indicator_id", flat=True))
    candidates = list(Indicator.objects.filter(kind=kind, unit_of_measure=unit).exclude(pk__in=own))
    wordings: dict[int, list[str]] = {}
    for ind_id, wording in Target.objects.filter(indicator__in=candidates).values_list("indicator_id", "text"):
        wordings.setdefault(ind_id, []).append(wording)
    best: tuple[float, int, Indicator] | None = None
    for indicator in candidates:  # never one of this plan's own: two targets of a plan are two outcomes
        score = max(likeness(mine, words(w)) for w in [indicator.name, *wordings.get(indicator.pk, [])])
        if score and (best is None or (score, -indicator.pk) > (best[0], best[1])):
            best = (score, -indicator.pk, indicator)
    return best[2] if best else None


def parent_target(indicator: Indicator, doc: Document) -> Target | None:
    """The target of the same indicator in a document this plan implements or cites."""
    cited = DocumentLink.objects.filter(source=doc).values_list("target_id", flat=True)
    return (Target.objects.filter(indicator=indicator, document_id__in=cited)
            .order_by("document__period_end", "pk").first())
