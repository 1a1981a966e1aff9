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

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save


def fields_of(model: type[Model], leave_out: Iterable[str] = ()) -> list[Field]:
    """The model's concrete fields (in their order, as ``from_db`` wants them) but ``leave_out``."""
    skip = set(leave_out)
    return [f for f in model._meta.concrete_fields if f.attname not in skip and f.name not in skip]


def cache_related(obj: Model, name: str, value: Model | None) -> None:
    """``value`` as ``obj``'s loaded ``name`` relation (None: none), as ``select_related`` leaves it."""
    _field(type(obj), name).set_cached_value(obj, value)  # type: ignore[attr-defined]


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


class Select:
    """A written-out SELECT whose rows become one object per ``(model, fields)`` of ``groups`` (its
    columns in that order, each converted as its field's), followed by ``extra`` plain values; a
    group whose first field, its primary key, is NULL (an outer join that found nothing) is None.
    Its converters are found once (build one per statement shape and keep it: ``functools.cache``)."""

    def __init__(self, sql: str, groups: Sequence[tuple[type[Model], Sequence[Field]]], extra: int = 0) -> None:
        self.sql, self.extra = sql, extra
        self.groups = [(model, [f.attname for f in fields], list(fields)) for model, fields in groups]
        self._convert: list[tuple[int, Any, list[Any]]] | None = None

    def _converters(self, conn: Any) -> list[tuple[int, Any, list[Any]]]:
        out, i = [], 0
        for model, _names, fields in self.groups:
            for f in fields:
                col = f.get_col(model._meta.db_table)
                found = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
                if found:
                    out.append((i, col, found))
                i += 1
        return out

    def rows(self, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return [self.objects(values) for values in self.values(params)]

    def values(self, params: Sequence[Any]) -> list[list[Any]]:
        """The rows' values, each column converted as its field's, no object made yet (a caller that
        needs objects of some rows only makes those: :meth:`objects`)."""
        conn = connections[DEFAULT_DB_ALIAS]
        if self._convert is None:
            self._convert = self._converters(conn)
        with conn.cursor() as cur:
            cur.execute(self.sql, params)
            fetched = cur.fetchall()
        out = []
        for row in fetched:
            values = list(row)
            for i, col, convert in self._convert:
                for c in convert:
                    values[i] = c(values[i], col, conn)
            out.append(values)
        return out

    def objects(self, values: list[Any]) -> tuple[Any, ...]:
        """One row of :meth:`values` as :meth:`rows` gives it: its objects, then its plain values."""
        objs: list[Any] = []
        at = 0
        for model, names, fields in self.groups:
            if values[at] is None and fields[0].primary_key:
                objs.append(None)
            else:
                objs.append(model.from_db(DEFAULT_DB_ALIAS, names, values[at:at + len(names)]))
            at += len(names)
        return (*objs, *values[at:at + self.extra])


def insert(objs: Sequence[Model], batch: int = 500) -> None:
    """INSERT these new objects of one model, ``batch`` rows a statement, each field's value as an
    INSERT of the ORM takes it (``pre_save``, then ``get_db_prep_save``), without reading their ids
    back (what ``bulk_create`` does for callers who never need them)."""
    for i in range(0, len(objs), batch):
        execute(*_insert_of(objs[i:i + batch]))


@functools.cache
def _insert_head(model: type[Model]) -> tuple[str, str, list[Field]]:
    """``INSERT INTO table (columns) VALUES``, one row's placeholders, and the fields they take: every
    concrete field but the primary key, as the ORM's INSERT of a new object."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    head = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(str(f.column)) for f in fields)}) VALUES "
    return head, f"({placeholders(len(fields))})", fields


def _insert_of(objs: Sequence[Model]) -> tuple[str, list[Any]]:
    head, row, fields = _insert_head(type(objs[0]))
    conn = connections[DEFAULT_DB_ALIAS]
    return (head + ", ".join([row] * len(objs)),
            [f.get_db_prep_save(f.pre_save(obj, True), conn) for obj in objs for f in fields])


def replace(delete: str, params: Sequence[Any], objs: Sequence[Model], batch: int = 500) -> None:
    """Run ``delete`` (a written-out DELETE with its ``params``), then INSERT ``objs`` as :func:`insert`
    does: in one statement on PostgreSQL, whose ``WITH`` runs a DELETE inside the INSERT (both see the
    table as it was before the statement, so the DELETE never meets the new rows), in two elsewhere.
    For a table whose new rows cannot collide with the deleted ones on a unique key (the stored
    warnings have none): both parts run at once."""
    if not objs or len(objs) > batch or connection.vendor != "postgresql":
        execute(delete, params)
        insert(objs, batch)
        return
    sql, values = _insert_of(objs)
    execute(f"WITH gone AS ({delete}) {sql}", [*params, *values])


def insert_one(obj: Model) -> None:
    """INSERT this new object as its ``save()`` would (each field's value as :func:`insert` takes it),
    its id read back (``RETURNING`` where the database has it) and set, the object then saved as the
    ORM leaves it (``_state``), in one written-out statement: for a model no signal listens to (the
    audit record of every write; its ``save()`` built the same INSERT in 0.5 ms of CPU)."""
    model = type(obj)
    conn = connections[DEFAULT_DB_ALIAS]
    sql, fields, returning = _insert_one_sql(model)
    with conn.cursor() as cur:
        cur.execute(sql, [f.get_db_prep_save(f.pre_save(obj, True), conn) for f in fields])
        pk = (cur.fetchone()[0] if returning
              else conn.ops.last_insert_id(cur, model._meta.db_table, str(model._meta.pk.column)))
    obj.pk = pk
    obj._state.adding, obj._state.db = False, conn.alias


@functools.cache
def _insert_one_sql(model: type[Model]) -> tuple[str, list[Field], bool]:
    head, row, fields = _insert_head(model)
    returning = bool(connection.features.can_return_columns_from_insert)
    qn = connection.ops.quote_name
    return head + row + (f" RETURNING {qn(str(model._meta.pk.column))}" if returning else ""), fields, returning


def save_existing(obj: Model) -> None:
    """Save this loaded object's changes to its row as its ``save()`` does for a row that exists: the
    ``pre_save`` signal, one UPDATE of every column (each field's ``pre_save``, ``updated_at`` set, then
    ``get_db_prep_save``) by its id, the ``post_save`` signal (``created`` False), so every receiver
    runs as before (the update's stored state, warnings and counts), in one written-out statement (its
    ``save()`` built the same UPDATE in 0.5 ms of CPU). A row no longer there raises ``DatabaseError``
    (``save()`` would have inserted it again): for a row the caller has locked."""
    model = type(obj)
    conn = connections[DEFAULT_DB_ALIAS]
    pre_save.send(sender=model, instance=obj, raw=False, using=conn.alias, update_fields=None)
    sql, fields = _update_one_sql(model)
    with transaction.mark_for_rollback_on_error(conn.alias):
        changed = execute(sql, [*(f.get_db_prep_save(f.pre_save(obj, False), conn) for f in fields), obj.pk])
    if changed != 1:
        raise DatabaseError(f"{model._meta.label} {obj.pk}: {changed} rows saved, 1 expected")
    obj._state.adding, obj._state.db = False, conn.alias
    post_save.send(sender=model, instance=obj, created=False, update_fields=None, raw=False, using=conn.alias)


@functools.cache
def _update_one_sql(model: type[Model]) -> tuple[str, list[Field]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(str(f.column))} = %s" for f in fields)
    return f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(str(model._meta.pk.column))} = %s", fields


def execute(sql: str, params: Sequence[Any]) -> int:
    """Run a written-out write; the number of rows it changed."""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.rowcount


def prep(model: type[Model], name: str, value: Any) -> Any:
    """``value`` as the field stores it (``get_db_prep_save``: JSON adapted, dates, decimals)."""
    return _field(model, name).get_db_prep_save(value, connection)
