"""Rows of one model written as plain tuples, each with the snapshot its audit record carries.

``theodoi benchdata`` writes hundreds of thousands of progress updates and figures. Building a
Django model object for each, then reading it back field by field for the insert and again for
the audit snapshot, was most of the loader's time; a :class:`Table` instead takes the values the
loader chooses as a tuple, fills the other columns with the model's own defaults, and gives each
row in the two forms that are written: the database's (streamed with ``COPY`` on PostgreSQL,
batched ``INSERT`` on SQLite, ids drawn first) and the audit trail's (the same dictionary
:func:`theodoi.audit.services.snapshot` gives for the row read back, so ``theodoi audit verify``
passes).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

# The JSON form of one column's value is the audit snapshot's own rule (one home: audit.services).
from theodoi.audit.services import _json_value, snapshot


def draw_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new ids for ``model``'s rows, reserved before the rows are written (the caller's
    transaction; on SQLite the write lock it holds keeps them from being taken by another)."""
    if count <= 0:
        return []
    meta = model._meta
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                        [meta.db_table, meta.pk.column, count])
            return [pk for (pk,) in cur.fetchall()]
        # never an id a deleted row had: its audit records would read as this row's history
        cur.execute(f"SELECT MAX({connection.ops.quote_name(str(meta.pk.column))}) FROM "
                    f"{connection.ops.quote_name(meta.db_table)}")
        top = cur.fetchone()[0] or 0
        cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
        seq = cur.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
    return list(range(start, start + count))


def _rounding(places: int) -> Callable[[Decimal], Decimal]:
    step = Decimal(1).scaleb(-places)
    return lambda v: v.quantize(step)


def _cached(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` remembered per value: a loader repeats the same dates and numbers endlessly."""
    memo: dict[Any, Any] = {}

    def get(value: Any) -> Any:
        try:
            return memo[value]
        except KeyError:
            memo[value] = out = convert(value)
            return out
        except TypeError:  # unhashable (JSON): not remembered
            return convert(value)
    return get


# Columns whose values ``_json_value`` gives back unchanged (text, whole numbers, true/false, ids).
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
          models.AutoField, models.BigAutoField)


class Table:
    """The rows of ``model`` whose columns ``given`` (attnames, e.g. ``task_id``) the loader sets;
    every other column takes the model's default (a fresh value per row where the default is a
    function, such as a uid), the time of the load where the column is ``auto_now``."""

    def __init__(self, model: type[models.Model], given: Sequence[str]) -> None:
        self.model = model
        meta = model._meta
        self.meta = meta
        self.given = tuple(given)
        position = {name: i for i, name in enumerate(given)}
        fields = meta.concrete_fields
        unknown = set(given) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"{meta.label}: no column {', '.join(sorted(unknown))}")
        now = timezone.now()
        # the columns the audit snapshot pictures: those of a row of this model (one home: snapshot)
        pictured = set(snapshot(model()).keys()) if not meta.many_to_many else None
        if pictured is None:
            raise ValueError(f"{meta.label}: rows with many-to-many fields are not written as tuples")
        self.columns = [str(f.column) for f in fields]
        # A row starts as a copy of the template (defaults, the time of the load), then takes its id,
        # the given values (numbers rounded as the column keeps them) and fresh defaults (a uid).
        self._template: list[Any] = []
        self._given: list[tuple[int, int, Callable[[Any], Any] | None]] = []  # (slot, index in given, rounding)
        self._fresh: list[tuple[int, Callable[[], Any]]] = []
        self._pk_slot = 0
        self._constant_picture: dict[str, Any] = {}
        self._picture: list[tuple[str, int, Callable[[Any], Any] | None]] = []  # (attname, slot, JSON form)
        for slot, f in enumerate(fields):
            fresh = f.default is not NOT_PROVIDED and callable(f.default)
            value: Any = None
            if f.primary_key:
                self._pk_slot = slot
            elif f.attname in position:
                places = f.decimal_places if isinstance(f, models.DecimalField) else None
                self._given.append((slot, position[f.attname],
                                    None if places is None else _cached(_rounding(places))))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif fresh:
                self._fresh.append((slot, f.default))
            else:
                value = f.get_default()
                value = value.value if isinstance(value, models.Choices) else value
            self._template.append(value)
            if f.attname not in pictured:
                continue
            if f.primary_key or f.attname in position or fresh:
                # text, whole numbers and ids are their own JSON form; a fresh value each row (a uid)
                # is not worth remembering
                plain = isinstance(f, _PLAIN) and not isinstance(f, models.DecimalField)
                self._picture.append((f.attname, slot, None if plain else _json_value if fresh
                                      else _cached(_json_value)))
            else:
                self._constant_picture[f.attname] = _json_value(value)

    def build(self, rows: Sequence[tuple[Any, ...]]) -> tuple[list[int], list[tuple[Any, ...]], list[dict[str, Any]]]:
        """Ids drawn for ``rows`` (tuples in the order of ``given``; plain values: a choice's value,
        not its enum member), the rows as the database takes them, and each row's audit snapshot."""
        ids = draw_ids(self.model, len(rows))
        out, pictures = [], []
        template, given_slots, fresh, pk_slot = self._template, self._given, self._fresh, self._pk_slot
        constant, pictured = self._constant_picture, self._picture
        for pk, given in zip(ids, rows, strict=True):
            values = template.copy()
            values[pk_slot] = pk
            for slot, at, rounding in given_slots:
                v = given[at]
                values[slot] = v if rounding is None or v is None else rounding(v)
            for slot, factory in fresh:
                values[slot] = factory()
            picture = constant.copy()
            for name, slot, convert in pictured:
                picture[name] = values[slot] if convert is None else convert(values[slot])
            out.append(tuple(values))
            pictures.append(picture)
        return ids, out, pictures

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows built by :meth:`build`: ``COPY`` on PostgreSQL, batched ``INSERT`` elsewhere."""
        if not rows:
            return
        quote = connection.ops.quote_name
        table, columns = quote(self.meta.db_table), ", ".join(quote(c) for c in self.columns)
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            with connection.connection.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cur:
            for chunk in _chunks(rows, 500):
                cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                                [tuple(_sqlite_value(v) for v in row) for row in chunk])


def _sqlite_value(v: Any) -> Any:
    """What Django's SQLite backend stores for a value (uuids as hex, aware times in UTC text)."""
    if isinstance(v, uuid.UUID):
        return v.hex
    if isinstance(v, dt.datetime):
        return connection.ops.adapt_datetimefield_value(v)
    if isinstance(v, Decimal):
        return str(v)
    return v


def _chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]
