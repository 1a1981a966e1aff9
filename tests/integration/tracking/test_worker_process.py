"""The worker as a real process: runs, stops cleanly on SIGTERM, and --once exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

RUN = [sys.executable, "-c", "import sys; from theodoi.cli import main; sys.exit(main(sys.argv[1:]))"]


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ, THEODOI_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/worker.sqlite3",
             PYTHONUNBUFFERED="1")
    subprocess.run([*RUN, "migrate", "-v", "0"], env=e, check=True, timeout=120, capture_output=True)
    return e


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_worker_runs_and_stops_on_sigterm(env):
    once = subprocess.run([*RUN, "worker", "--once"], env=env, capture_output=True, text=True, timeout=120)
    assert once.returncode == 0, once.stderr
    assert "Đã chạy 2 tác vụ" in once.stdout  # the day's planning and the day's warnings
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
