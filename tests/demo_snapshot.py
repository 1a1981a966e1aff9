"""The demo, loaded once per test session for each day the tests ask for, and copied back after.

``theodoi demo`` costs a test process 5–8 s of CPU (docs/operations.md), and several modules load it on the same day:
the golden reports and the demo's own checks on 22/11/2026, the dashboard's links, the unit names
and the cascade pages on today's date. The first process of the session that asks for a day runs
``theodoi demo --today DAY`` into its own test database, from empty, and keeps a copy of the
database: with SQLite (an in-memory test database) through SQLite's online backup API into a file
of the session; with PostgreSQL as a database of the session made with the test database as its
template. Every later request for that day, in any process of the session, copies it back in
place of the test database (a few hundred milliseconds). The command's output comes with it.

What a module then does with the demo is unchanged: it reads it inside each test's rolled-back
transaction and flushes its database after it. The files the demo writes (the seed plans' source
files, its certificates' password files) are not part of the copy: no test reads them, each test
having a media folder of its own (tests/conftest.py, ``_isolated_media``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tests.installations import _session_folder


@dataclass(frozen=True)
class Demo:
    output: str  # what ``theodoi demo`` printed

    @property
    def passwords(self) -> dict[str, str]:
        """The accounts and passwords the command printed once ("  username  password" lines)."""
        return dict(line.split() for line in self.output.splitlines()
                    if line.startswith("  ") and len(line.split()) == 2)


def demo_of(tmp_path_factory, day: dt.date) -> Demo:
    """The test database holding ``theodoi demo --today DAY``, loaded or copied back; call it where the
    database is open to the fixture (``django_db_blocker.unblock()`` or a database test)."""
    shared = _session_folder(tmp_path_factory)
    name = f"demo-{day.isoformat()}"
    output, done = shared / f"{name}.out", shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process loads a day; the others wait, then copy it
        if done.exists():
            _restore(shared / f"{name}.sqlite3", day)
            return Demo(output.read_text(encoding="utf-8"))
        from django.core.management import call_command

        call_command("flush", "--no-input", verbosity=0)  # from empty, whatever a module before left
        out = io.StringIO()
        call_command("demo", "--today", day.isoformat(), stdout=out)
        _save(shared / f"{name}.sqlite3", day)
        output.write_text(out.getvalue(), encoding="utf-8")
        done.touch()
        return Demo(out.getvalue())


def _postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _save(file: Path, day: dt.date) -> None:
    from django.db import connection, connections

    if not _postgres():
        connection.ensure_connection()
        with sqlite3.connect(file) as copy:
            connection.connection.backup(copy)
        copy.close()
        return
    test_db = connection.settings_dict["NAME"]
    connections.close_all()  # a database with a session open cannot be a template
    with _server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{snapshot_name(test_db, day)}"')
        server.execute(f'CREATE DATABASE "{snapshot_name(test_db, day)}" TEMPLATE "{test_db}"')


def _restore(file: Path, day: dt.date) -> None:
    from django.db import connection, connections

    from theodoi.planning.selectors.warnings import forget_stored_day

    if not _postgres():
        connection.ensure_connection()
        with sqlite3.connect(file) as copy:
            copy.backup(connection.connection)
        copy.close()
    else:
        test_db = connection.settings_dict["NAME"]
        connections.close_all()
        with _server() as server:
            server.execute(f'DROP DATABASE "{test_db}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{test_db}" TEMPLATE "{snapshot_name(test_db, day)}"')
    forget_stored_day()  # this process's cache knew the database before the copy


def snapshot_name(test_db: str, day: dt.date) -> str:
    """The session's copy of the demo of ``day``: the test database's name without its process
    suffix (``test_theodoi_ci_123_gw0`` → ``test_theodoi_ci_123``), then the day."""
    return f"{_without_process(test_db)}_demo_{day:%Y%m%d}"


def _without_process(test_db: str) -> str:
    return re.sub(r"_gw\d+$", "", test_db)


def _server():
    """A connection to the PostgreSQL server's maintenance database, outside any transaction."""
    import psycopg
    from django.db import connection

    s = connection.settings_dict
    return psycopg.connect(dbname="postgres", host=s.get("HOST") or None, port=s.get("PORT") or None,
                           user=s.get("USER") or None, password=s.get("PASSWORD") or None, autocommit=True)


def drop_snapshots() -> None:
    """Drop the session's demo copies (PostgreSQL; SQLite's are files of the session's folder)."""
    if not _postgres():
        return
    from django.db import connection

    base = _without_process(connection.creation._get_test_db_name())
    with _server() as server:
        names = [row[0] for row in server.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [base.replace("_", r"\_") + r"\_demo\_%"])]
        for db in names:
            server.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
