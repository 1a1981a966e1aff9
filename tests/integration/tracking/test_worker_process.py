"""The worker as a real process: runs, stops cleanly on SIGTERM, and --once exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.installations import copy_of, migrated_installation, sqlite_pass_only

pytestmark = sqlite_pass_only  # the workers run on an SQLite file of their own

RUN = [sys.executable, "-c", "import sys; from theodoi.cli import main; sys.exit(main(sys.argv[1:]))"]


@pytest.fixture
def env(tmp_path, tmp_path_factory):
    """A migrated installation of its own (a copy of the session's, tests/installations.py)."""
    copy_of(migrated_installation(tmp_path_factory), tmp_path, database="worker.sqlite3")
    return dict(os.environ, THEODOI_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/worker.sqlite3",
                PYTHONUNBUFFERED="1")


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_worker_runs_and_stops_on_sigterm(env):
    once = subprocess.run([*RUN, "worker", "--once"], env=env, capture_output=True, text=True, timeout=120)
    assert once.returncode == 0, once.stderr
    # the day's planning, then what it plans: the self-measured targets and the warnings
    assert "Đã chạy 3 tác vụ" in once.stdout, once.stdout
    proc = subprocess.Popen([*RUN, "worker", "--interval", "0.2"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert "bắt đầu" in first
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "Worker đã dừng" in out


def _shell(env, code: str) -> str:
    out = subprocess.run([*RUN, "manage", "shell", "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_two_worker_processes_share_one_sqlite_file_without_running_a_job_twice(env):
    """Two real workers on one database file: every job is claimed once (conditional UPDATE)."""
    _shell(env, "from theodoi.jobs.services import enqueue\n"
                "for d in range(1, 29): enqueue('warnings.daily', {'date': f'2026-02-{d:02d}'}, "
                "dedupe_key=f'test-{d}')")
    procs = [subprocess.Popen([*RUN, "worker", "--once"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    report = _shell(env, "from theodoi.jobs.models import Job\n"
                         "rows = Job.objects.filter(dedupe_key__startswith='test-')\n"
                         "print('RESULT', rows.count(), sorted(set(rows.values_list('status', 'attempts'))))")
    line = next(ln for ln in report.splitlines() if ln.startswith("RESULT"))
    assert line == "RESULT 28 [('done', 1)]", report  # all done, none run twice
    ran = sum(int(o.split("Đã chạy ")[1].split()[0]) for o, _err in outs)
    assert ran == 28 + 3  # the 28 jobs, the day's planning, self-measured targets and warnings, each run once
