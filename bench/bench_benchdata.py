#!/usr/bin/env python3
"""The load generator's speed: rows and audit records written per second, CPU and wall.

    .venv/bin/python bench/bench_benchdata.py --pg postgres://postgres@127.0.0.1:5432 --db NAME \
        [--provinces lai-chau] [--months 24] [--runs 1]

Each run migrates a fresh database ``NAME`` (dropped and created again) and loads it in this process
with ``benchdata.load``, timing the whole load and the upkeep after the rows (``state.rebuild``, the
stored counts, ``ANALYZE``, ``refresh_all``) in CPU seconds of this process (``time.process_time``:
PostgreSQL's own CPU is not in it) and in wall seconds. It then runs the load again (it must add
nothing) and ``audit verify``. Run it from two trees (``main`` and a branch) in the same minutes: the
script measures the tree whose ``src/`` it is started from, or ``--src``'s. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(Path(args.src)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from theodoi.demo import benchdata

    upkeep = {"cpu": 0.0, "wall": 0.0}

    def timed(fn):
        def run(*a, **k):
            c, w = time.process_time(), time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                upkeep["cpu"] += time.process_time() - c
                upkeep["wall"] += time.perf_counter() - w
        return run

    from theodoi.planning.services import state, warnings

    state.rebuild = timed(state.rebuild)
    warnings.refresh_all = timed(warnings.refresh_all)
    with contextlib.suppress(ImportError):
        from theodoi.planning.services import counts  # the branch's stored counts (absent on main)

        counts.rebuild = timed(counts.rebuild)
    benchdata.analyze = timed(benchdata.analyze)
    keys = None if args.provinces == "nation" else args.provinces.split(",")
    c0, w0 = time.process_time(), time.perf_counter()
    stats = benchdata.load(keys, months=args.months, say=lambda _m: None)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    again = benchdata.load(keys, months=args.months, say=lambda _m: None)
    from theodoi.audit.verify import verify

    report = verify()
    n = stats.rows + stats.events
    print(json.dumps({
        "rows": stats.rows, "events": stats.events, "cpu": round(cpu, 2), "wall": round(wall, 2),
        "upkeep_cpu": round(upkeep["cpu"], 2), "upkeep_wall": round(upkeep["wall"], 2),
        "per_cpu_s": round(n / cpu), "per_wall_s": round(n / wall),
        "writing_per_cpu_s": round(n / (cpu - upkeep["cpu"])),
        "writing_per_wall_s": round(n / (wall - upkeep["wall"])),
        "second_run_rows": again.rows, "second_run_events": again.events, "verify_ok": report.ok,
    }))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pg", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--provinces", default="lai-chau", help="SLUG,… or nation")
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--src", default=str(ROOT / "src"))
    p.add_argument("--child", action="store_true")
    args = p.parse_args()
    if args.child:
        _child(args)
        return 0
    for _ in range(args.runs):
        subprocess.run(["psql", args.pg, "-qc", f"DROP DATABASE IF EXISTS {args.db}"], check=True)
        subprocess.run(["psql", args.pg, "-qc", f"CREATE DATABASE {args.db}"], check=True)
        env = dict(os.environ, DATABASE_URL=f"{args.pg}/{args.db}", THEODOI_DATA_DIR=tempfile.mkdtemp())
        load = os.getloadavg()
        out = subprocess.run([sys.executable, __file__, "--child", *sys.argv[1:]], env=env, check=True,
                             capture_output=True, text=True).stdout
        print(json.dumps({"load": [round(x, 1) for x in load], **json.loads(out.strip().splitlines()[-1])}))
        sys.stdout.flush()
    subprocess.run(["psql", args.pg, "-qc", f"DROP DATABASE IF EXISTS {args.db}"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
