"""`theodoi serve`: the production server runs several processes and answers from each."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.installations import copy_of, migrated_installation, sqlite_pass_only
from theodoi.web.management.commands.serve import default_workers, gunicorn_available

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def test_default_workers_is_the_cores_this_process_may_use():
    assert default_workers() == len(os.sched_getaffinity(0))


@sqlite_pass_only
@pytest.mark.skipif(not gunicorn_available() or not Path("/proc").exists(), reason="gunicorn runs on POSIX")
def test_two_worker_processes_answer(tmp_path, tmp_path_factory):
    env = {**os.environ, "THEODOI_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "PYTHONPATH": str(ROOT / "src")}
    copy_of(migrated_installation(tmp_path_factory), tmp_path)  # `theodoi migrate`, run once a session
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "theodoi.cli", "serve", "--port", str(port), "--workers", "2",
                               "--threads", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        body = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/public/", timeout=5) as resp:
                    assert resp.status == 200
                    body = resp.read()
                    break
            except OSError:
                time.sleep(0.2)
        assert "<title>Kế hoạch công khai".encode() in body
        # The first worker may answer before the master has forked the second on a loaded machine.
        children = _children(server.pid)
        while len(children) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            children = _children(server.pid)
        assert len(children) == 2  # the master and its two workers
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert "2 tiến trình × 2 luồng".encode() in out
