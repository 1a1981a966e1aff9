"""Read ruled tables of a PDF page (appendix tables of tasks, "biểu chi tiết") into rows of cells.

A Word or LibreOffice table exported to PDF keeps its borders as drawn line segments: the
vertical rules give the columns, the horizontal rules the rows. Every glyph inside the grid goes
to the cell it sits in; a cell's lines are read top to bottom and joined with a space, so a
title wrapped over four lines of a narrow column is one cell again. A rule missing inside a row
is a merged cell ("I | Hoàn thiện thể chế" across the unit columns): its text stands in its
first column and the columns it covers are empty, as the DOCX reader gives a ``gridSpan``
cell. The rows come out as the DOCX reader gives them (:func:`docx_reader.table_lines`):
``| a | b |`` lines, or the cells' lines for a layout table (the issuer/motto header). Tables
without rules (text set in columns by tabs) are not read here: they stay lines of text.

Only what is drawn is trusted: at most ``MAX_PATHS`` path objects a page are looked at, and a grid
needs two columns and two rows at least.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

MAX_PATHS = 4000  # path objects read per page (a chart can hold thousands)
THIN = 3.0  # a rule is at most this many points thick
MIN_RULE = 6.0  # and at least this long
SNAP = 2.5  # rules closer than this are one rule


@dataclass
class Grid:
    """One ruled table: column rules (x, ascending), row rules (y, descending) and the vertical
    rules as drawn, to tell a merged cell from a split one."""

    xs: list[float]
    ys: list[float]
    verticals: list[tuple[float, float, float]]  # (x, y_low, y_high)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[-1], self.xs[-1], self.ys[0]

    def holds(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.box
        return x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1


def _segments(page: Any) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) rules drawn on the page."""
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for n, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH])):
        if n >= MAX_PATHS:
            break
        left, bottom, right, top = obj.get_bounds()
        if right - left <= THIN and top - bottom >= MIN_RULE:  # a thin filled bar or one stroke
            vertical.append(((left + right) / 2, bottom, top))
            continue
        if top - bottom <= THIN and right - left >= MIN_RULE:
            horizontal.append(((bottom + top) / 2, left, right))
            continue
        count = raw.FPDFPath_CountSegments(obj.raw)
        if count < 2 or count > 400:
            continue
        a, b, c, d, e, f = obj.get_matrix().get()
        points = []
        for k in range(count):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            if raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                px, py = x.value, y.value
                points.append((a * px + c * py + e, b * px + d * py + f))
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=False):
            if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= MIN_RULE:
                horizontal.append((y0, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= MIN_RULE:
                vertical.append((x0, min(y0, y1), max(y0, y1)))
    return horizontal, vertical


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def find_grids(page: Any) -> list[Grid]:
    """The ruled tables of a page, top first."""
    horizontal, vertical = _segments(page)
    if len(vertical) < 3 or len(horizontal) < 2:
        return []
    # vertical rules that overlap in height belong to one table
    groups: list[list[tuple[float, float, float]]] = []
    for v in sorted(vertical, key=lambda v: -v[2]):
        for g in groups:
            if any(v[1] <= w[2] + SNAP and w[1] <= v[2] + SNAP for w in g):
                g.append(v)
                break
        else:
            groups.append([v])
    grids: list[Grid] = []
    for g in groups:
        xs = _snap([v[0] for v in g])
        if len(xs) < 3:
            continue
        low, high = min(v[1] for v in g), max(v[2] for v in g)
        ys = _snap([h[0] for h in horizontal if low - SNAP <= h[0] <= high + SNAP
                    and h[1] <= xs[0] + SNAP * 2 and h[2] >= xs[-1] - SNAP * 2])
        if len(ys) < 2:
            continue
        grids.append(Grid(xs, sorted(ys, reverse=True), g))
    return sorted(grids, key=lambda g: -g.ys[0])


def _split_here(grid: Grid, x: float, y_low: float, y_high: float) -> bool:
    """A column rule at ``x`` is drawn across the row from ``y_low`` to ``y_high``."""
    mid = (y_low + y_high) / 2
    return any(abs(v[0] - x) <= SNAP and v[1] - SNAP <= mid <= v[2] + SNAP for v in grid.verticals)


def grid_rows(grid: Grid, glyphs: list[Any]) -> list[list[str]]:
    """Cell texts of each row of ``grid`` (merged cells once), from the glyphs inside it."""
    from .pdf_layout import build_lines, line_text

    rows: list[list[str]] = []
    for top, bottom in zip(grid.ys, grid.ys[1:], strict=False):
        bounds = [grid.xs[0]] + [x for x in grid.xs[1:-1] if _split_here(grid, x, bottom, top)] + [grid.xs[-1]]
        cells: list[list[Any]] = [[] for _ in bounds[1:]]
        for g in glyphs:
            if bottom <= g.y <= top:
                cx = (g.x0 + g.x1) / 2
                for k in range(len(cells)):
                    if bounds[k] <= cx < bounds[k + 1]:
                        cells[k].append(g)
                        break
        texts = []
        for k, cell in enumerate(cells):
            lines = sorted(build_lines(cell), key=lambda ln: -ln.y) if cell else []
            texts.append(" ".join(t for t in (line_text(ln.glyphs).strip() for ln in lines) if t))
            # a merged cell keeps its text in its first column, the others empty (as a DOCX gives it)
            texts += [""] * sum(1 for x in grid.xs[1:-1] if bounds[k] < x < bounds[k + 1] - SNAP)
        if any(texts):
            rows.append(texts)
    return rows
