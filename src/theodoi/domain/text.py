"""Vietnamese text keys: diacritic-free folding for search, and keys that compare names.

``fold("Chuyển đổi số")`` → ``"chuyen doi so"``; ``name_key`` also folds the old and new
tone placements ("uỷ"/"ủy", "hoà"/"hòa") and spacing, so "UBND xã Bum Nưa" and
"UBND  xã Bum Nưa" compare equal; ``loose_key`` drops every diacritic too, so "Bum Nua"
still finds "Bum Nưa".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old ("oà", "uỷ") and new ("òa", "ủy") tone placement: normalise to the new style.
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# Only where the pair ends the syllable: "hoà" → "hòa", but "toàn" keeps its mark.
_TONE_RE = re.compile("(" + "|".join(_TONE_MOVES) + r")(?!\w)")
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without diacritics ("đ" → "d"), for search that ignores accents."""
    s = unicodedata.normalize("NFD", str(text).lower())
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return s.replace("đ", "d").replace("Đ", "d")


def normalise_tones(text: str) -> str:
    """Composed (NFC) text with the new-style tone placement ("uỷ" → "ủy")."""
    s = unicodedata.normalize("NFC", str(text))
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], s)


def name_key(text: str) -> str:
    """A key for comparing names: lower case, new tone placement, punctuation and runs of
    spaces folded to one space. Diacritics stay: "Bum Nưa" and "Bum Nua" differ here."""
    s = normalise_tones(str(text).lower())
    s = _NON_WORD.sub(" ", s).replace("_", " ")
    return _SPACE.sub(" ", s).strip()


def loose_key(text: str) -> str:
    """``name_key`` without any diacritic: spelling variants that lost their marks match."""
    return _SPACE.sub(" ", fold(name_key(text))).strip()


def slugify_vi(text: str, max_length: int = 80) -> str:
    """An ASCII slug: "Phòng Văn hóa - Xã hội" → "phong-van-hoa-xa-hoi"."""
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return s[:max_length].rstrip("-")


# Vietnamese alphabetical order: letters with a breve, circumflex or horn and "đ" are
# letters of their own (a < ă < â, d < đ, o < ô < ơ, u < ư); tone marks only break ties, in the
# dictionary order ngang < huyền < hỏi < ngã < sắc < nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_DIGITS = re.compile(r"\d+")


def _letter(base: str, marks: str) -> str:
    if base == "đ":
        return "đ"
    if "\u0306" in marks and base == "a":
        return "ă"
    if "\u0302" in marks and base in "aeo":
        return {"a": "â", "e": "ê", "o": "ô"}[base]
    if "\u031b" in marks and base in "ou":
        return {"o": "ơ", "u": "ư"}[base]
    return base


def vi_sort_key(text: str) -> tuple[str, str, str]:
    """A sort key in Vietnamese alphabetical order, ignoring case: "Bình Lư" < "Bum Nưa" <
    "Dào San" < "Đông Phong"; runs of digits compare as numbers ("Bản 2" < "Bản 10").

    Python's default order puts "Đ" after "Z" and "Â" after "B"; every list of names the
    project shows is sorted with this key (made once per process for each text: the same names
    are sorted on every request)."""
    return _vi_sort_key(str(text))


@lru_cache(maxsize=16384)
def _vi_sort_key(text: str) -> tuple[str, str, str]:
    primary, tones = [], []
    s = _DIGITS.sub(lambda m: m.group(0).zfill(12), normalise_tones(text).lower())
    for ch in s:
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        letter = _letter(base, marks)
        rank = _ALPHABET.find(letter)
        primary.append(chr(0x100 + rank) if rank >= 0 else letter)
        tones.append(next((_TONES[m] for m in marks if m in _TONES), "0"))
    return "".join(primary), "".join(tones), text


def shorten(text: object, limit: int = 80) -> str:
    """The text on one line, cut at a word boundary to at most ``limit`` characters, ending in "…"
    when cut ("Chuyển đổi số toàn diện" → "Chuyển đổi số…", never "Chuyển đổi s")."""
    line = " ".join(str(text or "").split())
    if len(line) <= limit:
        return line
    cut = line[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


# The level words a Vietnamese place name opens with ("Xã Bình Lư", "Thành phố Lai Châu").
PLACE_LEVELS = ("thành phố", "thị trấn", "đặc khu", "phường", "tỉnh", "xã", "huyện", "thị xã")


def level_word(place: str) -> str:
    """"Xã Bình Lư" -> "xã", "Thành phố Hà Nội" -> "thành phố" ("" when the name has no level)."""
    low = place.lower()
    return next((p for p in sorted(PLACE_LEVELS, key=len, reverse=True) if low.startswith(p + " ")), "")


def place_name(place: str) -> str:
    """"Xã Bình Lư" -> "Bình Lư", "Tỉnh Lai Châu" -> "Lai Châu"."""
    level = level_word(place)
    return place[len(level) + 1:].strip() if level else place.strip()


def of_place(name: str, place: str) -> str:
    """A body named with the place or body it belongs to, as Vietnamese documents write it:
    "Công an xã" of "Xã Bình Lư" -> "Công an xã Bình Lư"; "Trung tâm Dịch vụ tổng hợp" of "Xã Bum Nưa"
    -> "Trung tâm Dịch vụ tổng hợp xã Bum Nưa"; "Ủy ban Kiểm tra Đảng ủy" of "Đảng ủy xã Bình Lư" ->
    "Ủy ban Kiểm tra Đảng ủy xã Bình Lư"; otherwise "Văn phòng (Sở Nội vụ)"."""
    level = level_word(place)
    if level and name.lower().endswith(" " + level):
        return f"{name} {place_name(place)}"
    if level:
        return f"{name} {place[:1].lower()}{place[1:]}"
    words, head = name.split(), place.split()
    for n in range(min(len(words), len(head)), 0, -1):  # the longest overlap: "… Đảng ủy" + "Đảng ủy xã …"
        if fold(" ".join(words[-n:])) == fold(" ".join(head[:n])):
            return " ".join(words + head[n:])
    return f"{name} ({place})"


def of_area(name: str, area: str) -> str:
    """An administrative unit named with the one it lies in, as an address: "Xã Bình Lư, huyện Tam Đường"."""
    return f"{name}, {area[:1].lower()}{area[1:]}"
