"""National KPI catalogue and mapping suggestions by text similarity (pure: no Django).

A province maps its indicators or targets to the national KPI codes by hand (the
``KpiMapping`` table); to help, each one gets the catalogue entries whose names are most
alike: words compared without diacritics or filler words, as sets of words and of word
pairs (so "tỷ lệ hồ sơ được số hóa" finds "Tỷ lệ hồ sơ thủ tục hành chính được số hóa").
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from theodoi.domain.text import loose_key

DEFAULT_CATALOGUE = Path(__file__).with_name("data") / "national_kpis.json"
# Words every indicator name has; they say nothing about which one it is.
_FILLER = {"ty", "le", "so", "cac", "cua", "va", "dat", "tren", "duoc", "trong", "theo", "toi", "thieu", "nam",
           "co", "cho", "voi", "tu", "den", "la", "mot", "nhung", "tong", "muc", "it", "nhat", "dia", "ban"}


@dataclass(frozen=True)
class Kpi:
    code: str
    name: str
    unit: str = ""


@dataclass(frozen=True)
class Suggestion:
    kpi: Kpi
    score: float


def load_catalogue(path: str | os.PathLike[str] | None = None) -> list[Kpi]:
    """The KPI list of a JSON file ({"kpis": [{"code", "name", "unit"}]}); ValueError if malformed."""
    data = json.loads(Path(path or DEFAULT_CATALOGUE).read_text(encoding="utf-8"))
    items = data.get("kpis") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError("the KPI catalogue needs a list 'kpis'")
    out = []
    for item in items:
        if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
            raise ValueError(f"a KPI needs a code and a name: {item!r}")
        out.append(Kpi(str(item["code"]), str(item["name"]), str(item.get("unit") or "")))
    return out


def _words(text: str) -> list[str]:
    return [w for w in loose_key(text).split() if w not in _FILLER and not w.isdigit()]


def similarity(a: str, b: str) -> float:
    """0..1: how alike two indicator names are (words and word pairs, without diacritics)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    sa, sb = set(wa), set(wb)
    pa, pb = set(zip(wa, wa[1:], strict=False)), set(zip(wb, wb[1:], strict=False))
    words = len(sa & sb) / len(sa | sb)
    pairs = len(pa & pb) / len(pa | pb) if pa and pb else words
    return round(0.6 * words + 0.4 * pairs, 3)


def suggest(text: str, catalogue: list[Kpi], limit: int = 3, floor: float = 0.15,
            unit_of_measure: str = "") -> list[Suggestion]:
    """The catalogue entries most alike ``text``, best first (a matching unit of measure helps)."""
    scored = []
    for kpi in catalogue:
        score = similarity(text, kpi.name)
        if score and unit_of_measure and kpi.unit and loose_key(unit_of_measure) == loose_key(kpi.unit):
            score = round(min(1.0, score + 0.05), 3)
        if score >= floor:
            scored.append(Suggestion(kpi, score))
    scored.sort(key=lambda s: (-s.score, s.kpi.code))
    return scored[:limit]
