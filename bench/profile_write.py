#!/usr/bin/env python3
"""Where one deadline-day write's time goes, in the server process: CPU and queries by part.

    DATABASE_URL=… THEODOI_DATA_DIR=… .venv/bin/python bench/profile_write.py [--writes 60] [--sql]

Against a database built as ``bench_scale.py`` builds its province (the demo plus ``theodoi
benchdata --provinces lai-chau``), it sends officers' updates exactly as the benchmark does
(``POST /api/v1/tasks/{uid}/updates`` with a bearer token, saved and sent, the version read) through
Django's whole request path in this process (``django.test.Client``: the middleware, the API, the
services, the commit and what runs after it), one at a time. It prints the CPU time of a write
(``time.process_time``: user + sys of this process, so PostgreSQL's share is not in it) measured
without the profiler (and on PostgreSQL its backend's CPU per write, from ``/proc``), the statements
of one write (``CaptureQueriesContext``; ``--sql`` lists them),
then the CPU of each part over more writes (each part's function wrapped in a timer: the parts are
nested calls, so a part's time includes the parts under it, the service the audit record, the state
and the warnings), and with ``--top N`` the functions of most own time under ``cProfile`` (whose
overhead distorts the times: read the order). It writes to the database it is given
(updates of the current month, their audit records): use a throwaway one. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import SRC, TODAY_ENV, _cpu_of, update_body, write_jobs  # noqa: E402
from machine import hardware  # noqa: E402

# (label, module, attribute): the calls of one write timed, outermost first; a module-level function is
# replaced where its caller looks it up (the caller's module when it imported the name)
PARTS = [
    ("API view (ninja operation: auth, handler, response)", "ninja.operation", "Operation.run"),
    ("  token auth (token, user, last use)", "theodoi.api.auth", "TokenAuth.authenticate"),
    ("  task read + permission", "theodoi.api.write", "readable_found"),
    ("    permission (can: the memberships read once)", "theodoi.api.common", "can"),
    ("  update service (save_update: all below)", "theodoi.api.write", "progress.save_update"),
    ("    permission (require)", "theodoi.planning.services.progress", "require"),
    ("    audit record (chain, lock, hash, INSERT)", "theodoi.planning.services.progress", "record"),
    ("    TaskState rebuild (and the warnings below)", "theodoi.planning.services.state", "refresh_tasks"),
    ("      stored-warnings refresh (in the transaction)", "theodoi.planning.services.warnings",
     "refresh_tasks_now"),
    ("    stored-warnings refresh (after commit)", "theodoi.planning.services.warnings", "refresh_subjects"),
    ("    anchor file (after commit)", "theodoi.audit.anchors", "_AfterCommit.__call__"),
    ("  response (schema, JSON)", "ninja.operation", "Operation._result_to_response"),
]


def _setup() -> None:
    sys.path.insert(0, str(SRC))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()


def _timed(spent: dict[str, float]) -> None:
    """Wrap every part of ``PARTS`` so that its CPU time (inclusive) adds up in ``spent``."""
    import functools
    import importlib

    for label, module, attr in PARTS:
        owner: object = importlib.import_module(module)
        *path, name = attr.split(".")
        for step in path:
            owner = getattr(owner, step)
        inner = getattr(owner, name)
        spent[label] = 0.0

        def wrapper(*a, _inner=inner, _label=label, **k):  # noqa: ANN002, ANN003
            start = time.process_time()
            try:
                return _inner(*a, **k)
            finally:
                spent[_label] += time.process_time() - start

        setattr(owner, name, functools.wraps(inner)(wrapper))


def _backend_pid(connection) -> int | None:  # noqa: ANN001
    """The PostgreSQL server process of this connection (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        return int(cur.fetchone()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=60, help="writes timed, and as many profiled (default 60)")
    parser.add_argument("--sql", action="store_true", help="print the statements of one write")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after the warm-up writes")
    parser.add_argument("--top", type=int, default=0, help="also print the N functions of most own time")
    parser.add_argument("--sort", default="tottime", help="--top's order (pstats: tottime, cumulative, …)")
    args = parser.parse_args()
    _setup()
    import datetime as dt

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from theodoi.planning.models import ProgressUpdate

    os.environ.setdefault(TODAY_ENV, timezone.localdate().isoformat())
    jobs = write_jobs()
    need = 3 * args.writes + 6
    if len(jobs) < need:
        raise SystemExit(f"{len(jobs)} tasks to write, {need} needed")
    client = Client(SERVER_NAME="localhost")

    def read(job: dict) -> dict:
        """The job with the version the officer would read now (the page read before the write)."""
        return {**job, "version": ProgressUpdate.objects.filter(task__uid=job["uid"], period_key=job["period"])
                .values_list("version", flat=True).first()}

    def post(job: dict) -> int:
        start = time.process_time()
        resp = client.post(f"/api/v1/tasks/{job['uid']}/updates", data=update_body(job),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {job['token']}")
        spent = time.process_time() - start
        if resp.status_code != 200:
            raise SystemExit(f"HTTP {resp.status_code}: {resp.content[:500]!r}")
        return int(spent * 1_000_000)

    todo = iter([read(job) for job in jobs[:need]])  # each task is written once: its version stays
    for _ in range(4):  # warm-up: imports, caches, connections, the unit → chain answers
        post(next(todo))
    if args.gc_freeze:
        import gc

        gc.freeze()
    job = next(todo)
    with CaptureQueriesContext(connection) as queries:
        post(job)
    sql = [q["sql"] for q in queries.captured_queries]
    backend = _backend_pid(connection)
    pg_before = _cpu_of([backend] if backend else [])
    timed = [post(next(todo)) / 1000 for _ in range(args.writes)]
    pg_after = _cpu_of([backend] if backend and _backend_pid(connection) == backend else [])
    batch = [next(todo) for _ in range(args.writes)]
    spent: dict[str, float] = {}
    _timed(spent)
    whole = [post(job) / 1000 for job in batch]
    spent = dict(spent)  # the parts of these writes only (the wrappers stay on under the profiler below)
    profiler = None
    if args.top:  # cProfile's own overhead distorts the parts: only the functions' order is read from it
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for job in [next(todo) for _ in range(args.writes)]:
            post(job)
        profiler.disable()

    print(f"one write: {len(sql)} statements; CPU of a write (this process) over {args.writes} writes: "
          f"median {statistics.median(timed):.1f} ms, mean {statistics.mean(timed):.1f} ms")
    if backend and backend in pg_after:  # the same connection throughout (CONN_MAX_AGE)
        print(f"PostgreSQL backend's CPU per write (user + sys, /proc, 10 ms ticks): "
              f"{(pg_after[backend] - pg_before[backend]) * 1000 / args.writes:.1f} ms")
    if args.sql:
        for i, q in enumerate(sql, 1):
            print(f"  {i:2d}. {q[:160]}")
    per = 1000 / args.writes
    print(f"\nby part, mean CPU over {args.writes} more writes (each part includes those indented under it):")
    print(f"  {'whole request (Django test client → response)':<56} {statistics.mean(whole):7.2f} ms")
    for label, _module, _attr in PARTS:
        print(f"  {label:<56} {spent[label] * per:7.2f} ms")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    print(f"\n{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; database: {connection.vendor}; hardware: {hardware()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
