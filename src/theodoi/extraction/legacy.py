"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI) detected and converted to Unicode.

Before Unicode, Vietnamese was typed in fonts that drew Vietnamese letters in place of
Latin-1 characters: TCVN3 (ABC, the ".VnTime" fonts) gives each precomposed lower-case
letter one code ("¸" is "á", "Õ" is "ế", "\xad" is "ư"; upper-case letters come from a
second font, ".VnTimeH", with the same codes), VNI ("VNI-Times") writes a base letter
followed by its marks ("Vieät" is "Việt", "ñ" is "đ"). Such text read from a .txt file,
a Word document or a PDF's text layer is Latin-1 characters that mean something else.

:func:`to_unicode` finds which reading is Vietnamese: it scores the text as it is, as
TCVN3 and as VNI, by the share of letters that only Vietnamese has, minus the share of
Latin-1 letters that Vietnamese never uses (``ø``, ``ï``, ``Ö``, ``¸`` …), and converts
only when a legacy reading is clearly better. Unicode Vietnamese (which uses letters
beyond Latin-1: ạ, ế, ơ …) is never touched.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (ABC): code -> letter, the 67 lower-case precomposed letters and 7 upper-case bases
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ ªê Òề Õế Óể Ôễ Öệ "
    "×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ ¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ "
    "\xadư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ ¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}

# VNI: marks written after the base letter (lower-case marks; upper-case text uses the
# upper-case forms of the same characters)
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_HAT = {"â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"), "å": ("\u0302", "\u0309"),
        "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323")}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(code: str, letter: str) -> None:
        letter = unicodedata.normalize("NFC", letter)
        table[code] = letter
        table[code.upper()] = letter.upper()

    for base in "aeouy":
        for mark, tone in _TONES.items():
            add(base + mark, base + tone)
    for base in "aeo":
        for mark, (hat, tone) in _HAT.items():
            add(base + mark, base + hat + tone)
    for mark, tone in _BREVE.items():
        add("a" + mark, "a\u0306" + tone)
    for base, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _TONES.items():
            add(base + mark, letter + tone)
    for code, letter in _VNI_SINGLE.items():
        add(code, letter)
    return table


VNI = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))
_TCVN3_TABLE = str.maketrans(TCVN3)

# letters only Vietnamese has among Latin scripts, and Latin-1 letters Vietnamese never uses
_VI_ONLY = set(
    "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ"
    "ĂÂĐÊÔƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĨŨ")
_FOREIGN = set("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþ")
SAMPLE = 60_000
_GAIN = 0.05  # how much better a legacy reading must score to be taken


_VI_RE = re.compile("[" + "".join(sorted(_VI_ONLY)) + "]")
_FOREIGN_RE = re.compile("[" + re.escape("".join(sorted(_FOREIGN))) + "]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def plausibility(text: str) -> float:
    """Share of letters only Vietnamese has minus share of letters it never uses (-1..1)."""
    letters = len(_LETTER_RE.findall(text)) + text.count("\xad")
    if not letters:
        return 0.0
    return (len(_VI_RE.findall(text)) - len(_FOREIGN_RE.findall(text))) / letters


_WORD = re.compile(r"\S+")


def _recasable(word: str) -> bool:
    """Its lower-case letters are all TCVN3 letters (none typed in ASCII): "HOạCH", not "TTr"."""
    lower = [c for c in word if c.islower()]
    return bool(lower) and all(not c.isascii() for c in lower)


def _upper_word(word: str) -> str:
    """A word with a capital after its first letter was typed in capitals: "HOạCH" → "HOẠCH"."""
    letters = [c for c in word if c.isalpha()]
    return word.upper() if _recasable(word) and any(c.isupper() for c in letters[1:]) else word


def recase_line(line: str) -> str:
    """TCVN3 has codes for lower-case letters only: capitals were drawn by a second font with
    the same codes, so "KẾ HOẠCH" reads "Kế HOạCH". A word with a capital after its first letter
    is upper-cased; in a line whose words are mostly capitals, so is each capitalised word."""
    words = _WORD.findall(line)
    if not any(c.isupper() for c in line):
        return line
    fixed = [_upper_word(w) for w in words]
    lettered = [w for w in fixed if sum(c.isalpha() for c in w) >= 2]
    caps = [w for w in lettered if w.isupper()]
    mostly = len(lettered) >= 2 and len(caps) >= 0.5 * len(lettered)
    out: list[str] = []
    pos = 0
    for m, word in zip(_WORD.finditer(line), fixed, strict=True):
        first = next((c for c in word if c.isalpha()), "")
        out.append(line[pos:m.start()])
        out.append(word.upper() if mostly and first.isupper() and _recasable(word) else word)
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)


_LOWER_CODES = frozenset(k for k, v in TCVN3.items() if v.islower())
_SENTENCE_END = re.compile(r"[.!?…][\"”')]*$")
_LIST_MARK = re.compile(r"^(?:[-+•*]|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zđ][.)]|[IVX]{1,5}[.)])$")


def _capitals(line: str, converted: str, new_sentence: bool) -> str:
    """Upper-case a TCVN3 lower-case code that starts a sentence ("hàng hóa. áp dụng", or
    the line itself when ``new_sentence``): the capital was drawn by the other font."""
    chars = None
    for i, ch in enumerate(line):
        if ch not in _LOWER_CODES or (i and not line[i - 1].isspace() and line[i - 1] not in "\"“('"):
            continue
        before = line[:i].rstrip().rstrip("\"“('")
        starts = not before or _LIST_MARK.match(before)
        if (starts and new_sentence) or (before and _SENTENCE_END.search(before)):
            chars = chars or list(converted)
            chars[i] = chars[i].upper()
    return "".join(chars) if chars else converted


_HEADING = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s+\S.{0,200}$")


def _ends_sentence(line: str) -> bool:
    """A line after which a sentence starts: a full stop (or colon), a heading."""
    line = line.rstrip()
    return bool(_SENTENCE_END.search(line) or line.endswith(":") or line.isupper()
                or (_HEADING.match(line) and not line.endswith((",", ";"))))


def _body_capitals(line: str) -> str:
    """The names of bodies keep their capital wherever they stand ("Đề nghị Ủy ban Mặt trận")."""
    return re.sub(r"(?<![\w])(ủy|uỷ)(?= ban\b)", lambda m: m.group(1).capitalize(), line)


def tcvn3_lines(lines: list[str]) -> list[str]:
    """TCVN3 lines to Unicode, capitals restored (:func:`recase_line`, sentence starts).
    Blank lines say nothing: web copies put them inside sentences."""
    out: list[str] = []
    new_sentence = True  # the document's start, or a line that ends a sentence
    for line in lines:
        converted = _capitals(line, line.translate(_TCVN3_TABLE), new_sentence)
        out.append(recase_line(_body_capitals(converted)))
        if line.strip():
            new_sentence = _ends_sentence(converted)
    return out


def tcvn3_to_unicode(text: str) -> str:
    return "\n".join(tcvn3_lines(text.split("\n")))


def vni_to_unicode(text: str) -> str:
    return _VNI_RE.sub(lambda m: VNI[m.group(0)], text)


CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}
# what only a legacy text is full of: TCVN3's codes that are symbols in Latin-1, VNI's marks
# after a vowel (and its "đ"); French or German text has none or few of them
SIGNATURES = {
    "tcvn3": re.compile("[¸µ¶·¹¨»¾¼½©®ª«¬\xad]"),
    "vni": re.compile("[aeiouyôöAEIOUYÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[ñÑ]"),
}
SIGNATURE_SHARE = {"tcvn3": 0.01, "vni": 0.02}


def detect(text: str) -> str | None:
    """'tcvn3', 'vni' or None (Unicode, or no Vietnamese to judge by)."""
    sample = text[:SAMPLE]
    if not _FOREIGN_RE.search(sample):
        return None
    here = plausibility(sample)
    letters = len(_LETTER_RE.findall(sample))
    best, name = here, None
    for key, convert in CONVERTERS.items():
        if len(SIGNATURES[key].findall(sample)) < max(3, SIGNATURE_SHARE[key] * letters):
            continue
        score = plausibility(convert(sample))
        if score > best:
            best, name = score, key
    return name if name is not None and best - here >= _GAIN and best > 0.05 else None


def to_unicode(text: str) -> str:
    """``text`` converted from TCVN3 or VNI when it is written in one, else unchanged."""
    name = detect(text)
    return unicodedata.normalize("NFC", CONVERTERS[name](text)) if name else text


def lines_to_unicode(lines: list[str]) -> list[str]:
    """The same for a document's lines (judged on the whole document)."""
    sample: list[str] = []
    size = 0
    for line in lines:
        sample.append(line)
        size += len(line) + 1
        if size > SAMPLE:
            break
    name = detect("\n".join(sample))
    if name is None:
        return lines
    if name == "tcvn3":
        return [unicodedata.normalize("NFC", line) for line in tcvn3_lines(lines)]
    convert = CONVERTERS[name]
    return [unicodedata.normalize("NFC", convert(line)) for line in lines]
