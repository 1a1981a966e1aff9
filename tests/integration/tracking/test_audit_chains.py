"""One audit chain per province: where records go, what `audit verify` catches across chains, and the
records written before the chains (the legacy chain) verifying as before (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from types import SimpleNamespace

import pytest

from tests.integration.tracking.forgery import rewrite_chain
from theodoi.audit.chains import chain_of
from theodoi.audit.models import AuditEvent
from theodoi.audit.services import GENESIS, PAYLOAD_FIELDS, compute_hash, record_heads
from theodoi.audit.verify import verify
from theodoi.planning.services import measurements, progress, review

pytestmark = pytest.mark.django_db
P = "2026-05"


@pytest.fixture
def two(world, far, baseline):
    """Records in both provinces' chains: world's (lai-chau) and far's (dien-bien)."""
    baseline()
    update = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 40},
                                  submit=True)
    review.approve(world.leader, update)
    progress.save_update(user=world.outsider, task=far.task, period_key=P, data={"percent": 5}, submit=True)
    measurements.save_measurement(user=world.outsider, target=far.target, unit=world.c_vhxh, period_key=P,
                                  value=3, submit=True)
    assert verify(with_default_anchors=False).ok
    return SimpleNamespace(update=update)


def _chain(key: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain=key).order_by("seq"))


def test_each_province_appends_to_its_own_chain(world, far, two):
    assert chain_of(two.update) == chain_of(world.task) == chain_of(world.xa_a) == "lai-chau"
    assert chain_of(far.task) == chain_of(world.c_vhxh) == "dien-bien"
    assert chain_of(world.officer) == ""  # an account belongs to no province
    for key in ("lai-chau", "dien-bien"):
        events = _chain(key)
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert events[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
        opening = AuditEvent.objects.get(chain="", action="open", object_id=key)
        assert opening.after == {"chain": key, "first": events[0].hash}
    submitted = AuditEvent.objects.filter(object_type="planning.progressupdate", action="submit")
    assert {e.chain for e in submitted} == {"lai-chau", "dien-bien"}


def test_a_province_record_hashes_its_chain_and_a_global_one_hashes_as_before(two):
    """The legacy chain's hash is the one of every record before the chains: the same payload, no chain."""
    ev = _chain("lai-chau")[1]
    old = {f: getattr(ev, f) for f in PAYLOAD_FIELDS}
    old["actor"] = old.pop("actor_id")
    old["at"] = ev.at.astimezone(dt.UTC).isoformat()

    def digest(payload: dict) -> str:
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    assert ev.hash == digest({**old, "chain": "lai-chau"}) != digest(old)
    glob = _chain("")[0]
    payload = {f: getattr(glob, f) for f in PAYLOAD_FIELDS}
    payload["actor"] = payload.pop("actor_id")
    payload["at"] = glob.at.astimezone(dt.UTC).isoformat()
    assert glob.hash == digest(payload)


def test_a_record_moved_to_another_chain_is_caught(two):
    ev = _chain("lai-chau")[-1]
    top = _chain("dien-bien")[-1]
    AuditEvent.objects.filter(pk=ev.pk).update(chain="dien-bien", seq=top.seq + 1, prev_hash=top.hash)
    report = verify(with_default_anchors=False)
    assert not report.ok
    moved = [p for p in report.problems if p.chain == "dien-bien" and p.seq == top.seq + 1]
    assert moved and "bị sửa" in moved[0].reason  # the chain is in the hash


def test_a_province_chain_deleted_whole_is_caught(two):
    AuditEvent.objects.filter(chain="dien-bien").delete()
    reasons = [p.reason for p in verify(with_default_anchors=False).problems]
    assert any("chuỗi dien-bien đã mở" in r and "đã bị xóa" in r for r in reasons)


def test_a_province_chain_replaced_or_forged_is_caught(two):
    # a chain written behind the application's back: valid links and hashes, but never opened
    prev = GENESIS
    for n, ev in enumerate(_chain("dien-bien"), start=1):
        forged = AuditEvent(chain="ha-noi", seq=n, at=ev.at, actor_name="x", action="update",
                            object_type=ev.object_type, object_id=ev.object_id, before=None, after=ev.after,
                            reason="", prev_hash=prev)
        forged.hash = compute_hash(forged)
        AuditEvent.objects.bulk_create([forged])
        prev = forged.hash
    reasons = [(p.chain, p.reason) for p in verify(with_default_anchors=False).problems]
    assert ("ha-noi", "chuỗi không có bản ghi mở trong chuỗi chung (được ghi ngoài ứng dụng)") in reasons
    # the first record of a chain replaced (and every hash after it recomputed): the opening tells
    first = _chain("lai-chau")[0]
    first.reason = "sửa lén"
    AuditEvent.objects.filter(pk=first.pk).update(reason=first.reason, hash=compute_hash(first))
    reasons = [p.reason for p in verify(with_default_anchors=False).problems]
    assert any("bản ghi đầu của chuỗi lai-chau khác với bản ghi mở chuỗi" in r for r in reasons)


def test_the_heads_record_catches_a_chain_cut_off_without_any_anchor(two):
    heads = record_heads()
    assert set(heads.after["heads"]) == {"lai-chau", "dien-bien"}
    newest = _chain("dien-bien")[-1]
    AuditEvent.objects.filter(pk=newest.pk).delete()
    report = verify(with_default_anchors=False)
    assert not report.ok
    assert any(f"đầu chuỗi dien-bien đã ghi là #{newest.seq}" in p.reason for p in report.problems)


def test_the_heads_record_catches_a_chain_rewritten_before_it(two):
    record_heads()
    rewrite_chain("lai-chau")  # from #2 on, every hash recomputed: the chain alone holds
    problems = verify(with_default_anchors=False).problems
    assert [p.chain for p in problems] == ["lai-chau"] and "chuỗi bị ghi lại" in problems[0].reason


def test_records_of_the_legacy_chain_still_verify_and_new_ones_go_to_the_provinces(world, sent):
    """Before the chains every record was in one chain; after the migration they are the chain "" and
    verify unchanged, while the next writes open the provinces' chains."""
    from theodoi.audit.services import snapshot

    # the trail as the version before the chains wrote it: one chain, whatever the row's province
    AuditEvent.objects.all().delete()
    prev = GENESIS
    from django.apps import apps

    from theodoi.audit.verify import AUDITED

    rows = [r for label in AUDITED.values() for r in apps.get_model(label)._default_manager.order_by("pk")]
    assert len(rows) > 15
    for n, row in enumerate(rows, start=1):
        ev = AuditEvent(chain="", seq=n, at=sent.update.updated_at, actor_name="hệ thống", action="create",
                        object_type=row._meta.label_lower, object_id=str(row.pk), object_repr=str(row)[:255],
                        before=None, after=snapshot(row), reason="", prev_hash=prev)
        ev.hash = compute_hash(ev)
        ev.save()
        prev = ev.hash
    report = verify(with_default_anchors=False)
    assert report.ok, report.first
    assert set(report.chains) == {""} and report.events == len(rows)
    review.approve(world.leader, sent.update)
    report = verify(with_default_anchors=False)
    assert report.ok, report.first
    assert set(report.chains) == {"", "lai-chau"} and report.chains["lai-chau"]["seq"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_province_appends_while_another_province_holds_its_chain(world, far, baseline):
    """The point of the chains: a write in Điện Biên does not wait for a transaction holding Lai Châu's
    chain, while a second write in Lai Châu does (PostgreSQL's advisory locks; SQLite serialises every
    writer by itself)."""
    import threading

    from django.db import OperationalError, connection, transaction

    from theodoi.audit.services import lock_chain

    if connection.vendor != "postgresql":
        pytest.skip("advisory locks per chain: PostgreSQL (SQLite serialises every writer)")
    baseline()
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        from django.db import connection as own

        try:
            with transaction.atomic():
                lock_chain("lai-chau")
                held.set()
                release.wait(30)
        finally:
            own.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL lock_timeout = '5s'")
            progress.save_update(user=world.outsider, task=far.task, period_key=P, data={"percent": 5}, submit=True)
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL lock_timeout = '300ms'")
            progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 9})
    finally:
        release.set()
        holder.join(30)
    progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 9})
    assert verify(with_default_anchors=False).ok


def test_the_anchor_file_is_read_back_until_every_chain_has_its_newest_anchor(tmp_path):
    """A chain written long ago has its newest line far from the file's end: reading goes on, block by
    block, until every chain is found; a line cut by a block's start is read whole with the next."""
    from theodoi.audit.anchors import TAIL_BYTES, Anchor, append_all, from_file_tail

    path = tmp_path / "anchors.jsonl"
    old = [Anchor(seq=n, hash=f"{n:064x}", chain="a" * 64, key="dien-bien") for n in (1, 2)]
    busy = [Anchor(seq=n, hash=f"{n:064x}", chain="b" * 64, key="lai-chau") for n in range(1, 2 * TAIL_BYTES // 150)]
    append_all(old + busy, path)
    assert path.stat().st_size > TAIL_BYTES
    found = {a.key: a.seq for a in from_file_tail(path, chains=2)}
    assert found == {"dien-bien": 2, "lai-chau": len(busy)}
    assert [a.key for a in from_file_tail(path, chains=1)] == ["lai-chau"]  # one chain wanted: the tail only
    assert from_file_tail(tmp_path / "none.jsonl", chains=3) == []
