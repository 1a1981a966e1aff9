#!/usr/bin/env python3
"""The cost of the province's pages, warnings job and monthly report as data grows.

    .venv/bin/python bench/bench_scale.py [--pg URL] [--nation] [--months 24] [--runs 15]

It builds one database per scale, side by side on the same engine: ``demo`` (``theodoi demo``)
and ``province`` (the demo plus ``theodoi benchdata --provinces lai-chau``: Lai Châu's 38
communes with a plan each and ``--months`` of history); with ``--nation``, also ``nation``
(the demo plus every province's communes). Each scale is served by a process of its own, and
the page requests alternate between them, so a shared, noisy machine slows both alike: read
the ratios. It prints, per page and scale, the median and p95 in ms and the queries of one
request; then the daily warnings job and the province's monthly report (time and the
process's peak memory, each in a fresh process); then the hardware.

PostgreSQL by default when ``--pg`` is given (``postgres://postgres@127.0.0.1:5432``: one
throwaway database per scale, dropped at the end); SQLite otherwise. A measurement, never a
test: nothing fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from machine import hardware

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PROVINCE_ACCOUNT = "sokhcn"
NATIONAL_ACCOUNT = "bokhcn"  # the demo's reader at the Ministry (Bộ KH&CN): every province
PAGES = [  # (label, account, path)
    ("province dashboard", PROVINCE_ACCOUNT, "/dashboard/"),
    ("task list", PROVINCE_ACCOUNT, "/tasks/"),
    ("warnings", PROVINCE_ACCOUNT, "/warnings/"),
    ("targets", PROVINCE_ACCOUNT, "/targets/"),
    ("portal home", "", "/public/"),
    ("national roll-up", NATIONAL_ACCOUNT, "/national/"),
]
TODAY_ENV = "THEODOI_BENCH_TODAY"


# -- the child process: one database, answering requests on stdin ---------------------------
def _django(env_db: str | None) -> None:
    sys.path.insert(0, str(SRC))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()


def _serve_pages() -> int:
    """Child mode: read 'ACCOUNT PATH' lines, answer one JSON line each."""
    _django(None)
    from django.db import connection
    from django.test import Client

    import theodoi.wsgi  # noqa: F401  (a process as ``theodoi serve``'s: its application loaded and settled)
    from theodoi.tenancy.models import User

    clients: dict[str, Client] = {}
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        account, _, path = line.rstrip("\n").partition(" ")
        account = "" if account == "-" else account
        if account not in clients:
            clients[account] = Client(SERVER_NAME="localhost")
            if account:
                clients[account].force_login(User.objects.get(username=account))
        queries = [0]

        def count(execute, sql, params, many, context, _q=queries):
            _q[0] += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            status = clients[account].get(path).status_code
        print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "queries": queries[0],
                          "status": status}), flush=True)
    return 0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _job(kind: str) -> int:
    """Child mode: run the daily warnings job or the province's monthly report once."""
    _django(None)
    import datetime as dt

    from django.db import transaction

    today = dt.date.fromisoformat(os.environ[TODAY_ENV])
    base = _peak_mb()
    start = time.perf_counter()
    if kind == "warnings":  # the daily job: every warning of the day computed and stored
        from theodoi.planning.services.warnings import refresh_all

        size = refresh_all(today)
    else:
        from theodoi.domain.periods import current_reporting_month
        from theodoi.reporting import services
        from theodoi.tenancy.models import Unit

        province = Unit.objects.get(slug="tinh-lai-chau")
        period = current_reporting_month(today).previous()
        with transaction.atomic():
            report = services.open_report(province, "monthly", period.key)
            size = len(services.render(report, "docx", today))
            transaction.set_rollback(True)
    print(json.dumps({"s": time.perf_counter() - start, "peak_mb": _peak_mb(), "base_mb": base, "size": size}))
    return 0


MARKER = "bench-deadline-day"


def _prepare_writes() -> int:
    """Child mode: print :func:`write_jobs` as one JSON line."""
    _django(None)
    print(json.dumps(write_jobs()))
    return 0


def write_jobs() -> list[dict]:
    """An API token for each bench officer of Lai Châu, and the tasks each may report for the
    current month with the version it would have read (Django set up)."""
    import datetime as dt

    from theodoi.domain.periods import current_reporting_month
    from theodoi.planning.models import ProgressUpdate, Task
    from theodoi.portal.tokens import issue_token
    from theodoi.tenancy.models import Membership, Role

    today = dt.date.fromisoformat(os.environ[TODAY_ENV])
    period = current_reporting_month(today).key
    jobs = []
    members = (Membership.objects.filter(role=Role.OFFICER, user__username__startswith="bench.",
                                         unit__path__startswith=_lai_chau_path())
               .select_related("user", "unit").order_by("unit__path"))
    for m in members:
        _row, token = issue_token(m.user, "bench deadline day")
        tasks = list(Task.objects.filter(lead_unit=m.unit, document__source_name="benchdata"))
        versions = dict(ProgressUpdate.objects.filter(task__in=tasks, period_key=period)
                        .values_list("task_id", "version"))
        jobs += [{"token": token, "uid": str(t.uid), "version": versions.get(t.pk), "period": period}
                 for t in tasks]
    # interleave the officers, so that a burst is many units at once, as on deadline day
    jobs.sort(key=lambda j: (j["uid"][-6:]))
    return jobs


def _lai_chau_path() -> str:
    from theodoi.tenancy.models import Unit

    return Unit.objects.get(slug="tinh-lai-chau").path


def _count_written(uids_file: str) -> int:
    """Child mode: how many of the acknowledged writes are in the database."""
    _django(None)
    from theodoi.planning.models import ProgressUpdate

    uids = json.loads(Path(uids_file).read_text())
    print(ProgressUpdate.objects.filter(uid__in=uids, work_done__startswith=MARKER).count())
    return 0


# -- the parent: build the databases, alternate the requests, print -------------------------
def _env(scale: str, data_dir: Path, pg: str | None) -> dict[str, str]:
    env = {**os.environ, "THEODOI_DATA_DIR": str(data_dir), "PYTHONPATH": str(SRC),
           "DJANGO_SETTINGS_MODULE": "theodoi.settings"}
    env["DATABASE_URL"] = f"{pg.rstrip('/')}/{_dbname(scale)}" if pg else ""
    return env


DB_PREFIX = ["theodoi_bench"]


def _dbname(scale: str) -> str:
    return f"{DB_PREFIX[0]}_{scale}_{os.getpid()}"


def _theodoi(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "theodoi.cli", *args], env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout


def _createdb(pg: str, name: str, drop: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{pg.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')


def _build(scale: str, env: dict[str, str], months: int, today: str) -> str:
    _theodoi(env, "migrate", "--no-input")
    _theodoi(env, "demo", "--today", today)
    if scale == "demo":
        return "demo"
    where = ["--nation"] if scale == "nation" else ["--provinces", "lai-chau"]
    out = _theodoi(env, "benchdata", *where, "--months", str(months))
    return out.strip().splitlines()[-1]


CLIENTS = (8, 32, 64)


def update_body(job: dict) -> str:
    """What an officer posts on deadline day: the month's update, sent, with the version read."""
    return json.dumps({"period_key": job["period"], "percent": "55", "submit": True,
                       "work_done": f"{MARKER}: đã triển khai các nội dung của tháng.",
                       "expected_version": job["version"]})


def _post(port: int, job: dict) -> tuple[int, float, str]:
    import http.client

    body = update_body(job)
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", f"/api/v1/tasks/{job['uid']}/updates", body=body,
                     headers={"Authorization": f"Bearer {job['token']}", "Content-Type": "application/json",
                              "Host": "localhost"})
        resp = conn.getresponse()
        payload = resp.read()
        status = resp.status
    finally:
        conn.close()
    uid = json.loads(payload).get("uid", "") if status == 200 else ""
    return status, (time.perf_counter() - start) * 1000, uid


def _burst(clients: int, work: list, call) -> tuple[float, list[float], list]:
    """Run ``call`` on every item of ``work`` from ``clients`` threads; (seconds, latencies, results)."""
    import queue
    import threading

    todo: queue.Queue = queue.Queue()
    for item in work:
        todo.put(item)
    results: list = []
    lock = threading.Lock()

    def run() -> None:
        while True:
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            out = call(item)
            with lock:
                results.append(out)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, [r[1] for r in results], results


def _raw_inserts(dsn: str, clients: int, n: int) -> tuple[float, list[float]]:
    """The same number of one-row transactions, as plain INSERTs of an update-sized row."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_raw_insert (id bigserial PRIMARY KEY, task_uid uuid, "
                     "period_key text, percent numeric(5,1), work_done text, at timestamptz DEFAULT now())")
    local: dict = {}
    import threading
    import uuid

    lock = threading.Lock()

    def insert(_i: int) -> tuple[int, float, str]:
        key = threading.get_ident()
        with lock:
            conn = local.get(key)
            if conn is None:
                conn = local[key] = psycopg.connect(dsn, autocommit=True)
        start = time.perf_counter()
        conn.execute("INSERT INTO bench_raw_insert (task_uid, period_key, percent, work_done) VALUES (%s, %s, %s, %s)",
                     [uuid.uuid4(), "2026-12", 55, f"{MARKER}: đã triển khai các nội dung của tháng."])
        return 200, (time.perf_counter() - start) * 1000, ""

    seconds, latencies, _ = _burst(clients, list(range(n)), insert)
    for conn in local.values():
        conn.close()
    return seconds, latencies


def _cpu_of(pids: Iterable[int]) -> dict[int, float]:
    """CPU seconds (user + sys) each of these processes has used so far (gone ones left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def _server_pids(root: int) -> list[int]:
    """``root`` and every process under it (gunicorn's workers)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return found


def _backend_pids(dsn: str) -> list[int]:
    """The PostgreSQL server processes connected to the database of ``dsn``."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        return [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                           "AND pid <> pg_backend_pid()")]


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between the two readings (a process new since ``before`` counts from 0)."""
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


def _writes(env: dict[str, str], pg: str, port: int, serve: tuple[str, ...] = ()) -> None:
    """Deadline day: officers send their month's updates through the API, 8/32/64 at once, to
    ``theodoi serve`` (its default processes), against raw INSERTs into the same database."""
    out = subprocess.run([sys.executable, __file__, "--child-prepare-writes"], env=env, check=True,
                         capture_output=True, text=True).stdout
    jobs = json.loads(out.strip().splitlines()[-1])
    share = len(jobs) // len(CLIENTS)
    if not port:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "theodoi.cli", "serve", "--port", str(port), *serve], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline().strip()
        deadline = time.monotonic() + 30
        import socket

        while time.monotonic() < deadline and server.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        if server.poll() is not None:
            raise SystemExit(f"theodoi serve stopped: {server.stdout.read()}")
        print(f"\ndeadline-day writes ({banner.split('(')[-1].split(';')[0]}; {len(jobs)} tasks, "
              f"{share} writes per level)")
        print(f"{'clients':>7} {'writes/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
              f"{'raw/s':>8} {'ratio':>6} {'server CPU':>11} {'pg CPU':>7}")
        acknowledged: list[str] = []
        for i, clients in enumerate(CLIENTS):
            work = jobs[i * share:(i + 1) * share]
            served = _cpu_of(_server_pids(server.pid))
            backends = _cpu_of(_backend_pids(env["DATABASE_URL"]))
            seconds, lat, results = _burst(clients, work, lambda job: _post(port, job))
            server_cpu = _cpu_delta(served, _cpu_of(_server_pids(server.pid)))
            pg_cpu = _cpu_delta(backends, _cpu_of(_backend_pids(env["DATABASE_URL"])))
            ok = [r for r in results if r[0] == 200]
            acknowledged += [r[2] for r in ok]
            raw_s, _raw_lat = _raw_inserts(env["DATABASE_URL"], clients, len(work))
            rate, raw_rate = len(ok) / seconds, len(work) / raw_s
            # CPU per write (ms, user + sys): the server's processes, and the database's backends
            print(f"{clients:7d} {rate:9.1f} {statistics.median(lat):8.1f} {_pct(lat, 0.99):8.1f} "
                  f"{len(results) - len(ok):7d} {raw_rate:8.1f} {rate / raw_rate:5.0%} "
                  f"{server_cpu * 1000 / len(work):8.1f} ms {pg_cpu * 1000 / len(work):4.1f} ms")
        uids = Path(tempfile.mkstemp(suffix=".json")[1])
        uids.write_text(json.dumps(acknowledged))
        found = int(subprocess.run([sys.executable, __file__, "--child-count-written", str(uids)], env=env,
                                   check=True, capture_output=True, text=True).stdout.strip())
        uids.unlink()
        print(f"acknowledged writes: {len(acknowledged)}, found in the database: {found} "
              f"({len(acknowledged) - found} lost)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _pct(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, round(q * (len(times) - 1)))]


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-pages":
        return _serve_pages()
    if len(sys.argv) > 2 and sys.argv[1] == "--child-job":
        return _job(sys.argv[2])
    if len(sys.argv) > 1 and sys.argv[1] == "--child-prepare-writes":
        return _prepare_writes()
    if len(sys.argv) > 2 and sys.argv[1] == "--child-count-written":
        return _count_written(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL server URL without a database (postgres://postgres@127.0.0.1:5432)")
    parser.add_argument("--nation", action="store_true", help="also the whole country (3,321 communes; slow to build)")
    parser.add_argument("--months", type=int, default=24, help="months of history (default 24)")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page and scale (default 15)")
    parser.add_argument("--port", type=int, default=0,
                        help="port of the server the writes go to (default: a free one)")
    parser.add_argument("--db-prefix", default="theodoi_bench",
                        help="name of the throwaway databases: PREFIX_SCALE_PID (default theodoi_bench)")
    parser.add_argument("--no-writes", action="store_true", help="leave out the deadline-day writes")
    parser.add_argument("--writes-only", action="store_true",
                        help="only the deadline-day writes (with --pg): the province built, no pages or jobs")
    parser.add_argument("--writes-on", metavar="DB",
                        help="only the writes, on this existing database of --pg (a copy of a province built "
                             "before, e.g. CREATE DATABASE … TEMPLATE …; kept) with --data-dir its data folder")
    parser.add_argument("--data-dir", help="the data folder of --writes-on's installation")
    parser.add_argument("--workers", type=int, help="theodoi serve --workers for the writes (default: its own)")
    parser.add_argument("--threads", type=int, help="theodoi serve --threads for the writes (default: its own)")
    args = parser.parse_args()
    if (args.writes_only or args.writes_on) and (args.no_writes or not args.pg):
        parser.error("--writes-only and --writes-on need --pg and no --no-writes")
    if args.writes_on and not args.data_dir:
        parser.error("--writes-on needs --data-dir")
    serve = (*(("--workers", str(args.workers)) if args.workers else ()),
             *(("--threads", str(args.threads)) if args.threads else ()))
    DB_PREFIX[0] = args.db_prefix

    import datetime as dt
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(os.environ.get("THEODOI_TIME_ZONE", "Asia/Ho_Chi_Minh"))
    today = os.environ.get(TODAY_ENV) or dt.datetime.now(zone).date().isoformat()  # the day theodoi sees
    if args.writes_on:  # side by side: two trees' servers on two copies of one database, in turn
        env = {**_env("province", Path(args.data_dir), None), TODAY_ENV: today,
               "DATABASE_URL": f"{args.pg.rstrip('/')}/{args.writes_on}"}
        _writes(env, args.pg, args.port, serve)
        print(f"\ndatabase: postgresql; hardware: {hardware()}")
        return 0
    scales = ["province"] if args.writes_only else ["demo", "province"] + (["nation"] if args.nation else [])
    tmp = Path(tempfile.mkdtemp(prefix="theodoi-bench-"))
    envs, children = {}, {}
    try:
        for scale in scales:
            (tmp / scale).mkdir()
            envs[scale] = {**_env(scale, tmp / scale, args.pg), TODAY_ENV: today}
            if args.pg:
                _createdb(args.pg, _dbname(scale))
            start = time.perf_counter()
            what = _build(scale, envs[scale], args.months, today)
            print(f"{scale}: built in {time.perf_counter() - start:.0f} s ({what})", flush=True)
        if not args.writes_only:  # the pages and the jobs
            for scale in scales:
                child = subprocess.Popen([sys.executable, __file__, "--child-pages"], env=envs[scale], text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                assert child.stdout is not None
                json.loads(child.stdout.readline())
                children[scale] = child

            def ask(scale: str, account: str, path: str) -> dict:
                child = children[scale]
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write(f"{account or '-'} {path}\n")
                child.stdin.flush()
                return json.loads(child.stdout.readline())

            print(f"\n{'page':<20} {'scale':<9} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'p50 ratio':>10}")
            for label, account, path in PAGES:
                times: dict[str, list[float]] = {s: [] for s in scales}
                queries: dict[str, int] = {}
                for scale in scales:  # one warm-up request each
                    first = ask(scale, account, path)
                    if first["status"] != 200:
                        print(f"{path} on {scale}: HTTP {first['status']}", file=sys.stderr)
                        return 1
                    queries[scale] = first["queries"]
                for _ in range(args.runs):
                    for scale in scales:  # alternate, so noise falls on every scale alike
                        times[scale].append(ask(scale, account, path)["ms"])
                base = statistics.median(times["demo"])
                for scale in scales:
                    p50 = statistics.median(times[scale])
                    print(f"{label:<20} {scale:<9} {p50:9.1f} {_pct(times[scale], 0.95):9.1f} {queries[scale]:8d} "
                          f"{p50 / base:9.1f}×")
            for child in children.values():
                child.stdin.close()  # type: ignore[union-attr]
                child.wait(timeout=30)
            children.clear()

            print(f"\n{'job':<24} {'scale':<9} {'seconds':>8} {'peak MB':>8}")
            for kind, label in (("warnings", "daily warnings job"), ("report", "province monthly report")):
                for scale in scales:
                    out = subprocess.run([sys.executable, __file__, "--child-job", kind], env=envs[scale], check=True,
                                         capture_output=True, text=True).stdout
                    r = json.loads(out.strip().splitlines()[-1])
                    print(f"{label:<24} {scale:<9} {r['s']:8.2f} {r['peak_mb']:8.0f}")
        if args.pg and not args.no_writes:
            _writes(envs["province"], args.pg, args.port, serve)
        print(f"\ndatabase: {'postgresql' if args.pg else 'sqlite'}; hardware: {hardware()}")
    finally:
        for child in children.values():
            child.kill()
        if args.pg:
            for scale in scales:
                _createdb(args.pg, _dbname(scale), drop=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
