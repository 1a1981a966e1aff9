#!/usr/bin/env python3
"""Time ``audit verify``, ``backup`` and ``restore`` on the demo (optionally with benchdata communes).

    THEODOI_DATA_DIR=$(mktemp -d) .venv/bin/python bench/bench_trust.py [--communes 30 --months 6] [--runs 3]

It migrates a fresh database in that data folder (SQLite, or ``DATABASE_URL``), loads the demo and,
with ``--communes``, that many Lai Châu communes of ``theodoi benchdata``; then it times
``audit.verify.verify()`` and ``storage.backup.backup()`` ``--runs`` times each (median), restores
the last backup into a new folder with ``theodoi restore`` (SQLite only: PostgreSQL needs an empty
database of its own), and prints the trail's size, the peak memory and the hardware. A measurement,
never a test: nothing fails on a slow machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import hardware

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=0)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("THEODOI_DATA_DIR"):
        sys.exit("THEODOI_DATA_DIR must point to an empty folder (the Makefile gives a mktemp -d)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from theodoi.audit.verify import verify
    from theodoi.demo import benchdata, loader
    from theodoi.storage.backup import backup

    call_command("migrate", interactive=False, verbosity=0)
    loader.load(say=lambda _msg: None)
    if args.communes:
        benchdata.load(["lai-chau"], months=args.months, communes=args.communes, say=lambda _m: None)
    times, report = [], None
    for _ in range(args.runs):
        start = time.perf_counter()
        report = verify()
        times.append(time.perf_counter() - start)
    assert report is not None and report.ok, report.first if report else None
    out = Path(tempfile.mkdtemp()) / "theodoi.tar.gz"
    btimes = []
    for _ in range(args.runs):
        start = time.perf_counter()
        backup(out)
        btimes.append(time.perf_counter() - start)
    print(f"engine {connection.vendor}: {report.events} audit records, {report.rows_checked} audited rows")
    print(f"audit verify   median {statistics.median(times):6.2f} s   ({', '.join(f'{t:.2f}' for t in times)})")
    print(f"backup         median {statistics.median(btimes):6.2f} s   {out.stat().st_size / 1e6:.1f} MB")
    if connection.vendor == "sqlite":
        target = Path(tempfile.mkdtemp())
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["THEODOI_DATA_DIR"] = str(target)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "theodoi.cli", "restore", str(out)], env=env, check=True,
                       capture_output=True)
        print(f"restore+verify {time.perf_counter() - start:6.2f} s   (a process of its own, start-up included)")
    print(f"peak memory    {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(hardware())


if __name__ == "__main__":
    main()
