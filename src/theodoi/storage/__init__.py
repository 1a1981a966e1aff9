"""The only engine-aware code: where data lives and how the database is reached.

SQLite is the zero-configuration default (a file under ``THEODOI_DATA_DIR``);
PostgreSQL is used when ``DATABASE_URL`` is set. Both are first-class.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


def data_dir() -> Path:
    """Return the data folder (created if missing): ``THEODOI_DATA_DIR`` or ``./data``."""
    path = Path(os.environ.get("THEODOI_DATA_DIR") or "data").expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_config(url: str | None = None, base: Path | None = None) -> dict[str, Any]:
    """Return Django's ``DATABASES['default']`` for ``url`` (default: ``DATABASE_URL``).

    Without a URL the database is ``<data dir>/theodoi.sqlite3``. Accepted schemes:
    ``sqlite:///path``, ``postgres://`` and ``postgresql://``. Raises ``ValueError``
    for anything else, so a typo never silently falls back to SQLite.
    """
    url = url if url is not None else os.environ.get("DATABASE_URL", "")
    if not url:
        return _sqlite((base or data_dir()) / "theodoi.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        return _sqlite(Path(path[1:] if path.startswith("//") else path or ":memory:"))
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        options: dict[str, Any] = dict(parse_qsl(parts.query))
        _binding(options)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "theodoi",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"NAME": options.pop("test_name", None)},
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite or postgresql)")


def _binding(options: dict[str, Any]) -> None:
    """PostgreSQL binds the parameters itself and keeps each connection's frequent statements prepared.

    ``server_side_binding`` (Django's psycopg 3 option): the statement and its values are sent apart,
    instead of the values quoted into the text by the client; ``prepare_threshold``: a statement run
    that many times on one connection is prepared, so PostgreSQL parses and plans it once (the
    deadline-day write's 17 statements: 40 % of PostgreSQL's CPU, docs/scale.md). On by default;
    ``?server_side_binding=false`` (the client's quoting, which never prepares) or
    ``?prepare_threshold=none`` in ``DATABASE_URL`` turns either off. Behind a pooler in transaction
    mode, which cannot keep a connection's prepared statements, use ``server_side_binding=false``:
    binding without preparing costs PostgreSQL more than either. Prepared statements are planned for
    each execution's values (``plan_cache_mode=force_custom_plan``, unless ``options`` in the URL sets
    a ``plan_cache_mode``), but in a transaction that calls :func:`plans_kept`. Raises ``ValueError``
    for a value that is neither."""
    binding = str(options.get("server_side_binding", "true")).lower()
    if binding not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
        raise ValueError(f"DATABASE_URL: server_side_binding={binding!r} (use true or false)")
    options["server_side_binding"] = binding in ("true", "1", "yes", "on")
    threshold = str(options.get("prepare_threshold", "5")).lower()
    if threshold in ("none", ""):
        options["prepare_threshold"] = None
    elif threshold.isdigit():
        options["prepare_threshold"] = int(threshold)
    else:
        raise ValueError(f"DATABASE_URL: prepare_threshold={threshold!r} (use a number or none)")
    if not options["server_side_binding"]:
        options["prepare_threshold"] = None  # Django's client-side cursors never prepare
    if options["prepare_threshold"] is not None and "plan_cache_mode" not in str(options.get("options", "")):
        # A prepared statement is parsed once, but planned for each execution's own values: after five
        # runs PostgreSQL may otherwise keep one generic plan, which cannot use a prefix index for
        # ``path LIKE $1`` (the task list of a province: 405 ms p50 with generic plans, 102 ms with
        # custom plans, 158 ms without binding; docs/scale.md). ``options`` in the URL is kept.
        extra = CUSTOM_PLANS
        options["options"] = f"{options['options']} {extra}" if options.get("options") else extra


CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan"  # what ``_binding`` adds to a connection's options


def plans_kept() -> None:
    """Let PostgreSQL keep its generic plans of prepared statements until the current transaction ends.

    For a transaction whose statements are all lookups by a key (the deadline-day write's, written out
    in ``storage.written``): a generic plan of such a statement is its custom plan, so planning it again
    on every execution (``plan_cache_mode=force_custom_plan``, which ``_binding`` sets for the pages'
    ``path LIKE`` filters) only costs PostgreSQL CPU, 2-3 ms of its 6 ms a write (docs/scale.md,
    "Deadline-day writes, fourth pass"). One statement (``set_config(…, is_local => true)``: back to the
    connection's own setting at the commit or rollback); nothing on SQLite, on a connection that
    prepares nothing, or whose URL sets its own ``plan_cache_mode``. Call it inside the transaction
    (``transaction.atomic``), before its statements, only in a transaction no other code shares."""
    from django.db import connection

    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    own = str(connection.settings_dict["OPTIONS"].get("options", ""))
    if not own.endswith(CUSTOM_PLANS) or own.count("plan_cache_mode") != 1:
        return
    with connection.cursor() as cur:
        cur.execute("SELECT set_config('plan_cache_mode', 'auto', true)")


def _sqlite(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # WAL lets the worker and the web server read while one writes; IMMEDIATE
        # transactions avoid "database is locked" upgrades from read to write locks.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        },
    }


def secret_key(folder: Path) -> str:
    """Return ``THEODOI_SECRET_KEY`` or a random key kept in ``<folder>/secret_key`` (mode 0600)."""
    key = os.environ.get("THEODOI_SECRET_KEY")
    if key:
        return key
    path = folder / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def analyze() -> None:
    """Refresh the query planner's statistics after a bulk load (both engines know ``ANALYZE``).

    Without them PostgreSQL was measured to plan the permission-filtered queries badly enough
    to run for minutes instead of 200 ms (docs/scale.md).
    """
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
