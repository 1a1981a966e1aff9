"""Decode plain-text plans (.txt/.md) whatever their encoding.

Order: BOM (UTF-8, UTF-16/32), strict UTF-8, BOM-less UTF-16 (by NUL pattern),
then Windows-1258 and charset-normalizer's guess, keeping the candidate that
reads most like Vietnamese. Text in a legacy font encoding (TCVN3/VNI) is returned
as read (Windows-1252) and converted by the normalisation stage (:mod:`legacy`).
Binary junk raises :class:`ExtractionError`.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata

from .legacy import SAMPLE, detect, plausibility, to_unicode
from .safety import ExtractionError

# Letters that exist only in Vietnamese among Latin scripts (after NFC).
_VI_LETTERS = re.compile(
    "[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    "ĂÂĐÊÔƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_PLAN_TEXT = "Tệp không phải văn bản đọc được (có thể là tệp nhị phân hoặc định dạng không hỗ trợ)."


def vietnamese_score(text: str) -> float:
    """Share of characters that are Vietnamese-only letters (0..1)."""
    sample = text[:20000]
    letters = sum(ch.isalpha() for ch in sample)
    if not letters:
        return 0.0
    return len(_VI_LETTERS.findall(unicodedata.normalize("NFC", sample))) / letters


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad / len(sample) > 0.02


def decode_text(data: bytes) -> str:
    """Return the text of ``data`` as NFC Unicode, or raise ExtractionError."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _finish(data.decode(enc))
            except UnicodeDecodeError as exc:
                raise ExtractionError(_NOT_PLAN_TEXT) from exc
    try:
        return _finish(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:
        even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return _finish(data.decode(enc))
        except UnicodeDecodeError as exc:
            raise ExtractionError(_NOT_PLAN_TEXT) from exc
    candidates: list[str] = []
    with contextlib.suppress(UnicodeDecodeError):
        candidates.append(data.decode("cp1258"))
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
        if best is not None:
            candidates.append(data.decode(best.encoding, errors="replace"))
    except (ImportError, LookupError):
        pass
    candidates = [c for c in candidates if not _looks_binary(c)]
    # a TCVN3/VNI file is Latin-1 characters that mean Vietnamese letters: kept as read,
    # converted by the normalisation stage (legacy.py) like the same text from DOCX or PDF
    latin = data.decode("cp1252", errors="replace")
    if not _looks_binary(latin) and detect(latin) is not None:
        scored = [(plausibility(c), c) for c in candidates]
        legacy_score = plausibility(to_unicode(latin[:SAMPLE]))
        if not scored or legacy_score > max(scored)[0]:
            return _finish(latin)
    if not candidates:
        raise ExtractionError(_NOT_PLAN_TEXT)
    best_text = max(candidates, key=vietnamese_score)
    if vietnamese_score(best_text) < 0.01:
        raise ExtractionError(_NOT_PLAN_TEXT)
    return _finish(best_text)


def _finish(text: str) -> str:
    if _looks_binary(text):
        raise ExtractionError(_NOT_PLAN_TEXT)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
