"""Rebuild the text lines of a PDF page from glyph positions (PDFium).

Why positions and not drawing order: LibreOffice (and other writers) draw the
letters a font lacks (Vietnamese "Ộ", "Ụ", "ố" …) in a fallback font after the
rest of the line, so the drawing order reads "B GIÁO D C … OỘ Ụ". Here every
glyph is placed by its box instead:

* glyphs are grouped into lines by baseline (tolerance relative to the font
  size) and by horizontal reach, so a fallback glyph lands in the line it sits
  in, while a block on the same baseline far to the right (the other cell of
  a header table, another column) stays a separate line;
* each line is sorted by x; a space is put where the page has a space glyph
  or where the gap between glyphs is wider than a fraction of the font size;
* lines keep the order in which their first glyph was drawn (Word and
  LibreOffice draw a table cell by cell and a column after column, which is
  the reading order), except where a run of rows clearly shares a gutter
  and the drawing alternates between the two sides: those rows are read as
  two columns, left block first, never interleaved line by line;
* rotated text is read in its own direction (glyph matrix), page by page,
  the main direction first;
* a vertical gap clearly larger than the page's usual line pitch (the
  distance between baselines within a paragraph, the low decile of the steps)
  gives an empty line: a paragraph break.

Guarantee of :func:`page_lines`: at most ``max_chars`` glyphs of the page are
read, so the work per page is bounded.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SPACE_GAP = 0.15  # a gap wider than this many em between glyphs is a word space
JOIN_GAP = 3.0  # glyphs drawn one after another join a line across this many em
REACH = 1.0  # a glyph drawn elsewhere joins a line it falls within this many em of
GUTTER = 1.0  # a column gutter is at least this many em wide
MIN_COLUMN_ROWS = 3  # rows sharing a gutter before they are read as two columns
PARAGRAPH_GAP = 1.35  # × the usual line pitch: more is a paragraph break (empty line)


@dataclass(slots=True)
class Glyph:
    """One character in its reading frame: text runs along +x, up is +y."""

    ch: str
    x0: float
    x1: float
    y: float
    size: float
    seq: int
    space: bool = False


@dataclass(slots=True)
class Line:
    y: float
    size: float
    x0: float
    x1: float
    seq: int
    glyphs: list[Glyph] = field(default_factory=list)

    def add(self, g: Glyph) -> None:
        self.glyphs.append(g)
        if g.x0 < self.x0:
            self.x0 = g.x0
        if g.x1 > self.x1:
            self.x1 = g.x1
        if g.size > self.size:
            self.size = g.size


def _frame(quarter: int, box: tuple[float, float, float, float],
           origin: tuple[float, float]) -> tuple[float, float, float]:
    """(x0, x1, baseline) of a glyph rotated by ``quarter`` × 90° into +x."""
    left, bottom, right, top = box
    ox, oy = origin
    if quarter == 1:
        return bottom, top, -ox
    if quarter == 2:
        return -right, -left, -oy
    if quarter == 3:
        return -top, -bottom, ox
    return left, right, oy


def read_glyphs(textpage: object, max_chars: int) -> dict[int, list[Glyph]]:
    """The page's glyphs in drawing order, grouped by direction (0–3 quarters)."""
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    # The loop runs once per glyph: PDFium's functions and out-parameters are
    # bound once, and a text object's matrix and size are read once.
    tp: Any = getattr(textpage, "raw", textpage)
    get_unicode, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
    get_box, get_origin = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    # the text object only as an address (an int), not a pointer object per glyph
    get_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
        ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value or 0)
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect_p, matrix_p, ox_p, oy_p = (ctypes.byref(rect), ctypes.byref(matrix),
                                    ctypes.byref(ox), ctypes.byref(oy))
    count = min(raw.FPDFText_CountChars(tp), max_chars)
    by_dir: dict[int, list[Glyph]] = {}
    last: Glyph | None = None
    obj_addr: int | None = -1
    size, quarter, glyphs = 1.0, 0, by_dir.setdefault(0, [])
    for i in range(count):
        code = get_unicode(tp, i)
        hyphen = code in (0x02, 0xFFFE) and is_generated(tp, i) != 1
        if (code < 32 and not hyphen) or code in (0xFFFE, 0xFFFF) and not hyphen or (
                code == 32 and is_generated(tp, i) == 1):
            continue  # line ends and the spaces PDFium invents from its own guesses
        # PDFium reports a hyphen drawn at a line's end as 0x02: it is the "-" of "531/TTr-" / "BKHĐT"
        ch = "-" if hyphen else chr(code)
        if last is not None and unicodedata.combining(ch):
            last.ch += ch  # a separately drawn accent belongs to the letter before it
            continue
        addr = get_object(tp_addr, i)
        if addr != obj_addr:
            obj_addr = addr
            raw.FPDFText_GetMatrix(tp, i, matrix_p)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            scale = math.sqrt(abs(a * d - b * c)) or 1.0
            size = max(raw.FPDFText_GetFontSize(tp, i) * scale, 1.0)
            quarter = round(math.atan2(b, a) / (math.pi / 2)) % 4
            glyphs = by_dir.setdefault(quarter, [])
        get_box(tp, i, rect_p)
        get_origin(tp, i, ox_p, oy_p)
        if quarter == 0:
            x0, x1, y = rect.left, rect.right, oy.value
        else:
            x0, x1, y = _frame(quarter, (rect.left, rect.bottom, rect.right, rect.top),
                               (ox.value, oy.value))
        last = Glyph(ch, min(x0, x1), max(x0, x1), y, size, i, code == 32 or ch.isspace())
        glyphs.append(last)
    return {q: g for q, g in by_dir.items() if g}


def build_lines(glyphs: list[Glyph]) -> list[Line]:
    """Group glyphs into lines by baseline and reach, in order of first drawing."""
    lines: list[Line] = []
    current: Line | None = None
    for g in glyphs:
        if current is not None and _continues(current, g):
            current.add(g)
            continue
        current = next((ln for ln in reversed(lines) if _reaches(ln, g)), None)
        if current is None:
            current = Line(g.y, g.size, g.x0, g.x1, g.seq)
            lines.append(current)
        current.add(g)
    return _merge([ln for ln in lines if any(not g.space for g in ln.glyphs)])


def _merge(lines: list[Line]) -> list[Line]:
    """Join pieces of one line drawn apart (fallback glyphs may come first)."""
    merged: list[Line] = []
    by_y = sorted(lines, key=lambda ln: -ln.y)
    start = 0
    while start < len(by_y):
        end = start + 1
        while end < len(by_y) and _same_baseline(by_y[start], by_y[end].glyphs[0]):
            end += 1
        group: list[Line] = []
        for ln in sorted(by_y[start:end], key=lambda ln: ln.x0):
            last = group[-1] if group else None
            if last is not None and ln.x0 <= last.x1 + REACH * max(last.size, ln.size):
                for g in ln.glyphs:
                    last.add(g)
                last.seq = min(last.seq, ln.seq)
            else:
                group.append(ln)
        merged += group
        start = end
    return merged


def _same_baseline(line: Line, g: Glyph) -> bool:
    return abs(g.y - line.y) <= 0.4 * max(line.size, g.size)


def _continues(line: Line, g: Glyph) -> bool:
    """The next glyph drawn continues the line being drawn."""
    em = max(line.size, g.size)
    return _same_baseline(line, g) and line.x0 - REACH * em <= g.x0 <= line.x1 + JOIN_GAP * em


def _reaches(line: Line, g: Glyph) -> bool:
    """A glyph drawn out of order (fallback font) sits inside or next to the line."""
    em = max(line.size, g.size)
    return _same_baseline(line, g) and line.x0 - REACH * em <= g.x0 <= line.x1 + REACH * em


def line_text(glyphs: list[Glyph]) -> str:
    """The glyphs sorted by x with word spaces restored."""
    out: list[str] = []
    prev: Glyph | None = None
    pending = False
    for g in sorted(glyphs, key=lambda g: (g.x0, g.seq)):
        if g.space:
            pending = prev is not None
            continue
        if prev is not None:
            if g.ch == prev.ch and abs(g.x0 - prev.x0) < 0.2 * g.size:
                continue  # text drawn twice, slightly offset, to look bold
            if pending or g.x0 - prev.x1 > SPACE_GAP * max(g.size, prev.size):
                out.append(" ")
        out.append(g.ch)
        prev, pending = g, False
    return "".join(out)


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines (in reading order) that share a baseline form a row."""
    rows: list[list[Line]] = []
    for ln in lines:
        if rows and abs(rows[-1][0].y - ln.y) <= 0.4 * max(rows[-1][0].size, ln.size):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _gutters(row: list[Line]) -> list[tuple[float, float]]:
    """Horizontal gaps wider than GUTTER em between the row's glyphs."""
    glyphs = sorted((g for ln in row for g in ln.glyphs if not g.space), key=lambda g: g.x0)
    found: list[tuple[float, float]] = []
    reach = glyphs[0].x1 if glyphs else 0.0
    for g in glyphs[1:]:
        if g.x0 - reach > GUTTER * g.size:
            found.append((reach, g.x0))
        reach = max(reach, g.x1)
    return found


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float] | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if hi > lo else None


def _side_of(row: list[Line], gutter: tuple[float, float]) -> bool:
    """The row lies entirely on one side of ``gutter`` (a column's lone line)."""
    x0, x1 = min(ln.x0 for ln in row), max(ln.x1 for ln in row)
    return x1 <= gutter[1] or x0 >= gutter[0]


def _paragraph_break(above: Line, below: Line, pitch: float) -> bool:
    """More space between the baselines than the page's usual line pitch."""
    gap = above.y - below.y
    return gap > PARAGRAPH_GAP * pitch and gap > pitch + 0.3 * below.size


def order_text(lines: list[Line]) -> list[str]:
    """Text of the lines in reading order, two-column runs read column by column."""
    rows = _rows(sorted(lines, key=lambda ln: ln.seq))
    steps = sorted(a[0].y - b[0].y for a, b in zip(rows, rows[1:], strict=False)
                   if a[0].y - b[0].y > 0.8 * b[0].size)
    pitch = steps[len(steps) // 10] if steps else 0.0  # single spacing, even if rare
    out: list[str] = []
    i = 0
    while i < len(rows):
        run_end, gutter, gapped = i, None, 0
        for j in range(i, len(rows)):
            if j > i and rows[j][0].y >= rows[j - 1][0].y:
                break  # a column runs downwards
            shared = None
            for gap in _gutters(rows[j]):
                shared = gap if gutter is None else _overlap(gutter, gap)
                if shared and shared[1] - shared[0] >= 0.5 * rows[j][0].size:
                    break
                shared = None
            if shared is not None:
                gutter, gapped, run_end = shared, gapped + 1, j + 1
            elif gutter is not None and _side_of(rows[j], gutter):
                run_end = j + 1
            else:
                break
        if gutter is not None and gapped >= MIN_COLUMN_ROWS:
            mid = (gutter[0] + gutter[1]) / 2
            left, right = [], []
            for row in rows[i:run_end]:
                glyphs = [g for ln in row for g in ln.glyphs]
                left.append(line_text([g for g in glyphs if g.x0 < mid]))
                right.append(line_text([g for g in glyphs if g.x0 >= mid]))
            out += [t for t in left if t] + [t for t in right if t]
            i = run_end
            continue
        if i and _paragraph_break(rows[i - 1][0], rows[i][0], pitch):
            out.append("")
        out += [line_text(ln.glyphs) for ln in rows[i]]
        i += 1
    return out


def page_lines(textpage: object, max_chars: int, grids: list[Any] | None = None) -> list[str]:
    """The page's text lines in reading order (see module docstring); the glyphs inside the
    ruled tables ``grids`` (:mod:`pdf_tables`) come out as the tables' rows, where they stand."""
    by_dir = read_glyphs(textpage, max_chars)
    out: list[str] = []
    for quarter in sorted(by_dir, key=lambda q: -len(by_dir[q])):
        if quarter == 0 and grids:
            out += _with_tables(by_dir[quarter], grids)
        else:
            out += order_text(build_lines(by_dir[quarter]))
    return out


def _with_tables(glyphs: list[Glyph], grids: list[Any]) -> list[str]:
    """Text above each table, the table as ``| a | b |`` rows (as a DOCX gives them), the rest."""
    from .docx_reader import table_lines
    from .pdf_tables import grid_rows

    owned: list[list[Glyph]] = [[] for _ in grids]
    free: list[Glyph] = []
    for g in glyphs:
        at = next((k for k, grid in enumerate(grids) if grid.holds((g.x0 + g.x1) / 2, g.y)), None)
        (free if at is None else owned[at]).append(g)
    remaining = build_lines(free)
    out: list[str] = []
    for grid, inside in zip(grids, owned, strict=True):
        top = grid.ys[0]
        out += order_text([ln for ln in remaining if ln.y > top])
        remaining = [ln for ln in remaining if ln.y <= top]
        rows = grid_rows(grid, inside)
        if rows:
            out += table_lines(rows)
    return out + order_text(remaining)
