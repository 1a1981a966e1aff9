"""Backups and restores: the database, the uploaded files, the secret key, the certificates, the anchors.

A backup is one ``.tar.gz`` holding:

* ``manifest.json`` — format, theodoi version, engine, time, the audit chains' heads, the row count
  of every table and the SHA-256 and size of every other member;
* ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the server runs) or
  ``database.pgdump`` (``pg_dump -Fc`` run on a snapshot exported by a repeatable-read transaction,
  the same snapshot the row counts are taken in);
* ``data/…`` — ``files/`` (uploaded documents, evidence, signed reports), ``secret_key``, ``certs/``
  (certificate passwords, keys), ``audit-anchors.jsonl``;
* ``external/N`` — a certificate or password file a unit's ``UnitCertificate`` names outside the
  data folder (its path is in the manifest).

The database is copied first and the files after it: the services write a file before the row
naming it commits, so every file the copied database names is in the backup (a file written during
the backup may be there without its row, which is harmless). The archive is written under a
temporary name and renamed when complete, so a backup cut short never looks like a backup.

:func:`restore` refuses a data folder or database that holds anything, checks every checksum
before writing, and counts the rows afterwards against the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT = "theodoi-backup"
VERSION = 1
DATA_ITEMS = ("files", "secret_key", "certs", "audit-anchors.jsonl")


class BackupError(Exception):
    """A backup or restore that cannot go on; ``str(exc)`` is the Vietnamese reason."""


@dataclass
class Result:
    path: Path
    manifest: dict[str, Any]
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh {name} (gói postgresql-client) để sao lưu, phục hồi PostgreSQL.")
    return path


def _tables() -> list[str]:
    """Every table of the database but the engine's own (SQLite's statistics)."""
    return sorted(t for t in connection.introspection.table_names() if not t.startswith("sqlite_"))


def _count(cursor: Any, tables: list[str]) -> dict[str, int]:
    out = {}
    for t in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")
        out[t] = int(cursor.fetchone()[0])
    return out


def _dump_sqlite(dest: Path) -> dict[str, int]:
    """A consistent copy of the SQLite database (online backup API); the row counts of the copy."""
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        cur = target.cursor()
        tables = [r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = {t: int(cur.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
    return counts


def _dump_postgresql(dest: Path) -> dict[str, int]:
    """``pg_dump -Fc`` of the snapshot in which the rows are counted."""
    pg_dump = _tool("pg_dump")
    db = connection.settings_dict
    tables = _tables()
    # a connection of its own: the caller's may be inside a transaction (a worker's job)
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot_id = cur.fetchone()[0]
            counts = _count(cur, tables)
            run = subprocess.run([pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
                                  "-f", str(dest)], env=_pg_env(db), capture_output=True, text=True)
            if run.returncode != 0:
                raise BackupError(f"pg_dump thất bại: {run.stderr.strip()[:500]}")
        raw.rollback()
    finally:
        raw.close()
    return counts


def _external_files() -> list[Path]:
    """Certificate and password files named by units' certificates outside the data folder."""
    from theodoi.reporting.certificates import in_data_dir
    from theodoi.reporting.models import UnitCertificate

    data = Path(settings.DATA_DIR).resolve()
    out = []
    for p12, pw in UnitCertificate.objects.values_list("p12_path", "password_file"):
        for value in (p12, pw):
            if value:
                path = in_data_dir(value).resolve()
                if path.is_file() and data not in path.parents and path not in out:
                    out.append(path)
    return out


def _data_members(data_dir: Path) -> list[tuple[Path, str]]:
    """(file, name in the archive) of the data folder's files that belong in a backup."""
    out = []
    for item in DATA_ITEMS:
        path = data_dir / item
        if path.is_file():
            out.append((path, f"data/{item}"))
        elif path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not f.name.startswith(".tmp-"):
                    out.append((f, f"data/{f.relative_to(data_dir).as_posix()}"))
    return out


def backup(output: Path, *, say: Callable[[str], None] = lambda _m: None,
           _pause: Callable[[str], None] | None = None) -> Result:
    """Write a complete backup to ``output`` (a temporary name first, renamed when complete).

    ``_pause(stage)`` is called between stages (the kill tests use it to stop at a known point).
    """
    import time

    from theodoi import __version__
    from theodoi.audit.services import chain_head, heads

    started = time.monotonic()
    output = output.expanduser().resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    data_dir = Path(settings.DATA_DIR).resolve()
    engine = connection.vendor
    _sweep(output.parent)
    with tempfile.TemporaryDirectory(prefix=".tmp-backup-", dir=output.parent) as tmp:
        work = Path(tmp)
        db_name = "database.sqlite3" if engine == "sqlite" else "database.pgdump"
        say("Sao chép cơ sở dữ liệu…")
        counts = _dump_sqlite(work / db_name) if engine == "sqlite" else _dump_postgresql(work / db_name)
        if _pause:
            _pause("database")
        head, province_heads = chain_head(), heads()  # the global chain's head, and every province's
        members = [(work / db_name, db_name), *_data_members(data_dir)]
        external = _external_files()
        members += [(p, f"external/{i}") for i, p in enumerate(external)]
        say(f"Sao chép {len(members) - 1} tệp…")
        manifest: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "theodoi": __version__, "engine": engine,
            "created_at": dt.datetime.now(dt.UTC).isoformat(), "database": db_name,
            "secret_key": "file" if (data_dir / "secret_key").is_file() else "environment",
            "audit_head": head, "audit_heads": province_heads, "row_counts": counts,
            "external": {f"external/{i}": str(p) for i, p in enumerate(external)},
            "members": {},
        }
        partial = output.with_name(f".tmp-{output.name}.{os.getpid()}")
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                for path, name in members:
                    manifest["members"][name] = {"sha256": _sha256(path), "size": path.stat().st_size}
                    tar.add(path, arcname=name, recursive=False)
                    if _pause:
                        _pause("file")
                body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mtime, info.mode = len(body), int(time.time()), 0o600
                tar.addfile(info, io.BytesIO(body))
            with partial.open("rb") as fh:
                os.fsync(fh.fileno())
            os.chmod(partial, 0o600)  # it holds the secret key and the certificates
            if _pause:
                _pause("rename")
            os.replace(partial, output)
        finally:
            if partial.exists():
                partial.unlink()
    return Result(output, manifest, time.monotonic() - started)


def _sweep(folder: Path, older_than: float = 6 * 3600) -> None:
    """Remove what a backup killed half-way left in ``folder`` (its work folder, its partial archive)."""
    import time

    limit = time.time() - older_than
    for path in folder.glob(".tmp-*"):
        try:
            if path.stat().st_mtime > limit:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink()
        except OSError:
            continue


# Restoring --------------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError, EOFError) as exc:
        raise BackupError(f"{archive} không phải bản sao lưu của theodoi hoặc đã hỏng.") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{archive} không phải bản sao lưu theodoi định dạng {VERSION}.")
    return manifest


def _occupied(data_dir: Path) -> list[str]:
    """What makes the data folder or database not empty (empty = nothing to lose)."""
    found = []
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        if path.exists() and path.stat().st_size and _tables():
            found.append(f"cơ sở dữ liệu {path} đã có bảng")
    elif _tables():
        found.append(f"cơ sở dữ liệu PostgreSQL {connection.settings_dict['NAME']} đã có bảng")
    for item in ("files", "certs"):
        folder = data_dir / item
        if folder.is_dir() and any(f.is_file() for f in folder.rglob("*")):
            found.append(f"thư mục {folder} đã có tệp")
    anchors = data_dir / "audit-anchors.jsonl"
    if anchors.is_file() and anchors.stat().st_size:
        found.append(f"tệp {anchors} đã có mốc neo")
    return found


def _extract_checked(archive: Path, manifest: dict[str, Any], into: Path) -> None:
    """Extract every member into ``into`` and check its size and SHA-256 against the manifest."""
    expected = manifest["members"]
    seen = set()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if member.name == "manifest.json":
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"Bản sao lưu có tệp lạ: {member.name}.")
            tar.extract(member, into, filter="data")
            seen.add(member.name)
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"Bản sao lưu thiếu {len(missing)} tệp, ví dụ {sorted(missing)[0]}.")
    for name, meta in expected.items():
        path = into / name
        if path.stat().st_size != meta["size"] or _sha256(path) != meta["sha256"]:
            raise BackupError(f"Tệp {name} trong bản sao lưu không khớp mã kiểm tra SHA-256 (bản sao lưu hỏng).")


def _restore_database(manifest: dict[str, Any], dump: Path) -> None:
    db = connection.settings_dict
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"Bản sao lưu của {manifest['engine']} không phục hồi được vào {connection.vendor}.")
    if connection.vendor == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".tmp-{target.name}.{os.getpid()}")
        shutil.copyfile(dump, partial)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(partial, target)
        return
    pg_restore = _tool("pg_restore")
    connection.close()
    run = subprocess.run([pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                          "-d", str(db["NAME"]), str(dump)], env=_pg_env(db), capture_output=True, text=True)
    if run.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {run.stderr.strip()[:500]}")


def restore(archive: Path, *, say: Callable[[str], None] = lambda _m: None) -> Result:
    """Restore ``archive`` into the (empty) data folder and database; the row counts are checked after."""
    import time

    started = time.monotonic()
    archive = archive.expanduser().resolve()
    manifest = read_manifest(archive)
    data_dir = Path(settings.DATA_DIR).resolve()
    busy = _occupied(data_dir)
    if busy:
        raise BackupError("Chỉ phục hồi vào thư mục dữ liệu và cơ sở dữ liệu trống, để không ghi đè dữ liệu "
                          "đang có: " + "; ".join(busy) + ".")
    with tempfile.TemporaryDirectory(prefix=".tmp-restore-", dir=data_dir) as tmp:
        work = Path(tmp)
        say("Kiểm tra mã SHA-256 của từng tệp…")
        _extract_checked(archive, manifest, work)
        say("Phục hồi cơ sở dữ liệu…")
        _restore_database(manifest, work / manifest["database"])
        say("Phục hồi tệp tải lên, khóa bí mật, chứng thư số, mốc neo…")
        for name in manifest["members"]:
            if name.startswith("data/"):
                dest = data_dir / name[len("data/"):]
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(work / name, dest)
        problems = []
        for name, original in manifest.get("external", {}).items():
            dest = Path(original)
            if dest.exists():
                if _sha256(dest) != manifest["members"][name]["sha256"]:
                    problems.append(f"{dest} đã có và khác bản sao lưu: giữ nguyên tệp đang có")
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / name, dest)
            os.chmod(dest, 0o600)
    counts = row_counts()
    for table, n in manifest["row_counts"].items():
        if counts.get(table) != n:
            problems.append(f"bảng {table}: {counts.get(table)} dòng, bản sao lưu có {n}")
    return Result(archive, manifest, time.monotonic() - started, problems)


def row_counts() -> dict[str, int]:
    with connection.cursor() as cur:
        return _count(cur, _tables())


def prune(folder: Path, keep: int, prefix: str = "theodoi-") -> list[Path]:
    """Delete the oldest backups of ``folder`` beyond the ``keep`` newest; returns those deleted."""
    backups = sorted((p for p in folder.glob(f"{prefix}*.tar.gz") if p.is_file()), key=lambda p: p.name)
    gone = backups[:-keep] if keep > 0 else []
    for p in gone:
        p.unlink()
    return gone
