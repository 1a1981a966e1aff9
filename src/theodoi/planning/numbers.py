"""Document numbers ("số, ký hiệu"): one normal form so citations link to one node."""

from __future__ import annotations

import re
import unicodedata

_SO = re.compile(r"^(SỐ|SO)[\s:.]*", re.IGNORECASE)


def number_key(number: str | None) -> str:
    """Normalise a document number: NFC, upper case, no "Số", no spaces, one kind of dash.

    ``"Số: 71/NQ -CP"`` and ``"71/nq-cp"`` give ``"71/NQ-CP"``; ``Đ`` is kept.
    """
    text = unicodedata.normalize("NFC", number or "").strip()
    text = _SO.sub("", text)
    text = re.sub(r"[‐‑‒–—−]", "-", text)
    return re.sub(r"\s+", "", text).upper()
