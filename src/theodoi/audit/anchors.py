"""Anchors of the audit chains outside the database, so that cutting off the newest records is caught.

The trail is one hash chain per province plus the global chain (``audit/chains.py``). An anchor is
one chain's head at some moment: ``(chain, seq, hash, at)``, ``chain`` being the hash of that chain's
record #1 (which chain this is), ``key`` its name. A chain is hash-linked, so one anchor that still
matches the record of its ``seq`` proves every record of that chain up to it is the one anchored;
an anchor whose ``seq`` is beyond the chain's newest record proves records were deleted. The global
chain records the opening of every province's chain and, at each ``theodoi audit anchor``, the heads
of all of them (the chain of heads), so an anchor of the global chain anchors every chain up to its
last heads record. Anchors are kept:

* in the **anchor file** ``<data>/audit-anchors.jsonl`` (``THEODOI_AUDIT_ANCHOR_FILE``): one JSON line
  per chain written, appended after every transaction that wrote to it (one query per chain and one
  append, no rewrite); ``verify`` reads it from its end until it has the newest anchor of every chain;
* in every **signed report**: the head of the report's chain at signing is in the PDF's keywords
  (:func:`pdf_keyword`), so the parent unit that received the file keeps it;
* wherever an operator publishes ``theodoi audit anchor`` (printed, and appended to a file of their
  choosing, e.g. on another machine): ``theodoi audit verify --anchor FILE|SEQ:HASH`` (``SEQ:HASH``:
  the global chain, as before the chains).
"""

from __future__ import annotations

import contextlib
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
    chain: str = ""  # the hash of the chain's record #1
    source: str = ""
    key: str = ""  # the chain's name (a province's slug; "" the global chain)

    def as_json(self) -> str:
        data: dict[str, Any] = {"chain": self.chain, "seq": self.seq, "hash": self.hash, "at": self.at}
        if self.key:
            data["key"] = self.key
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def anchor_file() -> Path:
    configured = getattr(settings, "AUDIT_ANCHOR_FILE", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-anchors.jsonl"


def current(chain: str = "") -> Anchor:
    """One chain's head now (the global chain's by default), as an anchor."""
    from theodoi.audit.services import chain_head

    head = chain_head(chain)
    return Anchor(seq=head["seq"], hash=head["hash"], at=head["at"], chain=head["chain"], key=chain)


def append(anchor: Anchor, path: Path | None = None) -> None:
    """Append one anchor line (O_APPEND: concurrent writers never interleave within a line)."""
    append_all([anchor], path)


def append_all(found: list[Anchor], path: Path | None = None) -> None:
    """Append anchor lines in one write."""
    if not found:
        return
    path = path or anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, "".join(a.as_json() + "\n" for a in found).encode())
    finally:
        os.close(fd)


class _AfterCommit:
    """The anchor file's lines of one transaction: the head of each chain it wrote, once committed."""

    theodoi_anchor = True  # marks our callback in Django's list

    def __init__(self) -> None:
        self.chains: dict[str, Anchor | None] = {}  # None: read the chain's head after the commit
        self.savepoints = _savepoints()

    def note(self, chain: str, head: Anchor | None) -> None:
        """The chain's newest record in this transaction (the latest note wins: it is the newest). A
        record written inside a savepoint opened since this callback may be rolled back with it and
        its number taken by another: that chain's head is then read after the commit."""
        self.chains[chain] = head if head is not None and _savepoints() == self.savepoints else None

    def __call__(self) -> None:
        with contextlib.suppress(OSError):  # a full or read-only disk must not fail a write that has committed
            found = [head or current(key) for key, head in sorted(self.chains.items())]
            append_all([a for a in found if a.seq])


def _savepoints() -> list[str]:
    """The savepoints open on the connection, outermost first."""
    return [sid for sid in getattr(connection, "savepoint_ids", []) if sid]


def schedule(chain: str = "", head: Anchor | None = None) -> None:
    """Append the head of ``chain`` to the anchor file once the current transaction commits (once per
    transaction and chain, however many records it writes; nothing when it rolls back). ``head``: the
    chain's newest record as its writer, holding the chain's lock until the commit, just appended it
    (``audit.services.record``), which saves reading the head after the commit; without it (a bulk
    loader), the head is read then."""
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block:
        for item in pending:
            if getattr(item[1], "theodoi_anchor", False):
                item[1].note(chain, head)
                return
    callback = _AfterCommit()
    callback.note(chain, head)
    transaction.on_commit(callback)


def parse_line(line: str, source: str) -> Anchor | None:
    try:
        data = json.loads(line)
        return Anchor(seq=int(data["seq"]), hash=str(data["hash"]), at=str(data.get("at", "")),
                      chain=str(data.get("chain", "")), source=source, key=str(data.get("key", "")))
    except (ValueError, KeyError, TypeError):
        return None


def from_file_tail(path: Path, chains: int = 1) -> list[Anchor]:
    """The newest anchor of each chain in an anchor file, read from its end by blocks until
    ``chains`` different chains are found (or the file's start): bounded by how long ago the least
    recently written chain was written, not by the file's size."""
    if not path.is_file():
        return []
    newest: dict[str, Anchor] = {}
    with path.open("rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        carry = b""
        while end > 0 and len(newest) < chains:
            start = max(0, end - TAIL_BYTES)
            fh.seek(start)
            block = fh.read(end - start) + carry
            lines = block.split(b"\n")
            carry = lines.pop(0) if start > 0 else b""  # the first line may be cut: kept for the next block
            for raw in reversed(lines):
                a = parse_line(raw.decode("utf-8", "replace"), str(path)) if raw.strip() else None
                if a is not None:
                    best = newest.get(a.chain)
                    if best is None or a.seq > best.seq:
                        newest[a.chain] = a
            end = start
    return list(newest.values())


def pdf_keyword(head: dict[str, Any] | None = None) -> str:
    """The PDF keyword carrying a chain's head (for a report about to be signed: its unit's chain)."""
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


def visible_anchors(chains: int = 1) -> list[Anchor]:
    """The anchors ``verify`` finds by itself: the anchor file's newest of each of the ``chains``
    chains, the newest signed reports'."""
    out = from_file_tail(anchor_file(), chains)
    out.extend(from_reports())
    return out


def check(anchors: Iterable[Anchor], heads: dict[str, dict[str, Any]]) -> Iterator[Any]:
    """Problems for anchors the database no longer matches; ``heads`` = {key: {first, seq, hash}} of
    every chain (an anchor names its chain by the hash of its record #1; none: the global chain)."""
    from theodoi.audit.models import AuditEvent
    from theodoi.audit.verify import Problem

    by_first = {h["first"]: key for key, h in heads.items()}
    for a in anchors:
        where = f"mốc neo {a.source or '?'} (#{a.seq}, {a.at or 'không rõ thời điểm'})"
        key = by_first.get(a.chain) if a.chain else ""
        if key is None:
            named = f" (chuỗi {a.key})" if a.key else ""
            if not any(h["seq"] for h in heads.values()):
                yield Problem(a.seq, f"{where}{named} ghi nhận bản ghi #{a.seq} nhưng nhật ký trống: "
                                     "các bản ghi đã bị xóa", chain=a.key)
            else:
                yield Problem(a.seq, f"{where}{named} thuộc một chuỗi nhật ký khác, không có trong cơ sở dữ liệu: "
                                     "cơ sở dữ liệu đã bị thay, chuỗi bị xóa hoặc bị ghi lại từ đầu", chain=a.key)
            continue
        head = heads.get(key, {"seq": 0})
        if a.seq > head["seq"]:
            yield Problem(a.seq, f"{where} ghi nhận bản ghi #{a.seq} nhưng chuỗi chỉ còn đến #{head['seq']}: "
                                 "các bản ghi mới nhất đã bị xóa", chain=key)
        else:
            row = AuditEvent.objects.filter(chain=key, seq=a.seq).values_list("hash", flat=True).first()
            if row != a.hash:
                yield Problem(a.seq, f"{where}: bản ghi #{a.seq} trong cơ sở dữ liệu khác với mốc neo "
                                     "(nhật ký bị ghi lại)", chain=key)
