"""Bulk export files and the empty templates, in XLSX or CSV (``exchange.format``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from theodoi.domain.periods import Period
from theodoi.exchange import cells
from theodoi.exchange.format import COLUMNS, KIND_LABELS, KINDS, columns_of
from theodoi.exchange.selectors import export_tables
from theodoi.planning.models import Document
from theodoi.tenancy.models import Unit

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


def render(tables: dict[str, list[dict[str, Any]]], fmt: str, notes: bool = False) -> bytes:
    """The tables as one file: XLSX (a sheet per kind) or CSV (one table, every column)."""
    if fmt == "xlsx":
        return cells.write_xlsx(tables, column_notes() if notes else None)
    if fmt == "csv":
        rows = [r for kind in KINDS for r in tables.get(kind, [])]
        only = [k for k in KINDS if k in tables]
        return cells.write_csv(rows, columns_of(only[0] if len(only) == 1 else None))
    raise ValueError(f"unknown format {fmt!r}")


def export_file(user: Any, unit: Unit, fmt: str, plan: Document | None = None, period: Period | None = None,
                kinds: tuple[str, ...] = KINDS, today: dt.date | None = None) -> bytes:
    """The unit's rows the user may read, as a file that imports back unchanged."""
    return render(export_tables(user, unit, plan, period, kinds, today), fmt)


def template_file(kind: str, fmt: str) -> bytes:
    """An empty table of one kind with its headers (and, in XLSX, a sheet explaining each column)."""
    return render({kind: []}, fmt, notes=True)


def column_notes() -> list[tuple[str, str]]:
    roles = {"key": _("khóa: xác định dòng, không sửa"), "info": _("để đọc: bỏ qua khi nhập"),
             "data": _("dữ liệu: sửa được")}
    rows = [(_("Cột"), _("Ý nghĩa")),
            (_("Cách dùng"), _("Xuất dữ liệu của đơn vị, sửa các cột dữ liệu rồi tải lên trang Trao đổi dữ liệu "
                               "(/exchange/) hoặc chạy: theodoi bulk import TỆP. Mỗi dòng đi qua kiểm tra quyền, "
                               "kiểm tra số liệu và phiên bản; một dòng lỗi thì cả tệp không được lưu."))]
    for c in COLUMNS:
        kinds = ", ".join(str(KIND_LABELS[k]) for k in c.kinds)
        rows.append((c.header, f"{roles[c.role]} · {kinds}"))
    return rows
