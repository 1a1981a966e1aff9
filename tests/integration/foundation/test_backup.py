"""``theodoi backup`` then ``theodoi restore`` round-trips the demo into a fresh data folder and database.

Run as real processes, on the engine the suite runs on: SQLite by default, PostgreSQL when
``DATABASE_URL`` names one (two databases of their own are created next to it).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.installations import DEMO_DAY, copy_of, demo_installation, environment, migrated_installation

RUN = [sys.executable, "-c", "import sys; from theodoi.cli import main; sys.exit(main(sys.argv[1:]))"]
PG = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
if PG and shutil.which("pg_dump") is None and os.environ.get("CI") != "true":
    pytest.skip("pg_dump is missing (postgresql-client, scripts/ensure-test-tools.sh)", allow_module_level=True)


CREATED: list[str] = []


def _server(sql: str) -> None:
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def fresh_database(name: str) -> str:
    """A new empty PostgreSQL database beside DATABASE_URL's (dropped after the module); its URL."""
    _server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _server(f'CREATE DATABASE "{name}"')
    CREATED.append(name)
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


@pytest.fixture(scope="module", autouse=True)
def _drop_databases():
    yield
    while CREATED:
        _server(f'DROP DATABASE IF EXISTS "{CREATED.pop()}" WITH (FORCE)')


def place(tmp: Path, name: str, source: Path | None = None) -> dict[str, str]:
    """The environment of a theodoi installation in ``tmp/name`` (its own data folder and database),
    empty or, on SQLite, a copy of the installation ``source``; the product's settings with the tests'
    fast password hasher, as every installation of the tests (tests/installation_settings.py: on
    PostgreSQL the demo's accounts cost the PBKDF2 of the product 8–10 s of CPU, nothing a backup tests)."""
    folder = tmp / name
    if source is None:
        folder.mkdir()
    else:
        assert not PG
        copy_of(source, folder)
    url = fresh_database(f"theodoi_bk_{name}_{os.getpid()}") if PG else f"sqlite:///{folder}/theodoi.sqlite3"
    return dict(environment(folder), DATABASE_URL=url)


def theodoi(env: dict[str, str], *args: str, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess:
    run = subprocess.run([*RUN, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check and run.returncode != 0:
        raise AssertionError(f"theodoi {' '.join(args)} → {run.returncode}\n"
                             f"{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    return run


def counts(env: dict[str, str]) -> dict[str, int]:
    code = "import json; from theodoi.storage.backup import row_counts; print(json.dumps(row_counts()))"
    return json.loads(theodoi(env, "manage", "shell", "-c", code).stdout.strip().splitlines()[-1])


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory):
    """The demo loaded in a source installation, and its backup. No test changes the source: its
    row counts are read once, here (the last item)."""
    tmp = tmp_path_factory.mktemp("backup")
    if PG:
        src = place(tmp, "src")
        theodoi(src, "migrate", "-v", "0")
        theodoi(src, "demo", "--today", DEMO_DAY)
    else:  # the same two commands, run once for the session (the kill -9 tests copy it too)
        src = place(tmp, "src", source=demo_installation(tmp_path_factory))
    archive = tmp / "out" / "demo.tar.gz"
    out = theodoi(src, "backup", "-o", str(archive))
    assert "Đã sao lưu" in out.stdout
    return tmp, src, archive, counts(src)


def test_backup_holds_the_database_files_key_certificates_and_anchors(demo_backup):
    _tmp, _src, archive, src_counts = demo_backup
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["engine"] == ("postgresql" if PG else "sqlite")
    assert manifest["database"] in names
    assert "data/secret_key" in names and "data/audit-anchors.jsonl" in names
    assert any(n.startswith("data/certs/") for n in names)
    assert any(n.startswith("data/files/evidence/") for n in names)
    assert set(manifest["members"]) == names - {"manifest.json"}
    assert manifest["row_counts"] == src_counts
    assert manifest["audit_head"]["seq"] > 10 and manifest["audit_heads"]  # the demo's province has its chain
    assert manifest["audit_head"]["seq"] + sum(seq for seq, _h in manifest["audit_heads"].values()) > 100
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in archive.parent.iterdir() if p != archive]  # no temporary left


def test_restore_into_an_empty_place_round_trips_the_demo(demo_backup):
    tmp, src, archive, src_counts = demo_backup
    dst = place(tmp, "dst")
    out = theodoi(dst, "restore", str(archive))
    assert "số dòng mọi bảng khớp" in out.stdout and "Nhật ký toàn vẹn" in out.stdout
    assert counts(dst) == src_counts
    theodoi(dst, "audit", "verify")
    source_files = digests(Path(src["THEODOI_DATA_DIR"]) / "files")
    assert source_files and digests(Path(dst["THEODOI_DATA_DIR"]) / "files") == source_files
    assert (Path(dst["THEODOI_DATA_DIR"]) / "secret_key").read_text() == (
        Path(src["THEODOI_DATA_DIR"]) / "secret_key").read_text()
    # the restored installation signs with the restored certificates (their passwords found in its folder)
    signed = tmp / "signed.pdf"
    theodoi(dst, "report", "monthly", "--unit", "xa-binh-lu", "--month", "2026-05", "--format", "pdf", "--sign",
            "-o", str(signed))
    assert signed.read_bytes().startswith(b"%PDF")
    # restoring again over what is there now is refused, and says why
    again = theodoi(dst, "restore", str(archive), check=False)
    assert again.returncode != 0 and "trống" in again.stderr and "đã có bảng" in again.stderr


def test_a_damaged_backup_is_refused_before_anything_is_written(demo_backup):
    tmp, _src, archive, _counts = demo_backup
    dst = place(tmp, "damaged")
    bad = tmp / "bad.tar.gz"
    bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])  # cut in the middle
    run = theodoi(dst, "restore", str(bad), check=False)
    assert run.returncode != 0 and "Không phục hồi được" in run.stderr
    left = counts(dst)
    assert left == {} or sum(left.values()) == 0
    assert not (Path(dst["THEODOI_DATA_DIR"]) / "files").exists()


def test_the_worker_makes_the_daily_backup_and_keeps_the_newest(tmp_path, tmp_path_factory):
    env = place(tmp_path, "w", source=None if PG else migrated_installation(tmp_path_factory))
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in ("20260101", "20260102", "20260103"):  # older backups, the oldest two beyond the retention
        (folder / f"theodoi-{day}-020000.tar.gz").write_bytes(b"old")
    env.update(THEODOI_BACKUP_DIR=str(folder), THEODOI_BACKUP_KEEP="2", THEODOI_BACKUP_HOUR="0")
    if PG:
        theodoi(env, "migrate", "-v", "0")
    out = theodoi(env, "worker", "--once")
    assert "backup.daily" in out.stdout
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 2 and kept[0] == "theodoi-20260103-020000.tar.gz"
    with tarfile.open(folder / kept[1]) as tar:
        assert "manifest.json" in tar.getnames()
