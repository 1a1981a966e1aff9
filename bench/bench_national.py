#!/usr/bin/env python3
"""The national roll-up's cost on a database already filled (``theodoi benchdata``), one process.

    DATABASE_URL=… THEODOI_DATA_DIR=… .venv/bin/python bench/bench_national.py [--src DIR] [--runs 7]

Signs in a reader at the Ministry (``bench.bokhcn``, made once through the account services if missing:
the demo's ``bokhcn`` may not be there) and asks ``/national/`` ``--runs`` times through Django's test
client after one warm-up request, printing as JSON the p50/p95 of the wall time and of the CPU time of this process
(``time.process_time``: PostgreSQL's own work is not in it) and the queries of one request. Run it from
two trees (``--src``: ``main``'s and a branch's) against the same database, alternately: the ratio is
what to read. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args()
    sys.path.insert(0, args.src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from theodoi.tenancy import services
    from theodoi.tenancy.models import Role, Unit, User

    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.filter(username="bench.bokhcn").first()
    if user is None:  # through the services, with their audit records (``audit verify`` passes after)
        user = services.create_user("bench.bokhcn", full_name="Bộ KH&CN (đo tải)", actor="bench_national")
        services.add_membership(user, Unit.objects.get(slug="bo-khcn"), Role.READER, actor="bench_national")
    client = Client()
    client.force_login(user)
    assert client.get("/national/").status_code == 200  # the per-process caches
    wall, cpu = [], []
    for _ in range(args.runs):
        c, w = time.process_time(), time.perf_counter()
        resp = client.get("/national/")
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
        assert resp.status_code == 200
    with CaptureQueriesContext(connection) as q:
        client.get("/national/")
    print(json.dumps({"src": args.src, "load": [round(x, 1) for x in os.getloadavg()],
                      "wall_p50_ms": round(statistics.median(wall) * 1000),
                      "wall_p95_ms": round(_pct(wall, .95) * 1000),
                      "cpu_p50_ms": round(statistics.median(cpu) * 1000), "cpu_p95_ms": round(_pct(cpu, .95) * 1000),
                      "queries": len(q.captured_queries)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
