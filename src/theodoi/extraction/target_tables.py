"""Targets read from a table: an appendix table the targets section points to ("Các chỉ tiêu tại
Biểu số 01 kèm theo"), or a table standing in the targets section itself, with columns such as
STT | Chỉ tiêu | Đơn vị tính | Chỉ tiêu năm 2026."""

from __future__ import annotations

import re

from .areas import subject_area
from .numbers import NUM, comparator_before, parse_number
from .outline import Node

NUMBER_CELL = rf"({NUM})"

_T_TITLE = re.compile(r"^(?:tên\s+)?(?:chỉ tiêu|nội dung|mục tiêu)(?:\s+chủ yếu)?$", re.I)
_T_UNIT = re.compile(r"^(?:đơn vị tính|đơn vị|đvt)$", re.I)
_T_VALUE = re.compile(r"chỉ tiêu|mục tiêu|kế hoạch|giá trị|năm\s+20\d\d|đến\s+20\d\d|giai đoạn\s+20\d\d", re.I)
_T_CMP = {"≥": ">=", ">=": ">=", ">": ">", "≤": "<=", "<=": "<=", "<": "<="}


def appendix_targets(tables: list[list[list[str]]], pointer: Node, period_end: int | None) -> list[dict]:
    """Targets read from an appendix table with columns such as STT | Chỉ tiêu |
    Đơn vị tính | Chỉ tiêu năm 2026 (used only when the targets section points
    there and states none itself). ``section`` is the pointing heading's code."""
    out: list[dict] = []
    for table in tables:
        out.extend(table_targets(table, pointer.code, period_end) or [])
    return out


_RANGE_CELL = re.compile(rf"({NUM})\s*[-–]\s*({NUM})")


def table_targets(table: list[list[str]], section: str, period_end: int | None) -> list[dict] | None:
    """Targets of one table whose header names the indicator, its unit and a value
    column; None when the table is not such a list. Used for appendix tables the
    targets section points to, and for a table standing in the targets section
    itself (a Word table converted to Markdown)."""
    if len(table) < 2:
        return None
    head = [c.strip().strip("*").strip() for c in table[0]]
    title_col = next((i for i, c in enumerate(head) if _T_TITLE.match(c)), None)
    unit_col = next((i for i, c in enumerate(head) if _T_UNIT.match(c)), None)
    if title_col is None or unit_col is None:
        return None
    value_cols = [i for i, c in enumerate(head) if i not in (title_col, unit_col) and _T_VALUE.search(c)]
    if not value_cols:
        return None
    out: list[dict] = []
    for row in table[1:]:
        if max(title_col, unit_col) >= len(row):
            continue
        vcol, year = _value_column(head, row, value_cols, period_end)
        if vcol >= len(row):
            continue
        text, unit, raw = row[title_col].strip(), row[unit_col].strip(), row[vcol].strip()
        num = re.search(NUMBER_CELL, raw)
        if not text or not num:
            continue
        value = parse_number(num.group(1))
        rng = _RANGE_CELL.search(raw)
        value_max = parse_number(rng.group(2)) if rng else None
        cmp_sign = raw[:num.start()].strip()
        unit_norm = "%" if unit in ("%", "Tỷ lệ", "tỷ lệ") else (unit[:1].lower() + unit[1:] or None)
        out.append({
            "text": text,
            "section": section,
            "area": subject_area(text),
            "value": value,
            "value_max": value_max,
            "unit": unit_norm,
            "comparator": _T_CMP.get(cmp_sign, comparator_before(cmp_sign, ">=") if cmp_sign else ">="),
            "deadline_year": year or period_end,
        })
    return out


def _value_column(head: list[str], row: list[str], value_cols: list[int],
                  period_end: int | None) -> tuple[int, int | None]:
    """(column, its year) holding a row's value. With several year columns
    ("Năm 2026 | Năm 2030"), the plan's end year, else the latest year; a row
    left blank there takes its latest filled year. Without years, the last value column."""
    years = {i: int(re.findall(r"20\d\d", head[i])[-1]) for i in value_cols if re.search(r"20\d\d", head[i])}
    if not years:
        return value_cols[-1], None
    order = sorted(years, key=lambda i: (years[i] != period_end, -years[i]))
    filled = [i for i in order if i < len(row) and re.search(NUMBER_CELL, row[i])]
    col = filled[0] if filled else order[0]
    return col, years[col]
