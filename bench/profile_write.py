#!/usr/bin/env python3
"""Where one deadline-day write's time goes, in the server process: CPU and queries by part.

    DATABASE_URL=… THEODOI_DATA_DIR=… .venv/bin/python bench/profile_write.py [--writes 60] [--sql]

Against a database built as ``bench_scale.py`` builds its province (the demo plus ``theodoi
benchdata --provinces lai-chau``), it sends officers' updates exactly as the benchmark does
(``POST /api/v1/tasks/{uid}/updates`` with a bearer token, saved and sent, the version read) through
Django's whole request path in this process (``django.test.Client``: the middleware, the API, the
services, the commit and what runs after it), one at a time. It prints the CPU time of a write
(``time.process_time``: user + sys of this process, so PostgreSQL's share is not in it) measured
without the profiler, the statements of one write (``CaptureQueriesContext``; ``--sql`` lists them),
then the same writes under ``cProfile`` with the time of each part: the parts are nested calls, so a
part's time includes the parts under it (the service includes the audit record, the state and the
warnings) and "the rest" is what no part below covers. It writes to the database it is given
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
from bench_scale import SRC, TODAY_ENV, update_body, write_jobs  # noqa: E402
from machine import hardware  # noqa: E402

# (label, file suffix, function): nested calls of one write, outermost first
PARTS = [
    ("whole request (client → response)", "django/test/client.py", "request"),
    ("  API view (ninja operation)", "ninja/operation.py", "run"),
    ("    token auth (token, user, last use)", "theodoi/api/auth.py", "authenticate"),
    ("    task read + permission", "theodoi/api/common.py", "readable_loaded"),
    ("    update service (save_update)", "theodoi/planning/services/progress.py", "save_update"),
    ("      permission (require)", "theodoi/planning/services/common.py", "require"),
    ("      version check", "theodoi/planning/services/common.py", "check_version"),
    ("      audit snapshot", "theodoi/audit/services.py", "snapshot"),
    ("      audit record (chain lock, hash, INSERT)", "theodoi/audit/services.py", "record"),
    ("      TaskState rebuild", "theodoi/planning/services/state.py", "refresh_tasks"),
    ("      stored-warnings refresh", "theodoi/planning/services/warnings.py", "refresh_subjects"),
    ("      anchor file (after commit)", "theodoi/audit/anchors.py", "__call__"),
    ("    response (schema, JSON)", "ninja/operation.py", "_result_to_response"),
]


def _setup() -> None:
    sys.path.insert(0, str(SRC))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()


def _cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    """Seconds spent in (and under) the function ``name`` of a file ending in ``suffix``, outermost
    calls only (cProfile's cumulative time does not count a recursive call twice)."""
    total = 0.0
    for (filename, _line, func), row in stats.stats.items():  # type: ignore[attr-defined]
        if func == name and filename.replace("\\", "/").endswith(suffix):
            total += row[3]
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=60, help="writes timed, and as many profiled (default 60)")
    parser.add_argument("--sql", action="store_true", help="print the statements of one write")
    parser.add_argument("--top", type=int, default=0, help="also print the N functions of most own time")
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
    need = 2 * args.writes + 6
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
    job = next(todo)
    with CaptureQueriesContext(connection) as queries:
        post(job)
    sql = [q["sql"] for q in queries.captured_queries]
    timed = [post(next(todo)) / 1000 for _ in range(args.writes)]
    batch = [next(todo) for _ in range(args.writes)]
    profiler = cProfile.Profile(time.process_time)  # CPU, as the figures above
    profiler.enable()
    start = time.process_time()
    for job in batch:
        post(job)
    profiled = time.process_time() - start
    profiler.disable()
    stats = pstats.Stats(profiler)

    print(f"one write: {len(sql)} statements; CPU (this process, no profiler) over {args.writes} writes: "
          f"median {statistics.median(timed):.1f} ms, mean {statistics.mean(timed):.1f} ms")
    if args.sql:
        for i, q in enumerate(sql, 1):
            print(f"  {i:2d}. {q[:160]}")
    per = 1000 / args.writes
    print(f"\nunder cProfile ({profiled * per:.1f} ms a write with the profiler's overhead):")
    for label, suffix, name in PARTS:
        print(f"  {label:<48} {_cumulative(stats, suffix, name) * per:7.2f} ms")
    if args.top:
        stats.sort_stats("tottime").print_stats(args.top)
    print(f"\n{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; database: {connection.vendor}; hardware: {hardware()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
