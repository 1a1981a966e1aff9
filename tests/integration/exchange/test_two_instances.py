"""Two real theodoi instances on 127.0.0.1: a commune's (SQLite) sends its signed May report to the
province's (PostgreSQL), through a proxy that kills the receiver in the middle of a send.

1. the receiver dies while the request body is still arriving: nothing is stored, the sender
   schedules a retry with back-off;
2. the receiver stores the report and dies before its answer leaves: the acknowledgement is lost;
3. the sender tries again: the province recognises the same report and acknowledges it again,
   nothing is stored twice, and the commune's figures are in the province's aggregation.

Then a figure changed after acceptance is refused until a new signed version is sent.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.installations import copy_of, migrated_installation

ROOT = Path(__file__).resolve().parents[3]
PG_BASE = os.environ.get("THEODOI_TEST_PG_BASE", "postgres://postgres@127.0.0.1:5432")
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg(sql: str) -> bool:
    done = subprocess.run(["psql", f"{PG_BASE}/postgres", "-q", "-c", sql], capture_output=True, text=True)
    return done.returncode == 0


class Instance:
    """One theodoi: its own data folder and database, its server, its worker and commands."""

    def __init__(self, name: str, tmp: Path, database_url: str) -> None:
        self.name, self.server = name, None
        data = tmp / name
        data.mkdir()
        self.env = {**os.environ, "THEODOI_DATA_DIR": str(data), "DATABASE_URL": database_url,
                    "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "DJANGO_SETTINGS_MODULE": "tests.installation_settings",
                    "THEODOI_EXCHANGE_RETRY_SECONDS": "1", "THEODOI_LOG_LEVEL": "WARNING"}
        self.port = _free_port()

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "theodoi.cli", *args], env=self.env, capture_output=True,
                              text=True, timeout=300, cwd=ROOT)
        if check:
            assert done.returncode == 0, f"{self.name}: theodoi {' '.join(args)}\n{done.stdout}\n{done.stderr}"
        return done

    def py(self, function: str):
        code = ("import django; django.setup(); "
                f"from tests.integration.exchange.instance_setup import {function}; {function}()")
        done = subprocess.run([sys.executable, "-c", code], env=self.env, capture_output=True, text=True,
                              timeout=300, cwd=ROOT)
        assert done.returncode == 0, f"{self.name}: {function}\n{done.stderr}"
        return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None

    def start(self) -> None:
        self.server = subprocess.Popen([sys.executable, "-m", "theodoi.cli", "serve", "--port", str(self.port),
                                        "--workers", "1", "--threads", "2"], env=self.env, cwd=ROOT,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/login/", timeout=5) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"{self.name}: the server did not start")

    def kill(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGKILL)
            self.server.wait(timeout=30)
        self.server = None


class Proxy:
    """Between the commune and the province; each connection plays the next scripted part."""

    def __init__(self, target: Instance) -> None:
        self.target, self.script = target, []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.seen: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=10)
        self.sock.close()

    def _loop(self) -> None:
        while self.running:
            try:
                client, _addr = self.sock.accept()
            except TimeoutError:
                continue
            with client:
                self._one(client)

    @staticmethod
    def _request(client: socket.socket) -> tuple[bytes, bytes]:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _sep, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = client.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n", body

    def _one(self, client: socket.socket) -> None:
        part = self.script.pop(0) if self.script else "pass"
        self.seen.append(part)
        head, body = self._request(client)
        with socket.create_connection(("127.0.0.1", self.target.port), timeout=60) as up:
            if part == "cut_body":  # the receiver dies while the body is arriving
                up.sendall(head + body[: len(body) // 2])
                time.sleep(0.3)
                self.target.kill()
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                return
            up.sendall(head + body)
            answer = b""
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                answer += chunk
            if part == "drop_answer":  # stored, then the receiver dies before its answer leaves
                self.target.kill()
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                return
            client.sendall(answer)


@pytest.fixture
def instances(tmp_path, tmp_path_factory):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs in the SQLite pass of the suite: it starts its own SQLite and PostgreSQL instances")
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], capture_output=True).returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is needed for the two-instance test")
        pytest.skip("PostgreSQL is not running")
    name = f"theodoi_exchange_prov_{uuid.uuid4().hex[:8]}"
    assert _pg(f"CREATE DATABASE {name}")
    province = Instance("province", tmp_path, f"{PG_BASE}/{name}")
    commune = Instance("commune", tmp_path, "")
    try:
        province.cli("migrate", "--no-input")
        copy_of(migrated_installation(tmp_path_factory), Path(commune.env["THEODOI_DATA_DIR"]))  # migrated too
        yield province, commune
    finally:
        for inst in (province, commune):
            inst.kill()
        _pg(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _wait_for_retry(commune: Instance, attempts: int) -> dict:
    [row] = commune.py("outgoing")
    assert row["state"] == "waiting" and row["attempts"] == attempts, row
    time.sleep(2 ** (attempts - 1) + 0.5)  # THEODOI_EXCHANGE_RETRY_SECONDS=1, doubling
    return row


def test_commune_sends_up_through_a_receiver_killed_mid_send(instances):
    province, commune = instances
    token = province.py("province")["token"]
    signed = commune.py("commune")
    province.start()
    commune.start()
    proxy = Proxy(province)
    try:
        proxy.script = ["cut_body", "drop_answer"]
        commune.cli("exchange", "register", "--unit", "xa-a", "--url", f"http://127.0.0.1:{proxy.port}",
                    "--token", token)
        assert "Đã xếp lịch" in commune.cli("exchange", "send", "--unit", "xa-a", "--period", "2026-05").stdout

        commune.cli("worker", "--once")  # 1: killed while the body arrives
        row = _wait_for_retry(commune, 1)
        assert row["error"]
        assert province.py("received")["submissions"] == []

        province.start()
        commune.cli("worker", "--once")  # 2: stored, the answer lost
        _wait_for_retry(commune, 2)
        first = province.py("received")["submissions"]
        assert [s["version"] for s in first] == [1] and first[0]["sha256"] == signed["sha256"]

        province.start()
        commune.cli("worker", "--once")  # 3: the same report again: recognised
        [row] = commune.py("outgoing")
        assert row["state"] == "accepted", row
        assert row["attempts"] == 3 and row["ack"]["status"] == "duplicate"
        assert row["ack"]["submission"] == first[0]["uid"]
        assert proxy.seen == ["cut_body", "drop_answer", "pass"]

        got = province.py("received")
        [sub] = got["submissions"]
        assert sub["figures_stored"] == 1 and sub["tasks"] == 1 and sub["progress"] == 1
        assert sub["audit_head"]["seq"] > 0 and len(sub["audit_head"]["hash"]) == 64
        assert got["measurements"] == [{"unit": "xa-a", "numerator": "345.0000", "denominator": "1050.0000",
                                        "state": "approved"}]
        assert got["province_rows"][0]["value"] == "32.86"  # Σ numerators / Σ denominators of the commune

        again = commune.cli("exchange", "send", "--unit", "xa-a", "--period", "2026-05")
        assert "đã gửi xong" in again.stdout

        commune.py("change_figure")
        refused = commune.cli("exchange", "send", "--unit", "xa-a", "--period", "2026-05", check=False)
        assert refused.returncode != 0 and "phiên bản mới" in refused.stderr

        assert commune.py("sign_new_version")["version"] == 2
        commune.cli("exchange", "send", "--unit", "xa-a", "--period", "2026-05", "--now")
        rows = commune.py("outgoing")
        assert [(r["version"], r["state"], r["ack"]["status"]) for r in rows] == [
            (1, "accepted", "duplicate"), (2, "accepted", "accepted")]
        got = province.py("received")
        assert [(s["version"], s["state"]) for s in got["submissions"]] == [(1, "superseded"), (2, "accepted")]
        assert got["measurements"][0]["numerator"] == "350.0000"
        assert "nhận\txa-a\tmonthly\t2026-05\tv2\taccepted" in province.cli("exchange", "status").stdout
        for inst in (province, commune):  # every change on both sides is in an unbroken audit chain
            inst.cli("audit", "verify")
    finally:
        proxy.close()
