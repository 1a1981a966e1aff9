"""Statements written out once, for the few on every deadline-day write (docs/scale.md).

Django builds a statement anew each time a queryset runs: the filters resolved, the joins and the
select list composed, each name quoted, 0.5-1.5 ms of a request's CPU for a statement PostgreSQL
runs in a tenth of that. The write's own reads and writes have one fixed shape, so they are written
here once (their text from the models' own tables and columns, kept by the module that uses them)
and their rows made into model objects as the ORM makes them: each column through its field's
database converters (``from_db_value``: JSON, decimals, dates on SQLite), the objects by
``Model.from_db`` (columns not read are deferred, as ``defer()`` leaves them). Each use is
compared with the ORM's query it replaces by a test.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model


def fields_of(model: type[Model], leave_out: Iterable[str] = ()) -> list[Field]:
    """The model's concrete fields (in their order, as ``from_db`` wants them) but ``leave_out``."""
    skip = set(leave_out)
    return [f for f in model._meta.concrete_fields if f.attname not in skip and f.name not in skip]


def select_list(alias: str, fields: Sequence[Field]) -> str:
    qn = connection.ops.quote_name
    return ", ".join(f"{alias}.{qn(str(f.column))}" for f in fields)


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field), name  # a column of the model's own table, never a reverse relation
    return field


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(str(_field(model, name).column))


def placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def for_update() -> str:
    """`` FOR UPDATE`` where the database locks rows (SQLite's transactions lock the whole file)."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def fetch(sql: str, params: Sequence[Any], groups: Sequence[tuple[type[Model], Sequence[Field]]],
          extra: int = 0) -> list[tuple[Any, ...]]:
    """Run ``sql`` and make each row into one object per ``(model, fields)`` of ``groups`` (its
    columns in that order, each converted as its field's), followed by ``extra`` plain values."""
    converters: list[tuple[Any, list[Any]]] = []
    names: list[tuple[type[Model], list[str]]] = []
    for model, fields in groups:
        for f in fields:
            col = f.get_col(model._meta.db_table)
            converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
        names.append((model, [f.attname for f in fields]))
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    out = []
    for row in rows:
        values = list(row)
        for i, (col, convert) in enumerate(converters):
            for c in convert:
                values[i] = c(values[i], col, connection)
        objs: list[Any] = []
        at = 0
        for model, attnames in names:
            objs.append(model.from_db(connection.alias, attnames, values[at:at + len(attnames)]))
            at += len(attnames)
        out.append((*objs, *values[at:at + extra]))
    return out


def execute(sql: str, params: Sequence[Any]) -> int:
    """Run a written-out write; the number of rows it changed."""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.rowcount


def prep(model: type[Model], name: str, value: Any) -> Any:
    """``value`` as the field stores it (``get_db_prep_save``: JSON adapted, dates, decimals)."""
    return _field(model, name).get_db_prep_save(value, connection)
