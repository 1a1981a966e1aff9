"""Read a .docx plan: body paragraphs and tables in document order.

Word auto-numbering (``w:numPr``) is rendered as text ("1.", "1.2.", "a)",
"II.", "-") so the outline parser sees the same markers as in a text file.
Tables become lines starting with ``|`` (one line per row, cells joined by
`` | ``) and are also returned as lists of rows of cell texts.
"""

from __future__ import annotations

import io
import re

from .safety import ExtractionError, check_xml_part, open_safe_zip, read_member_capped

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _fmt(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


class _Numbering:
    """Counters for Word list numbering, enough to rebuild visible labels."""

    def __init__(self, numbering_el) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.num_to_abs: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        if numbering_el is None:
            return
        for absn in numbering_el.iter(W + "abstractNum"):
            aid = absn.get(W + "abstractNumId")
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in absn.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl") or 0)
                fmt_el, text_el, start_el = (lvl.find(W + "numFmt"), lvl.find(W + "lvlText"),
                                             lvl.find(W + "start"))
                fmt = fmt_el.get(W + "val") if fmt_el is not None else "decimal"
                text = text_el.get(W + "val") if text_el is not None else "%1."
                start = int(start_el.get(W + "val")) if start_el is not None else 1
                lv[ilvl] = (fmt or "decimal", text or "", start)
            self.levels[aid] = lv
        for num in numbering_el.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                self.num_to_abs[num.get(W + "numId")] = ref.get(W + "val")

    def label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_to_abs.get(num_id)
        levels = self.levels.get(aid or "", {})
        if ilvl not in levels:
            return ""
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        cnt = self.counters.setdefault(aid or "", [0] * 10)
        if ilvl >= len(cnt):
            return ""
        cnt[ilvl] = cnt[ilvl] + 1 if cnt[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, len(cnt)):
            cnt[deeper] = 0

        def repl(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k)
            val = cnt[k] if k < len(cnt) and cnt[k] else (lvl[2] if lvl else 1)
            return _fmt(val, lvl[0] if lvl else "decimal")

        return re.sub(r"%(\d)", repl, text)


def _para_text(p) -> str:
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == W + "t" and node.text:
            parts.append(node.text)
        elif tag == W + "tab":
            parts.append(" ")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _num_pr(p, styles_num: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return None
    numpr = ppr.find(W + "numPr")
    if numpr is not None:
        nid, ilvl = numpr.find(W + "numId"), numpr.find(W + "ilvl")
        if nid is not None and nid.get(W + "val") not in (None, "0"):
            return nid.get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0
        return None
    style = ppr.find(W + "pStyle")
    if style is not None:
        return styles_num.get(style.get(W + "val"))
    return None


def read_docx(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """Return (lines, tables) of a DOCX, after zip-bomb and entity checks."""
    zf = open_safe_zip(data)
    names = set(zf.namelist())
    if "word/document.xml" not in names:
        raise ExtractionError("Tệp DOCX không có nội dung văn bản (thiếu word/document.xml).")
    parts: dict[str, bytes] = {}
    for name in names:
        if name.endswith((".xml", ".rels")):
            xml = read_member_capped(zf, name)
            check_xml_part(xml)
            parts[name] = xml
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken files
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không đọc được.") from exc
    numbering_el = None
    try:
        numbering_el = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering_el = None
    numbering = _Numbering(numbering_el)
    styles_num: dict[str, tuple[str, int]] = {}
    try:
        for st in document.styles.element.iter(W + "style"):
            npr = st.find(f"{W}pPr/{W}numPr")
            nid = npr.find(W + "numId") if npr is not None else None
            if nid is not None:
                lvl = npr.find(W + "ilvl")
                styles_num[st.get(W + "styleId")] = (
                    nid.get(W + "val"), int(lvl.get(W + "val")) if lvl is not None else 0)
    except AttributeError:
        pass
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            text = _para_text(child)
            num = _num_pr(child, styles_num)
            if num is not None and text.strip():
                label = numbering.label(*num)
                if label:
                    text = f"{label} {text.lstrip()}"
            lines.extend(text.split("\n"))
            lines.append("")
        elif child.tag == W + "tbl":
            rows = _table_rows(child)
            if rows:
                tables.append(rows)
                lines.extend(table_lines(rows))
                lines.append("")
    return lines, tables


def _table_rows(tbl) -> list[list[str]]:
    """Cell texts per row; a cell merged across columns (``gridSpan``) keeps its text in its
    first column and leaves the others empty, so every row has the table's columns."""
    rows: list[list[str]] = []
    for tr in tbl.iter(W + "tr"):
        cells: list[str] = []
        for tc in tr.iter(W + "tc"):
            paras = [" ".join(_para_text(p).split()) for p in tc.iter(W + "p")]
            cells.append("\n".join(t for t in paras if t))
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            try:
                extra = int(span.get(W + "val")) - 1 if span is not None else 0
            except (TypeError, ValueError):
                extra = 0
            cells.extend([""] * max(0, min(extra, 60)))
        rows.append(cells)
    return rows


def table_lines(rows: list[list[str]]) -> list[str]:
    """Layout tables (document header, signature) give their cells' lines;
    data tables give one ``| a | b |`` line per row."""
    flat = " ".join(c for r in rows for c in r)
    ncols = max(len(r) for r in rows)
    if len(rows) <= 3 and ncols <= 2 and re.search(r"Số\s*:|CỘNG HÒA|CỘNG HOÀ|ngày|Nơi nhận", flat):
        out: list[str] = []
        for r in rows:
            for c in r:
                out.extend(c.split("\n"))
                out.append("")
        return out
    return ["| " + " | ".join(c.replace("\n", " ") for c in r) + " |" for r in rows]
