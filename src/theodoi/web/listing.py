"""One list, four renderings: the HTML page, its JSON twin, CSV and XLSX exports.

A view builds a :class:`Listing` from a selector and hands it to :func:`respond`;
the format comes from ``?format=`` or from the ``.json``/``.csv``/``.xlsx`` URL
suffix. Every rendering uses the same rows, so a number on the page is the number
in the export. Exports are only reachable through signed-in, permission-filtered
views (the selector already applied ``tenancy.permissions.restrict``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy

FORMATS = ("html", "json", "csv", "xlsx")
PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    """A column: ``key`` in each row dict, a (translatable) label, and how to show it."""

    key: str
    label: Any
    kind: str = "text"  # text | num | goal | uom | percent | money | date | period | status | link


class LazyRows(Sequence[dict[str, Any]]):
    """A list's rows, in order, built only when read: ``keys`` (ids, already filtered and ordered)
    and ``build``, which makes the rows of some keys. A page of the HTML list builds its 50; an
    export reads them all in chunks. The number of queries of a page is then that of the keys plus
    that of one ``build``, whatever the number of rows."""

    CHUNK = 500

    def __init__(self, keys: list[Any], build: Callable[[list[Any]], list[dict[str, Any]]]) -> None:
        self.keys, self._build = keys, build

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self._build(self.keys[i])
        return self._build([self.keys[i]])[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for start in range(0, len(self.keys), self.CHUNK):
            yield from self._build(self.keys[start:start + self.CHUNK])


@dataclass
class Listing:
    title: Any
    columns: list[Column]
    rows: Sequence[dict[str, Any]]
    filename: str
    meta: dict[str, Any] = field(default_factory=dict)


def requested_format(request: HttpRequest, fmt: str | None = None) -> str:
    value = (fmt or request.GET.get("format") or "html").lower()
    return value if value in FORMATS else "html"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return force_str(value)


def _number(value: Decimal | float) -> int | float:
    """A number as the page shows it, to two places (no float noise such as 92.22222222222223)."""
    d = Decimal(str(value)) if isinstance(value, float) else value
    if not d.is_finite():
        return float(d)
    d = d.quantize(Decimal("0.01")).normalize()
    return int(d) if d == d.to_integral_value() else float(d)


def _plain(value: Any) -> Any:
    """A cell for CSV/XLSX: numbers stay numbers, dates stay dates, the rest is text (whole)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal | float):
        return _number(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones (openpyxl refuses aware datetimes): the local wall time.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | dt.date):
        return value
    return force_str(value)


def _csv_text(value: Any) -> str:
    """A CSV cell for Vietnamese Excel: decimal comma, dates dd/mm/yyyy."""
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


ID_COLUMN = Column("uid", gettext_lazy("Mã định danh"))


def export_columns(listing: Listing) -> list[Column]:
    """The columns of a file export: the stable id first when the rows carry one."""
    has_id = any(r.get("uid") for r in listing.rows[:1]) and all(c.key != "uid" for c in listing.columns)
    return [ID_COLUMN, *listing.columns] if has_id else list(listing.columns)


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in user text (CSV/XLSX injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_json(listing: Listing) -> JsonResponse:
    keys = [c.key for c in listing.columns]
    results = [
        {**{k: _jsonable(r.get(k)) for k in keys}, **({"url": r["_url"]} if r.get("_url") else {})}
        for r in listing.rows
    ]
    payload = {
        "title": force_str(listing.title),
        "count": len(results),
        "columns": [{"key": c.key, "label": force_str(c.label), "kind": c.kind} for c in listing.columns],
        "results": results,
        **{k: _jsonable(v) for k, v in listing.meta.items()},
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


def to_csv(listing: Listing) -> HttpResponse:
    """CSV for Vietnamese Excel: a BOM, ";" between cells, a decimal comma, every text whole."""
    columns = export_columns(listing)
    buf = io.StringIO()
    buf.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly only with a BOM
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([force_str(c.label) for c in columns])
    for r in listing.rows:
        writer.writerow([_safe_cell(_csv_text(_plain(r.get(c.key)))) for c in columns])
    resp = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{listing.filename}.csv"'
    return resp


def to_xlsx(listing: Listing) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    # Excel forbids []:*?/\ in sheet names and allows 31 characters.
    title = "".join(" " if ch in '[]:*?/\\' else ch for ch in force_str(listing.title)).strip()
    ws.title = title[:31].strip() or "Danh sach"
    columns = export_columns(listing)
    ws.append([force_str(c.label) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in listing.rows:
        ws.append([_safe_cell(_plain(r.get(c.key))) for c in columns])
    for i, c in enumerate(columns, start=1):
        if c.kind == "date":
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(cell.value, dt.datetime) else "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    resp = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="{listing.filename}.xlsx"'
    return resp


def respond(
    request: HttpRequest, listing: Listing, template: str, context: dict[str, Any] | None = None,
    fmt: str | None = None,
) -> HttpResponse:
    """Render ``listing`` in the requested format (HTML pages are paginated, exports are whole)."""
    kind = requested_format(request, fmt)
    if kind == "json":
        return to_json(listing)
    if kind == "csv":
        return to_csv(listing)
    if kind == "xlsx":
        return to_xlsx(listing)
    page = Paginator(listing.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"listing": listing, "page": page, "rows": page.object_list,
           "export_query": _query_without(request, "page", "format")}
    ctx.update(context or {})
    return render(request, template, ctx)


def _query_without(request: HttpRequest, *names: str) -> str:
    q = request.GET.copy()
    for n in names:
        q.pop(n, None)
    return q.urlencode()


def pick(rows: Iterable[dict[str, Any]], **equals: Any) -> list[dict[str, Any]]:
    """Rows whose fields equal the given values (ignoring filters given as empty)."""
    active = {k: v for k, v in equals.items() if v not in (None, "")}
    return [r for r in rows if all(str(r.get(k)) == str(v) for k, v in active.items())]
