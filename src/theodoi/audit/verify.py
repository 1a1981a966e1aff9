"""Verifying the audit trail: the hash chain, its anchors, and every audited row against its last record.

What is caught:

* the newest records cut off — the chain is shorter than, or differs from, an anchor kept
  outside the database (the anchor file in the data folder, signed reports, anchors an
  operator published with ``theodoi audit anchor``; :mod:`theodoi.audit.anchors`);
* in the trail itself, chain by chain (one per province and the global one, ``audit/chains.py``) —
  a record edited (its hash no longer matches its content), deleted (a gap in ``seq`` or a broken
  link), reordered (``prev_hash`` no longer names the record before it) or moved to another chain
  (the chain is in the hash); a province's chain deleted whole or replaced (its opening, in the
  global chain, names its first record); a chain cut off or rewritten before the global chain's
  last record of the heads (``theodoi audit anchor``);
* behind the application's back — a row of an audited model (:data:`AUDITED`) that has no
  record at all, whose current content differs from the ``after`` of its last record, or
  that was deleted although its last record is not a deletion.

Everything is streamed in batches, so memory stays bounded whatever the size of the trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import CharField, Exists, Max, OuterRef
from django.db.models.functions import Cast

from theodoi.audit.chains import GLOBAL
from theodoi.audit.models import AuditEvent
from theodoi.audit.services import CHAIN_TYPE, GENESIS, PAYLOAD_FIELDS, hash_payload, payload_of, snapshot

# Every model whose rows must each have an audit record and match the last one. A service
# writing one of these calls ``audit.services.record``; a bulk loader chains its records the
# same way (``demo/benchdata.py``); an installation upgraded from a version that did not audit
# a model records a baseline once (``theodoi audit baseline``).
AUDITED = {
    "planning.document": "planning.Document",
    "planning.task": "planning.Task",
    "planning.target": "planning.Target",
    "planning.measurement": "planning.Measurement",
    "planning.progressupdate": "planning.ProgressUpdate",
    "planning.evidence": "planning.Evidence",
    "planning.taskstage": "planning.TaskStage",
    "tenancy.user": "tenancy.User",
    "tenancy.membership": "tenancy.Membership",
    "portal.feedback": "portal.Feedback",
    "portal.apitoken": "portal.ApiToken",
    "reporting.report": "reporting.Report",
    "reporting.unitcertificate": "reporting.UnitCertificate",
}
BATCH = 1000
MAX_LISTED = 1000  # problems kept in the report; the count goes on


@dataclass(frozen=True)
class Problem:
    seq: int | None
    reason: str  # Vietnamese
    object_type: str = ""
    object_id: str = ""
    chain: str = ""  # the chain of ``seq`` ("" the global chain)

    def __str__(self) -> str:
        where = f"bản ghi #{self.seq}" if self.seq is not None else "dữ liệu"
        if self.seq is not None and self.chain:
            where += f" của chuỗi {self.chain}"
        obj = f" ({self.object_type}:{self.object_id})" if self.object_type else ""
        return f"{where}{obj}: {self.reason}"


@dataclass
class Report:
    events: int
    rows_checked: int
    problems: list[Problem]
    problem_count: int = 0
    anchors_checked: int = 0
    head: dict[str, Any] = field(default_factory=dict)  # the global chain's
    chains: dict[str, dict[str, Any]] = field(default_factory=dict)  # every chain's: {key: {first, seq, hash}}

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


class _Sink:
    """Problems, the first MAX_LISTED kept."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < MAX_LISTED:
            self.kept.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p)


class _Chains:
    """The chains as they are streamed: each one's head, the openings and heads recorded in the
    global chain (streamed first: its name ``""`` sorts first), and what they expect of the others."""

    def __init__(self) -> None:
        self.heads: dict[str, dict[str, Any]] = {}
        self.opened: dict[str, tuple[int, str]] = {}  # chain -> (seq of its opening, first hash)
        self.expected: dict[tuple[str, int], tuple[int, str]] = {}  # (chain, seq) -> (heads record's seq, hash)

    def note(self, key: str, row: tuple[Any, ...]) -> None:
        if key != GLOBAL or row[5] != CHAIN_TYPE or not isinstance(row[9], dict):
            return
        if row[4] == "open" and isinstance(row[9].get("chain"), str):
            self.opened[row[9]["chain"]] = (row[0], str(row[9].get("first", "")))
        elif row[4] == "heads" and isinstance(row[9].get("heads"), dict):
            for chain, (seq, hash_) in row[9]["heads"].items():
                self.expected[(chain, int(seq))] = (row[0], hash_)


def _chains(state: _Chains) -> Iterator[Problem]:
    key: str | None = None
    prev_hash, expected_seq = GENESIS, 1
    rows = (AuditEvent.objects.order_by("chain", "seq").values_list("chain", *PAYLOAD_FIELDS, "hash")
            .iterator(chunk_size=2000))
    for full in rows:
        chain, row = full[0], full[1:]
        if chain != key:
            key, prev_hash, expected_seq = chain, GENESIS, 1
            state.heads[chain] = {"first": GENESIS, "seq": 0, "hash": GENESIS, "count": 0}
        seq, stored_prev, stored_hash = row[0], row[-2], row[-1]
        if seq != expected_seq:
            yield Problem(seq, f"thiếu bản ghi #{expected_seq}–#{seq - 1} (đã bị xóa)"
                          if seq > expected_seq else f"số thứ tự lặp lại hoặc bị đảo (mong đợi #{expected_seq})",
                          chain=chain)
        if stored_prev != prev_hash:
            yield Problem(seq, "liên kết với bản ghi trước bị đứt (bản ghi bị xóa hoặc đảo thứ tự)", chain=chain)
        if hash_payload(payload_of(row[:-1], chain)) != stored_hash:
            yield Problem(seq, "nội dung bản ghi đã bị sửa (mã băm không khớp)", chain=chain)
        want = state.expected.pop((chain, seq), None)
        if want is not None and want[1] != stored_hash:
            yield Problem(seq, f"bản ghi khác với đầu chuỗi đã ghi ở bản ghi #{want[0]} của chuỗi chung "
                               "(chuỗi bị ghi lại)", chain=chain)
        prev_hash, expected_seq = stored_hash, seq + 1
        head = state.heads[chain]
        head.update(seq=seq, hash=stored_hash, count=head["count"] + 1)
        if seq == 1:
            head["first"] = stored_hash
        state.note(chain, row)
    yield from _chain_ends(state)


def _chain_ends(state: _Chains) -> Iterator[Problem]:
    """What the global chain says of the others that they no longer show."""
    for chain, (seq, first) in sorted(state.opened.items()):
        found = state.heads.get(chain)
        if found is None:
            yield Problem(seq, f"chuỗi {chain} đã mở ở bản ghi này nhưng không còn bản ghi nào (đã bị xóa)")
        elif found["first"] != first:
            yield Problem(seq, f"bản ghi đầu của chuỗi {chain} khác với bản ghi mở chuỗi (chuỗi bị thay)")
    for chain in sorted(set(state.heads) - set(state.opened) - {GLOBAL}):
        yield Problem(1, "chuỗi không có bản ghi mở trong chuỗi chung (được ghi ngoài ứng dụng)", chain=chain)
    for (chain, seq), (at, _hash) in sorted(state.expected.items()):
        have = state.heads.get(chain, {}).get("seq", 0)
        yield Problem(at, f"đầu chuỗi {chain} đã ghi là #{seq} nhưng chuỗi chỉ còn đến #{have}: "
                          "các bản ghi mới nhất đã bị xóa")


def _same(a: Any, b: Any) -> bool:
    """Equal snapshot values; numbers compare by value ("55.5" == "55.5000")."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        try:
            return Decimal(a) == Decimal(b)
        except (InvalidOperation, ValueError):
            return False
    return False


def diff(expected: dict, current: dict) -> list[str]:
    """The fields of ``current`` that differ from the recorded ``expected``, ``version`` last.

    Only the fields the record holds are compared: a column added by a later migration, or one an
    older version of theodoi did not record (a certificate's key, a report's frozen figures), is
    checked from the row's next record on.
    """
    changed = [key for key in sorted(expected) if not _same(expected.get(key), current.get(key))]
    changed.sort(key=lambda k: k == "version")
    return changed


def _m2m(model: type[models.Model], ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """The many-to-many ids of the rows ``ids``, read with one query per relation."""
    out: dict[int, dict[str, list[int]]] = {pk: {} for pk in ids}
    for f in model._meta.many_to_many:
        through = getattr(model, f.name).through
        src, dst = f.m2m_column_name(), f.m2m_reverse_name()
        for pk in ids:
            out[pk][f.name] = []
        for a, b in through._default_manager.filter(**{f"{src}__in": ids}).values_list(src, dst).iterator():
            out[a][f.name].append(b)
    return out


def _last_records(otype: str) -> Iterator[list[tuple[str, int]]]:
    """(object id, id of its last record) of every object of ``otype``, in batches."""
    qs = (AuditEvent.objects.filter(object_type=otype).values("object_id").annotate(last=Max("id"))
          .order_by("object_id").values_list("object_id", "last"))
    batch: list[tuple[str, int]] = []
    for row in qs.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_recorded(otype: str, model: type[models.Model], sink: _Sink) -> int:
    """Compare every object that has records with its last record; returns the rows compared."""
    checked = 0
    for batch in _last_records(otype):
        events = {ev.object_id: ev for ev in AuditEvent.objects.filter(id__in=[s for _o, s in batch])
                  .only("chain", "seq", "object_id", "action", "after")}
        ids = [int(oid) for oid, _s in batch if oid.isdigit()]
        found = model._default_manager.in_bulk(ids)
        m2m = _m2m(model, list(found)) if model._meta.many_to_many and found else {}
        for oid, _seq in batch:
            ev = events[oid]
            row = found.get(int(oid)) if oid.isdigit() else None
            if ev.action == "delete":
                if row is not None:
                    sink.add(Problem(ev.seq, "dòng đã ghi nhận là xóa nhưng vẫn còn trong cơ sở dữ liệu", otype, oid,
                                     ev.chain))
                continue
            checked += 1
            if row is None:
                sink.add(Problem(ev.seq, "dòng dữ liệu đã bị xóa ngoài ứng dụng", otype, oid, ev.chain))
                continue
            changed = diff(ev.after or {}, snapshot(row, m2m=m2m.get(row.pk)))
            if changed:
                sink.add(Problem(ev.seq, "dòng dữ liệu bị sửa ngoài ứng dụng, khác với bản ghi cuối "
                                 f"(trường: {', '.join(changed)})", otype, oid, ev.chain))
    return checked


def unrecorded(otype: str, model: type[models.Model]) -> models.QuerySet:
    """Rows of ``model`` that no audit record names (one anti-join on the trail's index)."""
    return (model._default_manager.annotate(_audit_id=Cast("pk", CharField()))
            .filter(~Exists(AuditEvent.objects.filter(object_type=otype, object_id=OuterRef("_audit_id"))))
            .order_by("pk"))


def _check_unrecorded(otype: str, model: type[models.Model], sink: _Sink) -> int:
    n = 0
    for pk in unrecorded(otype, model).values_list("pk", flat=True).iterator(chunk_size=BATCH):
        sink.add(Problem(None, "dòng dữ liệu không có bản ghi tạo trong nhật ký (được ghi ngoài ứng dụng)",
                         otype, str(pk)))
        n += 1
    return n


def verify(anchors: Iterable[Any] | None = None, *, with_default_anchors: bool = True) -> Report:
    """Check every chain, the anchors, then every audited row; problems by chain and record number.

    ``anchors`` adds anchors given by the operator (:class:`theodoi.audit.anchors.Anchor`); the
    anchor file and the newest signed reports of the data folder are read unless
    ``with_default_anchors`` is False.
    """
    from theodoi.audit import anchors as anchor_mod

    sink = _Sink()
    state = _Chains()
    sink.extend(_chains(state))
    seen = list(anchors or [])
    if with_default_anchors:
        seen.extend(anchor_mod.visible_anchors(max(1, len(state.heads))))
    sink.extend(anchor_mod.check(seen, state.heads))
    checked = 0
    for otype, label in AUDITED.items():
        model = apps.get_model(label)
        checked += _check_recorded(otype, model, sink)
        _check_unrecorded(otype, model, sink)
    problems = sorted(sink.kept, key=lambda p: (p.seq is None, p.chain, p.seq or 0))
    main = state.heads.get(GLOBAL, {"first": GENESIS, "seq": 0, "hash": GENESIS})
    return Report(events=sum(h["count"] for h in state.heads.values()), rows_checked=checked, problems=problems,
                  problem_count=sink.count, anchors_checked=len(seen),
                  head={"chain": main["first"], "seq": main["seq"], "hash": main["hash"]},
                  chains={k: {"first": h["first"], "seq": h["seq"], "hash": h["hash"]}
                          for k, h in state.heads.items()})
