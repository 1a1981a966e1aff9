"""Match unit names as documents write them to units of the tree.

Documents write the same body many ways: "UBND xã Phong Thổ", "Ủy ban nhân dân xã
Phong Thổ", "Đảng ủy xã Bum Nua" for "Đảng uỷ xã Bum Nưa", "Sở KH&CN". Matching
compares keys built by :mod:`theodoi.domain.text` after expanding the common
abbreviations of Vietnamese administration; names are looked up first among the
units near the issuer (its subtree, then its province), so "Phòng Văn hóa - Xã hội"
in a commune's plan is that commune's office.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from theodoi.domain.text import loose_key, name_key
from theodoi.tenancy.models import Unit

# Abbreviations of administrative Vietnamese, expanded before comparing.
_ABBREVIATIONS = [
    (r"\bubnd\b", "ủy ban nhân dân"),
    (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bmttq\b", "mặt trận tổ quốc"),
    (r"\bkh&cn\b|\bkhcn\b", "khoa học và công nghệ"),
    (r"\bkh,\s*cn\b", "khoa học và công nghệ"),
    (r"\bvh-xh\b|\bvhxh\b", "văn hóa - xã hội"),
    (r"\btp\.?\s", "thành phố "),
    (r"\bbch\b", "ban chấp hành"),
    (r"\bbcđ\b", "ban chỉ đạo"),
    (r"\btt\b", "trung tâm"),
]
_ABBR = [(re.compile(p), r) for p, r in _ABBREVIATIONS]
_LEAD_WORDS = re.compile(r"^(đề nghị|giao|các|cơ quan)\s+", re.IGNORECASE)
# The body of a commune or province: its People's Committee is the unit itself.
_STATE_BODY = re.compile(r"^ủy ban nhân dân\s+")


def _expand(text: str) -> str:
    key = name_key(text)
    for pattern, replacement in _ABBR:
        key = pattern.sub(replacement, key)
    key = _LEAD_WORDS.sub("", key)
    return re.sub(r"\s+", " ", key).strip(" .,;:")


def keys_for(text: str) -> list[str]:
    """Comparable keys of a name: expanded exact form, without the state-body prefix, loose."""
    exact = _expand(text)
    keys = [exact]
    bare = _STATE_BODY.sub("", exact)
    if bare != exact:
        keys.append(bare)
    keys += [loose_key(k) for k in list(keys)]
    return list(dict.fromkeys(k for k in keys if k))


class UnitMatcher:
    """An in-memory index of unit names and aliases, built once per import."""

    def __init__(self, units: Iterable[Unit]):
        self._by_key: dict[str, list[Unit]] = defaultdict(list)
        self._chosen: dict[str, Unit] = {}
        for unit in units:
            names = [unit.name, unit.short_name, *(a.name for a in unit.aliases.all())]
            for name in filter(None, names):
                for key in keys_for(name):
                    if unit not in self._by_key[key]:
                        self._by_key[key].append(unit)

    @classmethod
    def for_all(cls) -> UnitMatcher:
        return cls(Unit.objects.prefetch_related("aliases"))

    def choose(self, text: str, unit: Unit) -> None:
        """A person picked ``unit`` for the name ``text`` (one the tree did not resolve, on the
        import's review page): from now on :meth:`match` gives it for that name, however written."""
        for key in keys_for(text):
            self._chosen[key] = unit

    def candidates(self, text: str) -> list[Unit]:
        for key in keys_for(text):
            found = self._by_key.get(key)
            if found:
                return found
        return []

    def match(self, text: str | None, near: Unit | None = None, on=None) -> Unit | None:
        """The unit ``text`` names, preferring units under ``near``, then its province.

        Returns None when nothing matches, or when several equally near units match
        (an ambiguous name is left for a person to choose rather than guessed).
        """
        if not text:
            return None
        chosen = next((self._chosen[k] for k in keys_for(text) if k in self._chosen), None)
        if chosen is not None:
            return chosen
        found = self.candidates(text)
        if on is not None:
            alive = [u for u in found if u.is_active_on(on)]
            found = alive or found
        if len(found) <= 1:
            return found[0] if found else None
        if near is not None:
            for scope in _scopes(near):
                inside = [u for u in found if u.path.startswith(scope)]
                if len(inside) == 1:
                    return inside[0]
                if inside:
                    found = inside
        return None


def _scopes(unit: Unit) -> list[str]:
    """Path prefixes from the unit outwards: itself, its parent, ... the root."""
    ids = unit.path.strip("/").split("/")
    return ["/" + "/".join(ids[:i]) + "/" for i in range(len(ids), 0, -1)]
