"""Anchors of the audit chain outside the database, so that cutting off the newest records is caught.

An anchor is the chain head at some moment: ``(chain, seq, hash, at)``, ``chain`` being the hash of
record #1 (which chain this is). The chain itself is hash-linked, so one anchor that still matches
the record of its ``seq`` proves every record up to it is the one anchored; an anchor whose ``seq``
is beyond the newest record proves records were deleted. Anchors are kept:

* in the **anchor file** ``<data>/audit-anchors.jsonl`` (``THEODOI_AUDIT_ANCHOR_FILE``): one JSON line
  appended after every transaction that wrote to the chain (one query and one append, no rewrite);
  ``verify`` reads only its tail (the newest anchors);
* in every **signed report**: the head at signing is in the PDF's keywords
  (:func:`pdf_keyword`), so the parent unit that received the file keeps it;
* wherever an operator publishes ``theodoi audit anchor`` (printed, and appended to a file of their
  choosing, e.g. on another machine): ``theodoi audit verify --anchor FILE|SEQ:HASH``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

TAIL_BYTES = 64 * 1024  # the newest anchors of the file: its last lines
REPORTS_READ = 20  # newest signed report files read for their anchor
_KEYWORD = re.compile(rb"theodoi-audit:chain=([0-9a-f]{64});seq=(\d+);hash=([0-9a-f]{64});at=([0-9T:.+\-Z]*)")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str = ""
    chain: str = ""
    source: str = ""

    def as_json(self) -> str:
        return json.dumps({"chain": self.chain, "seq": self.seq, "hash": self.hash, "at": self.at},
                          separators=(",", ":"))


def anchor_file() -> Path:
    configured = getattr(settings, "AUDIT_ANCHOR_FILE", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-anchors.jsonl"


def current() -> Anchor:
    """The chain head now, as an anchor."""
    from theodoi.audit.services import chain_head

    head = chain_head()
    return Anchor(seq=head["seq"], hash=head["hash"], at=head["at"], chain=head["chain"])


def append(anchor: Anchor, path: Path | None = None) -> None:
    """Append one anchor line (O_APPEND: concurrent writers never interleave within a line)."""
    path = path or anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (anchor.as_json() + "\n").encode())
    finally:
        os.close(fd)


def _after_commit() -> None:
    try:
        head = current()
        if head.seq:
            append(head)
    except OSError:  # a full or read-only disk must not fail a write that has committed
        pass


_after_commit.theodoi_anchor = True  # type: ignore[attr-defined]  # marks our callback in Django's list


def schedule() -> None:
    """Append the head to the anchor file once the current transaction commits (once per transaction,
    however many records it writes; nothing when it rolls back)."""
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and any(getattr(item[1], "theodoi_anchor", False) for item in pending):
        return
    transaction.on_commit(_after_commit)


def parse_line(line: str, source: str) -> Anchor | None:
    try:
        data = json.loads(line)
        return Anchor(seq=int(data["seq"]), hash=str(data["hash"]), at=str(data.get("at", "")),
                      chain=str(data.get("chain", "")), source=source)
    except (ValueError, KeyError, TypeError):
        return None


def from_file_tail(path: Path) -> Anchor | None:
    """The newest anchor (highest ``seq``) among the last lines of an anchor file."""
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - TAIL_BYTES))
        tail = fh.read().decode("utf-8", "replace").splitlines()
    if size > TAIL_BYTES:
        tail = tail[1:]  # the first line may be cut
    found = [a for a in (parse_line(x, str(path)) for x in tail if x.strip()) if a is not None]
    return max(found, key=lambda a: a.seq) if found else None


def pdf_keyword(head: dict[str, Any] | None = None) -> str:
    """The PDF keyword carrying the chain head (for a report about to be signed)."""
    if head is None:
        from theodoi.audit.services import chain_head

        head = chain_head()
    return f"theodoi-audit:chain={head['chain']};seq={head['seq']};hash={head['hash']};at={head['at']}"


def from_pdf(data: bytes, source: str) -> Anchor | None:
    matches = list(_KEYWORD.finditer(data))
    if not matches:
        return None
    m = matches[-1]  # an incremental update appends: the last one is the file's
    return Anchor(chain=m.group(1).decode(), seq=int(m.group(2)), hash=m.group(3).decode(),
                  at=m.group(4).decode(), source=source)


def from_reports(folder: Path | None = None, limit: int = REPORTS_READ) -> list[Anchor]:
    """Anchors of the newest signed report files in the data folder."""
    folder = folder or Path(settings.MEDIA_ROOT) / "reports"
    if not folder.is_dir():
        return []
    files = sorted(folder.rglob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)[:limit]
    out = []
    for f in files:
        try:
            a = from_pdf(f.read_bytes(), str(f))
        except OSError:
            continue
        if a is not None and a.seq:
            out.append(a)
    return out


def from_argument(value: str) -> list[Anchor]:
    """``SEQ:HASH``, an anchor file (JSON lines) or a signed PDF, as given to ``verify --anchor``."""
    m = re.fullmatch(r"(\d+):([0-9a-f]{64})", value.strip())
    if m:
        return [Anchor(seq=int(m.group(1)), hash=m.group(2), source="--anchor")]
    path = Path(value)
    if not path.is_file():
        raise ValueError(f"Không đọc được mốc neo '{value}' (SỐ:MÃ_BĂM, tệp mốc neo hoặc báo cáo PDF đã ký).")
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        a = from_pdf(data, str(path))
        if a is None:
            raise ValueError(f"Tệp {path} không mang mốc neo của nhật ký.")
        return [a]
    found = [a for a in (parse_line(x, str(path)) for x in data.decode("utf-8", "replace").splitlines())
             if a is not None]
    if not found:
        raise ValueError(f"Tệp {path} không có mốc neo nào.")
    return found


def visible_anchors() -> list[Anchor]:
    """The anchors ``verify`` finds by itself: the anchor file's newest, the newest signed reports'."""
    out = []
    newest = from_file_tail(anchor_file())
    if newest is not None:
        out.append(newest)
    out.extend(from_reports())
    return out


def check(anchors: Iterable[Anchor], head: dict[str, Any]) -> Iterator[Any]:
    """Problems for anchors the database no longer matches; ``head`` = {seq, hash, chain} of the chain."""
    from theodoi.audit.models import AuditEvent
    from theodoi.audit.verify import Problem

    for a in anchors:
        where = f"mốc neo {a.source or '?'} (#{a.seq}, {a.at or 'không rõ thời điểm'})"
        if a.chain and head.get("chain") and a.chain != head["chain"]:
            yield Problem(a.seq, f"{where} thuộc một chuỗi nhật ký khác: cơ sở dữ liệu đã bị thay "
                                 "hoặc nhật ký bị ghi lại từ đầu")
        elif a.seq > head["seq"]:
            yield Problem(a.seq, f"{where} ghi nhận bản ghi #{a.seq} nhưng nhật ký chỉ còn đến #{head['seq']}: "
                                 "các bản ghi mới nhất đã bị xóa")
        else:
            row = AuditEvent.objects.filter(seq=a.seq).values_list("hash", flat=True).first()
            if row != a.hash:
                yield Problem(a.seq, f"{where}: bản ghi #{a.seq} trong cơ sở dữ liệu khác với mốc neo "
                                     "(nhật ký bị ghi lại)")
