"""Installations migrated before the squash upgrade with the squashed migrations in the tree.

Each squashed app's migrations were squashed into one (docs/operations.md, "Migrations: the
squash"): a new installation runs the squashed migration, an installation that ran the replaced
migrations keeps them. These tests build such installations as the releases before built them:
``theodoi migrate`` with the replaced migration files alone (tests/replaced_migrations_settings.py,
the files copied out of the tree, where they stay until a later release deletes them and these
tests with them). The data are the demo's (tests/installations.py), copied row by row into the
tables the replaced migrations built.

- at the replaced migrations' head: ``theodoi migrate`` has nothing to apply and records the squashed
  ones as applied, ``showmigrations`` shows every migration applied, nothing stored changes and
  ``theodoi audit verify`` passes;
- half-way (planning at 0008, before its last three migrations and their data steps): the rest of the
  replaced migrations run, their data steps on the rows there, and the squashed one is recorded;
- the replaced migrations and the squashed ones build the same tables, CHECK constraints included.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import sqlite3
from pathlib import Path

from tests.installations import (
    ROOT,
    built_once,
    copy_of,
    demo_installation,
    environment,
    migrated_installation,
    sqlite_pass_only,
    theodoi,
)
from tests.replaced_migrations_settings import SQUASHED_APPS

pytestmark = sqlite_pass_only

DB = "theodoi.sqlite3"
# what the half-way installation still lacks: planning's migrations after 0008 (two of them data steps)
HALF_WAY = "0008_merge_wave2b"
REST = ["0009_i11d_taskstate_sent", "0010_i11nat_unit_counts", "0011_i10counts_unitcounts_version"]


def squashed() -> dict[str, tuple[str, list[str]]]:
    """Each squashed app's squashed migration and the names of the migrations it replaces."""
    found = {}
    for app in SQUASHED_APPS:
        folder = ROOT / "src" / "theodoi" / app / "migrations"
        for path in sorted(folder.glob("0*.py")):
            migration = importlib.import_module(f"theodoi.{app}.migrations.{path.stem}").Migration
            if migration.replaces:
                assert app not in found, f"{app}: two squashed migrations"
                assert {a for a, _ in migration.replaces} == {app}
                found[app] = (path.stem, [name for _, name in migration.replaces])
        assert app in found, f"{app}: no squashed migration"
    return found


def replaced_package(tmp_path_factory) -> Path:
    """A folder holding the package ``replaced_migrations``: each squashed app's replaced migration
    files, copied unchanged from the tree."""

    def build(folder: Path) -> None:
        package = folder / "replaced_migrations"
        package.mkdir()
        (package / "__init__.py").touch()
        for app, (_, names) in squashed().items():
            (package / app).mkdir()
            (package / app / "__init__.py").touch()
            for name in names:
                shutil.copy2(ROOT / "src" / "theodoi" / app / "migrations" / f"{name}.py", package / app)

    return built_once(tmp_path_factory, "replaced-migrations", build)


def before_the_squash(folder: Path, package: Path) -> dict[str, str]:
    """The environment of the installation in ``folder`` migrating with the replaced migrations."""
    env = environment(folder)
    return dict(env, DJANGO_SETTINGS_MODULE="tests.replaced_migrations_settings",
                PYTHONPATH=os.pathsep.join((str(package), env["PYTHONPATH"])))


def replaced_installation(tmp_path_factory) -> Path:
    """An empty installation ``theodoi migrate`` built with the replaced migrations: the head of the
    releases before the squash."""
    package = replaced_package(tmp_path_factory)
    return built_once(tmp_path_factory, "replaced-head",
                      lambda folder: theodoi(before_the_squash(folder, package), "migrate", "-v", "0"))


def tables(db: sqlite3.Connection) -> list[str]:
    return [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def columns(db: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in db.execute(f'PRAGMA {schema}.table_info("{table}")')]


def copy_rows(into: Path, source: Path) -> set[str]:
    """Every row of ``source`` (the demo's) into the same tables of ``into``, the columns both have;
    the tables of ``source`` that ``into`` lacks, returned."""
    db = sqlite3.connect(into)
    try:
        db.execute("ATTACH DATABASE ? AS source", (str(source),))
        theirs = {name for (name,) in db.execute(
            "SELECT name FROM source.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        for table in tables(db):
            if table == "django_migrations":
                continue
            both = ", ".join(f'"{c}"' for c in columns(db, table) if c in columns(db, table, "source"))
            db.execute(f'DELETE FROM main."{table}"')  # the content types and permissions migrate made
            db.execute(f'INSERT INTO main."{table}" ({both}) SELECT {both} FROM source."{table}"')
        db.commit()
        return theirs - set(tables(db))
    finally:
        db.close()


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (but the migrations' records), each row its (column, value) pairs."""
    db = sqlite3.connect(path)
    try:
        found = {}
        for table in tables(db):
            if table != "django_migrations":
                names = columns(db, table)
                found[table] = sorted((tuple(sorted(zip(names, row, strict=True)))
                                       for row in db.execute(f'SELECT * FROM "{table}"')), key=repr)
        return found
    finally:
        db.close()


def recorded(path: Path) -> set[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        return set(db.execute("SELECT app, name FROM django_migrations"))
    finally:
        db.close()


def old_installation_with_demo_data(tmp_path_factory, folder: Path) -> Path:
    """The demo's data folder in ``folder``, its database the replaced migrations' with the demo's rows."""
    copy_of(demo_installation(tmp_path_factory), folder)
    shutil.copy2(replaced_installation(tmp_path_factory) / DB, folder / DB)
    return folder


def test_an_installation_at_the_replaced_head_has_nothing_to_apply(tmp_path_factory, tmp_path):
    folder = old_installation_with_demo_data(tmp_path_factory, tmp_path / "old")
    assert copy_rows(folder / DB, demo_installation(tmp_path_factory) / DB) == set()
    before, had = rows(folder / DB), recorded(folder / DB)
    assert sum(map(len, before.values())) > 1000
    env = environment(folder)

    assert "No migrations to apply." in theodoi(env, "migrate").stdout
    listed = theodoi(env, "manage", "showmigrations").stdout
    assert "[ ]" not in listed and listed.count("[X]") > 20
    for app, (name, replaced) in squashed().items():
        assert f"[X] {name} ({len(replaced)} squashed migrations)" in listed
        assert {(app, n) for n in replaced} <= had  # the replaced migrations were what ran
    assert recorded(folder / DB) == had | {(app, name) for app, (name, _) in squashed().items()}
    assert rows(folder / DB) == before
    assert theodoi(env, "audit", "verify").returncode == 0


def test_an_installation_half_way_runs_the_rest_of_the_replaced_migrations(tmp_path_factory, tmp_path):
    folder = old_installation_with_demo_data(tmp_path_factory, tmp_path / "half")
    theodoi(before_the_squash(folder, replaced_package(tmp_path_factory)), "migrate", "planning", HALF_WAY, "-v", "0")
    demo = demo_installation(tmp_path_factory) / DB
    assert copy_rows(folder / DB, demo) == {"planning_unitcounts"}  # made by 0010
    name, replaced = squashed()["planning"]
    assert ("planning", name) not in recorded(folder / DB)

    out = theodoi(environment(folder), "migrate").stdout
    assert re.findall(r"Applying (\S+)\.\.\.", out) == [f"planning.{n}" for n in REST]
    assert ("planning", name) in recorded(folder / DB)
    assert {("planning", n) for n in replaced} <= recorded(folder / DB)
    got, want = rows(folder / DB), rows(demo)
    assert sorted(got) == sorted(want)
    # the data steps of 0009 and 0010 ran on the demo's rows: each task's sent updates and their
    # summary as the service keeps them; a row waiting to be counted (no day) for units that lead a
    # task or own a target, among those the demo's writes gave a row (they also mark the units above)
    assert got.pop("planning_taskstate") == want.pop("planning_taskstate")
    counts = [dict(r) for r in got.pop("planning_unitcounts")]
    units = {r["unit_id"] for r in counts}
    assert len(units) > 10 and units < {dict(r)["unit_id"] for r in want.pop("planning_unitcounts")}
    assert {(r["day"], r["version"], r["tasks"]) for r in counts} == {(None, 0, 0)}
    assert got == want


def definitions(path: Path) -> dict[str, set[str]]:
    """Each table's column and constraint definitions (CHECKs, foreign keys, UNIQUEs) and the indexes
    on it, as sets of SQL text: SQLite appends a column a migration adds, and a table it rebuilt
    gets its columns in the model's order."""
    db = sqlite3.connect(path)
    try:
        found: dict[str, set[str]] = {}
        for table, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                                     "AND name NOT LIKE 'sqlite_%' AND name != 'django_migrations'"):
            body = sql[sql.index("(") + 1:sql.rindex(")")]
            parts, depth, start = [], 0, 0
            for i, ch in enumerate(body):
                depth += (ch == "(") - (ch == ")")
                if ch == "," and depth == 0:
                    parts.append(body[start:i])
                    start = i + 1
            parts.append(body[start:])
            found[table] = {" ".join(p.split()) for p in parts}
        for table, sql in db.execute(
                "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"):
            found[table].add(" ".join(sql.split()))
        return found
    finally:
        db.close()


def test_the_squashed_migrations_build_the_tables_the_replaced_ones_built(tmp_path_factory):
    old = definitions(replaced_installation(tmp_path_factory) / DB)
    new = definitions(migrated_installation(tmp_path_factory) / DB)
    assert len(new) > 40 and sum("CHECK" in d for parts in new.values() for d in parts) >= 5
    assert sorted(old) == sorted(new), "tables differ"
    for table, parts in new.items():
        assert old[table] == parts, (f"{table}: the replaced migrations' {old[table] - parts}, "
                                     f"the squashed {parts - old[table]}")
