"""``kill -9`` during an import, a report signing and a backup leaves nothing half-written.

Each case copies a demo installation (SQLite), runs the operation in a process of its own that
SIGKILLs itself at a chosen point (half-way through writing a file, at the n-th audit record,
as it commits, between the stages of a backup), then checks from a fresh process: the database holds
what it held before (every table's row count, ``audit verify`` passes), every file is one from before
or a complete one, and the same operation then succeeds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.installations import copy_of, demo_installation, environment, sqlite_pass_only

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="SIGKILL"), sqlite_pass_only]

RUN = [sys.executable, "-c", "import sys; from theodoi.cli import main; sys.exit(main(sys.argv[1:]))"]
SEED = Path(__file__).parents[3] / "src/theodoi/demo/data/seeds/000_a95944ead373bf04.txt"

# Runs an operation and kills itself at a point: python -c KILLER OP POINT N ARGS...
KILLER = r'''
import os, signal, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
import django
django.setup()
op, point, n, args = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
calls = {"n": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def nth(fn):
    def wrapper(*a, **k):
        calls["n"] += 1
        if calls["n"] == n:
            die()
        return fn(*a, **k)
    return wrapper

if point == "file":  # half-way through writing the n-th file
    from theodoi.storage.files import AtomicFileSystemStorage
    original = AtomicFileSystemStorage._write
    def half(self, fh, content):
        calls["n"] += 1
        if calls["n"] != n:
            return original(self, fh, content)
        data = b"".join(content.chunks())
        fh.write(data[: len(data) // 2])
        fh.flush()
        os.fsync(fh.fileno())
        die()
    AtomicFileSystemStorage._write = half
elif point == "record":  # at the n-th audit record
    import theodoi.audit.services as audit
    import theodoi.planning.importing.service as importing
    import theodoi.reporting.services as reports
    wrapped = nth(audit.record)
    audit.record = importing.record = reports.record = wrapped
elif point == "commit":  # as the n-th transaction commits
    from django.db.backends.base.base import BaseDatabaseWrapper
    BaseDatabaseWrapper.commit = nth(BaseDatabaseWrapper.commit)
if op == "backup":
    from pathlib import Path
    from theodoi.storage.backup import backup
    def pause(stage):
        if stage == point:
            calls["n"] += 1
            if calls["n"] == n:
                die()
    backup(Path(args[0]), _pause=pause)
else:
    from theodoi.cli import main
    main(args)
print("finished without being killed")
'''


def theodoi(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    run = subprocess.run([*RUN, *args], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"theodoi {' '.join(args)}\n{run.stdout[-1500:]}\n{run.stderr[-2500:]}"
    return run


CHECK = """
import json
from theodoi.audit.verify import verify
from theodoi.reporting.models import Report
from theodoi.storage.backup import row_counts
report = verify()
print(json.dumps({"counts": row_counts(), "ok": report.ok, "first": str(report.first),
                  "reports": sorted(Report.objects.values_list("state", flat=True))}))
"""


def check(env: dict[str, str]) -> dict:
    """Every table's row count, whether ``audit verify`` passes, the reports' states: one process."""
    return json.loads(theodoi(env, "manage", "shell", "-c", CHECK).stdout.strip().splitlines()[-1])


# Runs ``theodoi ARGS...`` (its ``main``, as the command does), then CHECK, in one process:
# python -c RUN_THEN_CHECK ARGS...
RUN_THEN_CHECK = r'''
import sys
from theodoi.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
if code:
    sys.exit(code)
print()
''' + CHECK


def run_then_check(env: dict[str, str], *args: str) -> tuple[str, dict]:
    """The operation run again (``theodoi ARGS``; it must succeed), then :func:`check`'s figures, from
    one fresh process: the command's output and the figures."""
    run = subprocess.run([sys.executable, "-c", RUN_THEN_CHECK, *args], env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, f"theodoi {' '.join(args)}\n{run.stdout[-1500:]}\n{run.stderr[-2500:]}"
    *output, figures = run.stdout.strip().splitlines()
    return "\n".join(output), json.loads(figures)


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A demo installation to copy for each case, what it holds, and a plan text to import into it."""
    tmp = tmp_path_factory.mktemp("kill")
    folder = copy_of(demo_installation(tmp_path_factory), tmp / "template")  # migrate, then demo of 20/06/2026
    env = environment(folder)
    plan = tmp / "ke-hoach-moi.txt"
    plan.write_text(SEED.read_text(encoding="utf-8").replace("đến năm 2030", "đến năm 2031"), encoding="utf-8")
    first = check(env)
    assert first["ok"], first["first"]
    return folder, plan, first["counts"], files(folder / "files")


@pytest.fixture
def place(template, tmp_path):
    """A fresh copy of the demo installation: (environment, data folder, row counts, files)."""
    folder, _plan, counts, before = template
    copy = tmp_path / "data"
    shutil.copytree(folder, copy)
    return environment(copy), copy, counts, before


def kill_during(env: dict[str, str], op: str, point: str, n: int, *args: str) -> None:
    run = subprocess.run([sys.executable, "-c", KILLER, op, point, str(n), *args], env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == -signal.SIGKILL, f"not killed at {point} #{n}: {run.stdout[-800:]}{run.stderr[-2000:]}"


def assert_as_before(found: dict, copy: Path, counts: dict, before: dict, complete) -> None:
    """Rows as before, the trail intact, every file one from before or a complete new one."""
    assert found["counts"] == counts
    assert found["ok"], found["first"]
    now = files(copy / "files")
    for name, digest in now.items():
        if name in before:
            assert before[name] == digest, f"{name} changed"
        elif not Path(name).name.startswith(".tmp-"):
            assert complete((copy / "files" / name).read_bytes()), f"{name} is half-written"
    from theodoi.storage.files import sweep_temporary

    sweep_temporary(copy / "files", older_than=0)  # what the worker's daily round does
    assert not [n for n in files(copy / "files") if Path(n).name.startswith(".tmp-")]


IMPORT_POINTS = [("file", 1), ("record", 12), ("commit", 1)]


@pytest.mark.parametrize(("point", "n"), IMPORT_POINTS, ids=[f"{p}-{n}" for p, n in IMPORT_POINTS])
def test_kill_during_an_import(template, place, point, n):
    plan = template[1]
    env, copy, counts, before = place
    text = plan.read_bytes()
    kill_during(env, "cli", point, n, "import", str(plan))
    assert_as_before(check(env), copy, counts, before, complete=lambda data: data == text)
    out, after = run_then_check(env, "import", str(plan))  # and it imports afterwards
    assert "Đã nhập kế hoạch" in out
    assert after["ok"] and after["counts"]["planning_target"] > counts["planning_target"]


SIGN_POINTS = [("file", 1), ("record", 2), ("commit", 2)]  # record 1 / commit 1: the draft report


@pytest.mark.parametrize(("point", "n"), SIGN_POINTS, ids=[f"{p}-{n}" for p, n in SIGN_POINTS])
def test_kill_during_a_report_signing(place, tmp_path, point, n):
    env, copy, counts, before = place
    out = tmp_path / "bc.pdf"
    args = ["report", "monthly", "--unit", "xa-binh-lu", "--month", "2026-05", "--format", "pdf", "--sign",
            "-o", str(out)]
    kill_during(env, "cli", point, n, *args)
    found = check(env)
    assert "final" not in found["reports"]  # the draft may be there (its own transaction), never a signed one
    delta = {t: v - counts.get(t, 0) for t, v in found["counts"].items() if v != counts.get(t)}
    assert delta in ({}, {"reporting_report": 1, "audit_auditevent": 1}), delta
    assert_as_before(found, copy, found["counts"], before,
                     complete=lambda data: data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"))
    _output, after = run_then_check(env, *args)  # and it signs afterwards
    assert out.read_bytes().startswith(b"%PDF")
    assert after["ok"] and "final" in after["reports"]


BACKUP_POINTS = [("database", 1), ("file", 40), ("rename", 1)]


@pytest.mark.parametrize(("point", "n"), BACKUP_POINTS, ids=[f"{p}-{n}" for p, n in BACKUP_POINTS])
def test_kill_during_a_backup(place, tmp_path, point, n):
    env, copy, counts, before = place
    target = tmp_path / "backups" / "theodoi-20260620.tar.gz"
    kill_during(env, "backup", point, n, str(target))
    assert not target.exists()  # never a partial archive under the backup's name
    assert all(p.name.startswith(".tmp-") for p in target.parent.iterdir())
    assert check(env)["counts"] == counts and files(copy / "files") == before
    theodoi(env, "backup", "-o", str(target))  # and the next one is complete
    import tarfile

    with tarfile.open(target) as tar:
        assert "manifest.json" in tar.getnames()


def test_the_storage_never_overwrites_and_leaves_no_temporary_file(tmp_path):
    from django.core.files.base import ContentFile

    from theodoi.storage.files import AtomicFileSystemStorage, sweep_temporary

    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("evidence/a.txt", ContentFile(b"one"))
    second = storage.save("evidence/a.txt", ContentFile(b"two"))
    assert first != second
    assert (tmp_path / first).read_bytes() == b"one" and (tmp_path / second).read_bytes() == b"two"
    assert sorted(p.name for p in (tmp_path / "evidence").iterdir()) == sorted(
        [Path(first).name, Path(second).name])
    left = tmp_path / "evidence" / ".tmp-abc"  # what a killed writer leaves
    left.write_bytes(b"half")
    assert sweep_temporary(tmp_path, older_than=3600) == 0  # maybe still being written
    assert sweep_temporary(tmp_path, older_than=0) == 1 and not left.exists()
