"""Real theodoi installations (a data folder with its SQLite database) for the tests that run the
``theodoi`` command in processes of their own, built once per test session and copied.

``theodoi migrate`` then ``theodoi demo`` in a fresh folder costs the processes several seconds of
CPU (its units get real test certificates; the password hashes are the tests' fast ones,
tests/installation_settings.py); the kill -9 and backup tests each needed the same demo installation, and half a
dozen tests an empty migrated one. The first
pytest process to ask builds it, under a lock, with those same commands; every other process of
the session (``make test`` runs one per core) waits and reuses it. A test never changes the
shared folder: it works on its own copy (:func:`copy_of`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# The suite's own engine. The installations here are SQLite whatever it is, so a test that only uses
# them runs the same in both passes of `make test`: it runs once, in the SQLite pass.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
sqlite_pass_only = pytest.mark.skipif(
    ON_POSTGRES, reason="its processes use SQLite whatever the suite's engine: it runs in the SQLite pass")
# A module whose subject is what the pages send, not what they read (escaping of typed text, response
# headers, cookies, CSP): the same on either engine, as the browser tests; it runs once too.
http_layer_only = pytest.mark.skipif(
    ON_POSTGRES, reason="escaping and headers are the same on either engine: it runs in the SQLite pass")

ROOT = Path(__file__).resolve().parents[1]
RUN = [sys.executable, "-c", "import sys; from theodoi.cli import main; sys.exit(main(sys.argv[1:]))"]
DEMO_DAY = "2026-06-20"


def environment(folder: Path) -> dict[str, str]:
    """The environment of the installation in ``folder``: its own data folder and SQLite database,
    nothing of the test session's own THEODOI_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEODOI_") and k != "DATABASE_URL"}
    # the product's settings with the tests' fast password hasher (tests/installation_settings.py)
    path = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return dict(env, THEODOI_DATA_DIR=str(folder), PYTHONUNBUFFERED="1", PYTHONPATH=path,
                DJANGO_SETTINGS_MODULE="tests.installation_settings")


def theodoi(env: dict[str, str], *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    run = subprocess.run([*RUN, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0:
        raise AssertionError(f"theodoi {' '.join(args)} → {run.returncode}\n"
                             f"{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    return run


def _session_folder(tmp_path_factory) -> Path:
    """The temporary folder every process of this test session shares (xdist gives each its own
    below one common parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder ``name``, made by ``build(folder)`` once for the whole session; read it, never write it."""
    shared = _session_folder(tmp_path_factory)
    folder, done = shared / f"installation-{name}", shared / f"installation-{name}.done"
    with open(shared / f"installation-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait here while the first one builds
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def migrated_installation(tmp_path_factory) -> Path:
    """An empty installation: ``theodoi migrate`` ran, nothing else."""
    return built_once(tmp_path_factory, "migrated", lambda folder: theodoi(environment(folder), "migrate", "-v", "0"))


def demo_installation(tmp_path_factory) -> Path:
    """An installation where ``theodoi migrate`` then ``theodoi demo --today 2026-06-20`` ran (a copy of
    :func:`migrated_installation`, then the demo)."""

    def build(folder: Path) -> None:
        copy_of(migrated_installation(tmp_path_factory), folder)  # migrated once for the session
        theodoi(environment(folder), "demo", "--today", DEMO_DAY)

    return built_once(tmp_path_factory, "demo", build)


def copy_of(source: Path, folder: Path, database: str = "theodoi.sqlite3") -> Path:
    """A copy of the installation ``source`` in ``folder`` (new or empty), its database file named
    ``database`` there."""
    shutil.copytree(source, folder, dirs_exist_ok=True)
    if database != "theodoi.sqlite3":
        (folder / "theodoi.sqlite3").rename(folder / database)
    return folder
