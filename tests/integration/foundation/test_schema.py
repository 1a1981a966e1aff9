"""The tables ``theodoi migrate`` builds are the tables the models declare.

The suite's own test databases are created from the models (``--nomigrations`` in pyproject.toml:
running the 46 migrations before their squash cost each test process 3–5 s of CPU on SQLite, more on
PostgreSQL), so this is where the migrations themselves are held to the models, beyond ``makemigrations --check``
(which compares the migrations' state, not the database they build): every table, column (type,
null, default, primary key), index and foreign key of a real ``theodoi migrate`` equals the test
database's. The installations the process tests run in (tests/installations.py) and the
PostgreSQL databases of the backup and two-instance tests are all built by ``theodoi migrate``.
"""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from tests.installations import migrated_installation, sqlite_pass_only

pytestmark = [sqlite_pass_only, pytest.mark.django_db]


def _schema(db) -> dict[str, dict]:
    """Each table's columns, indexes and foreign keys, as sets (SQLite appends an added column)."""
    tables = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'django_migrations' ORDER BY name")]
    schema = {}
    for table in tables:
        columns = {row[1]: (row[2].upper(), row[3], row[4], row[5])
                   for row in db.execute(f'PRAGMA table_info("{table}")')}
        indexes = set()
        for row in db.execute(f'PRAGMA index_list("{table}")'):
            name, unique, origin = row[1], row[2], row[3]
            cols = tuple(r[2] for r in db.execute(f'PRAGMA index_info("{name}")'))
            # SQLite names the indexes it makes for UNIQUE columns itself (sqlite_autoindex_<table>_<n>)
            indexes.add(("auto" if name.startswith("sqlite_autoindex_") else name, unique, origin, cols))
        keys = {(r[2], r[3], r[4], r[5], r[6]) for r in db.execute(f'PRAGMA foreign_key_list("{table}")')}
        schema[table] = {"columns": columns, "indexes": indexes, "foreign keys": keys}
    return schema


def test_migrate_builds_the_tables_the_models_declare(tmp_path_factory):
    migrated = sqlite3.connect(migrated_installation(tmp_path_factory) / "theodoi.sqlite3")
    try:
        built = _schema(migrated)
    finally:
        migrated.close()
    with connection.cursor() as cursor:
        declared = _schema(cursor.connection)
    assert len(declared) > 40
    assert sorted(built) == sorted(declared), "tables differ"
    for table, parts in declared.items():
        for part, want in parts.items():
            got = built[table][part]
            assert got == want, f"{table}: {part} of migrate {got} != the models' {want}"
