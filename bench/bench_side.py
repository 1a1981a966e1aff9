#!/usr/bin/env python3
"""Two trees side by side on the same databases: the pages' wall and CPU time per request.

    .venv/bin/python bench/bench_side.py --tree main=/work/wt/x-main --tree branch=. \\
        --db demo=postgres://…/x_demo:/path/data-demo --db province=postgres://…/x_prov:/path/data-prov \\
        [--runs 9] [--page /dashboard/ …]

Each tree serves each database from a process of its own (``bench_scale.py --child-pages`` of
that tree, run by the tree's own ``.venv``: Django's test client, one request at a time, as
``bench_scale`` measures); the requests go round the processes in turn, page by page, so a busy
machine slows every column alike. For each request: its wall time (the child's) and its CPU time
(user + system of the child process, read from ``/proc`` before and after: the server's Python,
not PostgreSQL's), and, for a PostgreSQL database, the CPU time its server processes connected to
that database used meanwhile (the requests go one at a time, so that is the request's share). It
prints, per page, database and tree, the median and p95 of each, and the load average at the start
and the end. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PAGES = ("/dashboard/", "/tasks/", "/warnings/", "/targets/")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICK  # utime, stime


def _backends_cpu_ms(monitor: Any, database: str) -> float:
    """CPU (user + system) used so far by the PostgreSQL processes serving ``database``."""
    pids = [r[0] for r in monitor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                                          "AND pid <> pg_backend_pid()", [database])]
    total = 0.0
    for pid in pids:
        try:
            total += _cpu_ms(pid)
        except OSError:  # gone meanwhile
            continue
    return total


class Child:
    def __init__(self, tree: Path, url: str, data_dir: str) -> None:
        self.database = urlsplit(url).path.lstrip("/") if url.startswith("postgres") else ""
        self.monitor: Any = None
        if self.database:
            import psycopg

            parts = urlsplit(url)
            self.monitor = psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)
        env = {**os.environ, "DATABASE_URL": url, "THEODOI_DATA_DIR": data_dir, "PYTHONPATH": str(tree / "src"),
               "DJANGO_SETTINGS_MODULE": "theodoi.settings"}
        self.proc = subprocess.Popen([str(tree / ".venv/bin/python"), str(tree / "bench/bench_scale.py"),
                                      "--child-pages"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, cwd=tree)
        assert json.loads(self._line()).get("ready")

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline()

    def get(self, account: str, path: str) -> tuple[float, float, int, float]:
        assert self.proc.stdin is not None
        before = _cpu_ms(self.proc.pid)
        pg_before = _backends_cpu_ms(self.monitor, self.database) if self.monitor else 0.0
        self.proc.stdin.write(f"{account} {path}\n")
        self.proc.stdin.flush()
        answer = json.loads(self._line())
        if answer["status"] != 200:
            raise SystemExit(f"{path}: HTTP {answer['status']}")
        cpu = _cpu_ms(self.proc.pid) - before
        pg = _backends_cpu_ms(self.monitor, self.database) - pg_before if self.monitor else 0.0
        return answer["ms"], cpu, answer["queries"], pg

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()
        if self.monitor is not None:
            self.monitor.close()


def _p95(xs: list[float]) -> float:
    return sorted(xs)[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=PATH")
    parser.add_argument("--db", action="append", required=True, metavar="NAME=URL:DATA_DIR")
    parser.add_argument("--page", action="append", help=f"paths (default {' '.join(PAGES)})")
    parser.add_argument("--account", default="sokhcn")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    trees = [(n, Path(p).resolve()) for n, _, p in (t.partition("=") for t in args.tree)]
    dbs = [(n, *rest.rsplit(":", 1)) for n, _, rest in (d.partition("=") for d in args.db)]
    load0 = os.getloadavg()
    children = {(t, d): Child(path, url, data) for t, path in trees for d, url, data in dbs}
    out: dict[tuple[str, str, str], list[tuple[float, float, int, float]]] = {}
    try:
        for page in args.page or PAGES:
            for c in children.values():  # a warm-up request each (caches, connections)
                c.get(args.account, page)
            for _ in range(args.runs):
                for (t, d), c in children.items():
                    out.setdefault((page, d, t), []).append(c.get(args.account, page))
    finally:
        for c in children.values():
            c.close()
    load1 = os.getloadavg()
    print(f"load average {load0[0]:.2f} at the start, {load1[0]:.2f} at the end; {args.runs} requests each")
    print("| page | database | tree | wall p50 (p95) ms | CPU p50 (p95) ms | PostgreSQL CPU p50 ms | queries |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (page, d, t), rows in out.items():
        wall, cpu, pg = [r[0] for r in rows], [r[1] for r in rows], [r[3] for r in rows]
        print(f"| {page} | {d} | {t} | {statistics.median(wall):,.0f} ({_p95(wall):,.0f}) | "
              f"{statistics.median(cpu):,.0f} ({_p95(cpu):,.0f}) | {statistics.median(pg):,.0f} | {rows[-1][2]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
