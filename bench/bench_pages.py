#!/usr/bin/env python3
"""Time the main staff and portal pages on the demo data with Django's test client.

    THEODOI_DATA_DIR=$(mktemp -d) .venv/bin/python bench/bench_pages.py [--runs 15]

It migrates a fresh database in that data folder, loads the demo (``theodoi demo``), signs
in as the demo's officer, leader, standing office and province accounts, and requests each
main page ``--runs`` times (after one warm-up request). It prints, per page, the median
and the 95th percentile in milliseconds, the number of SQL queries of one request and
whether the median is within the 300 ms goal of the web issue, then the hardware. This is
a measurement, never a test: nothing fails on a slow machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from machine import hardware

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
GOAL_MS = 300.0


def _setup() -> None:
    if not os.environ.get("THEODOI_DATA_DIR"):
        sys.exit("THEODOI_DATA_DIR must point to an empty folder (the Makefile gives a mktemp -d)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from theodoi.demo import loader

    loader.load(say=lambda _msg: None)


def _pages() -> list[tuple[str, str]]:
    """(account, path) of each main page, filled with real ids of the demo."""
    from theodoi.planning.models import Document, Target, Task

    task = Task.objects.filter(lead_unit__slug="xa-binh-lu-vhxh", children__isnull=True).order_by("id").first()
    target = (Target.objects.filter(document__issuer__slug="xa-binh-lu", measurements__isnull=False)
              .order_by("id").first())
    plan = task.document if task else Document.objects.exclude(status="stub").first()
    officer, leader, office, province = "binhlu.vhxh", "binhlu.vhxh.lanhdao", "binhlu.vanphong", "sokhcn"
    pages = [
        (officer, "/"), (leader, "/"), (office, "/dashboard/"), (province, "/dashboard/"),
        (office, "/plans/"), (office, f"/plans/{plan.uid}/"), (office, "/tasks/"), (province, "/tasks/"),
        (office, "/tasks/?q=chuyen+doi+so"), (office, f"/tasks/{task.uid}/"), (officer, f"/tasks/{task.uid}/update/"),
        (office, "/targets/"), (office, f"/targets/{target.uid}/"), (office, "/units/"),
        (office, "/units/xa-binh-lu/"), (office, "/warnings/"), (province, "/warnings/"), (office, "/overdue/"),
        (office, "/six-clear/"), (leader, "/review/"), (office, "/completeness/"),
        (office, "/tasks.json"), (office, "/tasks.csv"), (office, "/tasks.xlsx"),
        ("", "/public/"), ("", f"/public/plans/{plan.uid}/"), ("", f"/public/tasks/{task.uid}/"),
    ]
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page (default 15)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    _setup()
    print(f"demo loaded in {time.perf_counter() - t0:.1f} s")

    from django.db import connection
    from django.test import Client

    from theodoi.tenancy.models import User

    clients: dict[str, Client] = {}
    rows = []
    for account, path in _pages():
        if account not in clients:
            clients[account] = Client(SERVER_NAME="localhost")  # an allowed host by default
            if account:
                clients[account].force_login(User.objects.get(username=account))
        client = clients[account]
        queries: list[str] = []

        def count(execute, sql, params, many, context, _q=queries):  # survives reconnects, unlike queries_log
            _q.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            first = client.get(path)
        if first.status_code != 200:
            print(f"{path} as {account or 'anonymous'}: HTTP {first.status_code}", file=sys.stderr)
            return 1
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((account or "anonymous", path, statistics.median(times), p95, len(queries)))

    width = max(len(p) for _a, p, *_ in rows)
    print(f"{'page':<{width}}  {'as':<20} {'median ms':>9} {'p95 ms':>8} {'queries':>7}  goal {GOAL_MS:.0f} ms")
    for account, path, med, p95, n in rows:
        mark = "ok" if med <= GOAL_MS else "SLOW"
        print(f"{path:<{width}}  {account:<20} {med:9.1f} {p95:8.1f} {n:7d}  {mark}")
    slow = sum(1 for r in rows if r[2] > GOAL_MS)
    print(f"{len(rows)} pages, {slow} with a median above {GOAL_MS:.0f} ms")
    print(f"database: {connection.vendor}; hardware: {hardware()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
