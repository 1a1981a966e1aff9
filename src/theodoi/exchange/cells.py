"""Writing and reading the exchange tables as XLSX and CSV, cell by cell.

XLSX: numbers are numbers, dates are dates (shown dd/mm/yyyy), texts are texts even when
they start with "=" (stored as strings, never as formulas). CSV is written for Vietnamese
Excel: UTF-8 with a BOM, ";" between cells, a decimal comma, dates dd/mm/yyyy, every text
whole; a text that a spreadsheet would take for a formula gets a leading apostrophe, which
the reader removes again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from theodoi.domain.numbers import parse_number
from theodoi.exchange.format import SHEET_NAMES, Col, columns_of, key_of_header

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_MAGIC = b"PK\x03\x04"


def plain_number(value: Decimal | int | float) -> int | float:
    """A stored number as a spreadsheet number: whole numbers as int, the rest rounded to four
    places (the stored precision), so no float noise (92.22222222222223) reaches a file."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    d = d.quantize(Decimal("0.0001")).normalize()
    return int(d) if d == d.to_integral_value() else float(d)


def csv_number(value: Decimal | int | float) -> str:
    """"1234,5": a decimal comma and no grouping (what Vietnamese Excel reads as a number)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    d = d.quantize(Decimal("0.0001")).normalize()
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal | int | float):
        return csv_number(value)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(rows: Iterable[dict[str, Any]], columns: list[Col]) -> bytes:
    buf = io.StringIO()
    buf.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly only with a BOM
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for r in rows:
        writer.writerow([csv_cell(r.get(c.key)) for c in columns])
    return buf.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal | int | float):
        return plain_number(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    return str(value)


def write_xlsx(tables: dict[str, list[dict[str, Any]]], notes: list[tuple[str, str]] | None = None) -> bytes:
    """One sheet per kind (in ``tables`` order) and, when given, a sheet of notes (column, meaning)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for kind, rows in tables.items():
        ws = wb.create_sheet(SHEET_NAMES[kind])
        columns = columns_of(kind)
        ws.append([c.header for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in rows:
            ws.append([_xlsx_value(r.get(c.key)) for c in columns])
        for i, c in enumerate(columns, start=1):
            letter = ws.cell(row=1, column=i).column_letter
            long_text = c.kind == "text" and c.key not in ("kind", "unit", "period", "code", "lead_unit", "state")
            ws.column_dimensions[letter].width = 40 if long_text else (38 if c.key == "uid" else 14)
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a text starting with "=" stays a text, never a formula
                    if long_text:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif c.kind == "date" and cell.value is not None:
                    cell.number_format = "DD/MM/YYYY"
        ws.freeze_panes = "C2"
    if notes:
        ws = wb.create_sheet("Hướng dẫn")
        for row in notes:
            ws.append(list(row))
        ws.column_dimensions["A"].width = 40
        ws.column_dimensions["B"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------------


@dataclass
class RawRow:
    """One row as read: where it is (sheet, 1-based row number) and its cells by column key."""

    sheet: str
    number: int
    cells: dict[str, Any]
    sheet_kind: str | None = None

    @property
    def where(self) -> str:
        from django.utils.translation import gettext as _

        if self.sheet:
            return _("%(sheet)s, dòng %(n)s") % {"sheet": self.sheet, "n": self.number}
        return _("dòng %(n)s") % {"n": self.number}


class UnreadableFile(ValueError):
    """The file is neither an XLSX workbook nor a CSV table of this format (message in Vietnamese)."""


def read_rows(data: bytes, filename: str = "") -> list[RawRow]:
    """Every non-blank row of every table in the file. Raises UnreadableFile."""
    if data[:4] == _XLSX_MAGIC:
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
    return _read_csv(data)


def _header_keys(cells: Iterable[Any]) -> list[str | None]:
    return [key_of_header(c) for c in cells]


def _sheet_kind(title: str) -> str | None:
    return next((k for k, name in SHEET_NAMES.items() if name == title), None)


def _read_xlsx(data: bytes) -> list[RawRow]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile("Không đọc được bảng tính Excel: tệp hỏng hoặc không phải .xlsx.") from exc
    out: list[RawRow] = []
    found = False
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        keys = _header_keys(header or ())
        if "uid" not in keys:
            continue  # a sheet of notes, or someone's own sheet
        found = True
        kind = _sheet_kind(ws.title)
        for number, values in enumerate(rows, start=2):
            cells = {k: v for k, v in zip(keys, values, strict=False) if k}
            if any(v not in (None, "") for v in cells.values()):
                out.append(RawRow(ws.title, number, cells, kind))
    wb.close()
    if not found:
        raise UnreadableFile("Bảng tính không có cột “Mã định danh [uid]”: hãy dùng tệp xuất ra hoặc tệp mẫu.")
    return out


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("Không đọc được tệp CSV: hãy lưu với bảng mã UTF-8.")


def _read_csv(data: bytes) -> list[RawRow]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        keys = _header_keys(header or ())
        if "uid" not in keys:
            raise UnreadableFile("Tệp CSV không có cột “Mã định danh [uid]”: hãy dùng tệp xuất ra hoặc tệp mẫu.")
        out = []
        for values in reader:
            cells = {k: v for k, v in zip(keys, values, strict=False) if k}
            if any(str(v).strip() for v in cells.values()):
                out.append(RawRow("", reader.line_num, cells))
    except csv.Error as exc:
        raise UnreadableFile(f"Tệp CSV lỗi định dạng: {exc}") from exc
    return out


# -- cell values -----------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def cell_text(value: Any) -> str:
    """A text cell, without the apostrophe the CSV writer put before formula-like texts."""
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    text = str(value)
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        text = text[1:]
    return text.strip()


def cell_number(value: Any) -> Decimal | None:
    """A number cell: spreadsheet numbers, or texts such as "1.234,5"; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    try:
        return parse_number(cell_text(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("not a number") from exc


def cell_date(value: Any) -> dt.date | None:
    """A date cell: a spreadsheet date, an Excel serial number, "30/06/2026" or "2026-06-30"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        from openpyxl.utils.datetime import from_excel

        day = from_excel(value)
        return day.date() if isinstance(day, dt.datetime) else day
    text = cell_text(value)
    m = _DMY.match(text)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return dt.date.fromisoformat(text[:10])
