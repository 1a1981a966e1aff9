"""Verifying the audit trail: the hash chain, and the audited rows against their last record.

Two kinds of tampering are caught:

* in the trail itself — a record edited (its hash no longer matches its content), deleted
  (a gap in ``seq`` or a broken link) or reordered (``prev_hash`` no longer names the
  record before it);
* behind the application's back — an audited row (task, target, figure, update, plan,
  evidence) whose current content differs from the ``after`` of its last record, or that
  was deleted although its last record is not a deletion.

Deleting the newest records leaves no trace in the chain alone; the row check still
notices when the deleted records described changes that are still in the tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps

from theodoi.audit.models import AuditEvent
from theodoi.audit.services import GENESIS, compute_hash, snapshot

# object_type -> model label of the rows checked against their last record.
CHECKED = {
    "planning.task": "planning.Task",
    "planning.target": "planning.Target",
    "planning.measurement": "planning.Measurement",
    "planning.progressupdate": "planning.ProgressUpdate",
    "planning.document": "planning.Document",
    "planning.evidence": "planning.Evidence",
}


@dataclass(frozen=True)
class Problem:
    seq: int | None
    reason: str  # Vietnamese
    object_type: str = ""
    object_id: str = ""

    def __str__(self) -> str:
        where = f"bản ghi #{self.seq}" if self.seq is not None else "dữ liệu"
        obj = f" ({self.object_type}:{self.object_id})" if self.object_type else ""
        return f"{where}{obj}: {self.reason}"


@dataclass
class Report:
    events: int
    rows_checked: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def _chain(last_of: dict[tuple[str, str], AuditEvent]) -> Iterator[Problem]:
    prev_hash, expected_seq = GENESIS, 1
    for ev in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if ev.seq != expected_seq:
            yield Problem(ev.seq, f"thiếu bản ghi #{expected_seq}–#{ev.seq - 1} (đã bị xóa)"
                          if ev.seq > expected_seq else f"số thứ tự lặp lại hoặc bị đảo (mong đợi #{expected_seq})")
        if ev.prev_hash != prev_hash:
            yield Problem(ev.seq, "liên kết với bản ghi trước bị đứt (bản ghi bị xóa hoặc đảo thứ tự)")
        if compute_hash(ev) != ev.hash:
            yield Problem(ev.seq, "nội dung bản ghi đã bị sửa (mã băm không khớp)")
        prev_hash, expected_seq = ev.hash, ev.seq + 1
        if ev.object_type in CHECKED:
            last_of[(ev.object_type, ev.object_id)] = ev


def _same(a: Any, b: Any) -> bool:
    """Equal snapshots; numbers compare by value ("55.5" == "55.5000")."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        try:
            return Decimal(a) == Decimal(b)
        except (InvalidOperation, ValueError):
            return False
    return False


def _diff(expected: dict, current: dict) -> list[str]:
    # a many-to-many field added after the record was written is absent from it: empty then, empty now
    keys = sorted(set(expected) | {k for k, v in current.items() if k in expected or v != []})
    return [k for k in keys if k != "version" and not _same(expected.get(k), current.get(k))] + (
        ["version"] if not _same(expected.get("version"), current.get("version")) else [])


def _rows(last_of: dict[tuple[str, str], AuditEvent]) -> tuple[int, list[Problem]]:
    problems: list[Problem] = []
    checked = 0
    by_type: dict[str, dict[str, AuditEvent]] = {}
    for (otype, oid), ev in last_of.items():
        by_type.setdefault(otype, {})[oid] = ev
    for otype, events in by_type.items():
        model = apps.get_model(CHECKED[otype])
        ids = list(events)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found = model._default_manager.in_bulk([int(i) for i in chunk if i.isdigit()])
            for oid in chunk:
                ev = events[oid]
                row = found.get(int(oid)) if oid.isdigit() else None
                if ev.action == "delete":
                    if row is not None:
                        problems.append(Problem(ev.seq, "dòng đã ghi nhận là xóa nhưng vẫn còn trong cơ sở dữ liệu",
                                                otype, oid))
                    continue
                checked += 1
                if row is None:
                    problems.append(Problem(ev.seq, "dòng dữ liệu đã bị xóa ngoài ứng dụng", otype, oid))
                    continue
                changed = _diff(ev.after or {}, snapshot(row))
                if changed:
                    problems.append(Problem(ev.seq, "dòng dữ liệu bị sửa ngoài ứng dụng, khác với bản ghi cuối "
                                            f"(trường: {', '.join(changed)})", otype, oid))
    problems.sort(key=lambda p: p.seq or 0)
    return checked, problems


def verify() -> Report:
    """Check the whole chain, then every audited row; problems are ordered by record number."""
    last_of: dict[tuple[str, str], AuditEvent] = {}
    chain = list(_chain(last_of))
    checked, row_problems = _rows(last_of)
    return Report(events=AuditEvent.objects.count(), rows_checked=checked, problems=chain + row_problems)
