"""Cutting off the newest audit records is caught by the anchors kept outside the database:
the anchor file, an operator's published anchor, a signed report (SQLite and PostgreSQL).

These tests commit (``transaction=True``): the anchor file is written after a commit only.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tests.integration.tracking.forgery import rewrite_chain
from theodoi.audit import anchors
from theodoi.audit.models import AuditEvent
from theodoi.audit.services import chain_head
from theodoi.audit.verify import verify
from theodoi.tenancy import services as accounts
from theodoi.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def committed(audited):
    world = audited
    m = accounts.add_membership(world.nobody, world.xa_a, Role.OFFICER, title="Cán bộ mới")
    world.membership = m
    return world


def _cut_newest(row) -> int:
    """What an attacker with the database does: delete the newest record of a chain (its province's)
    and the row it created."""
    newest = (AuditEvent.objects.filter(object_type=row._meta.label_lower, object_id=str(row.pk))
              .order_by("-id").first())
    assert newest.chain == "lai-chau" and newest.seq == chain_head("lai-chau")["seq"]
    AuditEvent.objects.filter(pk=newest.pk).delete()  # a queryset delete bypasses the model's guard
    type(row)._default_manager.filter(pk=row.pk).delete()
    return newest.seq


def test_every_commit_appends_the_head_to_the_anchor_file(committed):
    lines = Path(settings.AUDIT_ANCHOR_FILE).read_text().splitlines()
    last = json.loads(lines[-1])
    assert last["key"] == "lai-chau"  # the membership's transaction wrote its province's chain only
    head = chain_head("lai-chau")
    assert (last["seq"], last["hash"], last["chain"]) == (head["seq"], head["hash"], head["chain"])
    assert len(lines) < AuditEvent.objects.count()  # one line per committed transaction and chain, not per record
    chains = {json.loads(x)["chain"] for x in lines}
    assert len(chains) == 3  # the global chain (accounts, openings) and the two provinces'
    report = verify()
    assert report.ok and report.anchors_checked == 3 and set(report.chains) == {"", "lai-chau", "dien-bien"}


def test_deleting_the_newest_record_and_its_row_is_caught(committed):
    assert verify(with_default_anchors=False).ok
    seq = _cut_newest(committed.membership)
    assert verify(with_default_anchors=False).ok  # the chain alone cannot tell
    report = verify()
    assert not report.ok and f"#{seq - 1}" in report.first.reason and "đã bị xóa" in report.first.reason
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=out)
    assert exc.value.returncode == 1 and "các bản ghi mới nhất đã bị xóa" in out.getvalue()


def test_an_operators_published_anchor_catches_it_without_the_anchor_file(committed, tmp_path):
    published = tmp_path / "published.jsonl"
    out = io.StringIO()
    call_command("audit", "anchor", "-o", str(published), stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == json.loads(published.read_text().splitlines()[-1]) and printed["seq"] == chain_head()["seq"]
    heads = AuditEvent.objects.get(chain="", seq=printed["seq"])
    assert heads.action == "heads" and heads.after["heads"]["lai-chau"] == [chain_head("lai-chau")["seq"],
                                                                             chain_head("lai-chau")["hash"]]
    _cut_newest(committed.membership)
    Path(settings.AUDIT_ANCHOR_FILE).unlink()  # the attacker also removed the data folder's file
    report = verify()  # the global chain's record of the heads still tells...
    assert not report.ok and "các bản ghi mới nhất đã bị xóa" in report.first.reason
    AuditEvent.objects.filter(pk=heads.pk).delete()  # ...so the attacker cuts it off too
    assert verify().ok is True  # nothing visible is left to tell...
    with pytest.raises(CommandError):  # ...but the operator's copy does
        call_command("audit", "verify", "--anchor", str(published), stdout=io.StringIO())
    given = f"{printed['seq']}:{printed['hash']}"
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--anchor", given, stdout=io.StringIO())


@pytest.mark.parametrize("chain", ["", "lai-chau"])
def test_a_rewritten_chain_is_caught_by_the_anchor(committed, chain):
    """Rewriting a record and recomputing every hash after it keeps the chain valid, not the anchor."""
    Path(settings.AUDIT_ANCHOR_FILE).write_text("")  # keep only the anchor taken now
    anchors.append(anchors.current(chain))
    rewrite_chain(chain)
    assert verify(with_default_anchors=False).ok
    report = verify()
    assert not report.ok and "khác với mốc neo" in report.first.reason


def test_a_bad_anchor_argument_is_refused(committed):
    with pytest.raises(CommandError, match="Không đọc được mốc neo"):
        call_command("audit", "verify", "--anchor", "không-phải-mốc", stdout=io.StringIO())


def _lines(key: str) -> list[dict]:
    return [a for a in map(json.loads, Path(settings.AUDIT_ANCHOR_FILE).read_text().splitlines())
            if a.get("key", "") == key]


def test_the_line_a_write_appends_is_its_chains_head_read_after_the_commit(committed):
    """A record's transaction appends its chain's head from the record itself (no query after the
    commit): the same line as the head read from the database, for a province's chain, for a chain
    opened in the global one, and after a savepoint rolled back its own record."""
    for key in ("", "lai-chau", "dien-bien"):  # the fixture opened the provinces' chains in the global one
        assert _lines(key)[-1] == json.loads(anchors.current(key).as_json()), key
    w = committed
    with transaction.atomic():
        accounts.add_membership(w.nobody, w.xa_b, Role.OFFICER, title="Cán bộ thứ hai")
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint: its record rolled back...
            accounts.add_membership(w.nobody, w.xa_b, Role.LEADER, title="Lãnh đạo")
            raise RuntimeError
    newest = _lines("lai-chau")[-1]  # ...so the line is the head read after the commit, not that record
    assert newest == json.loads(anchors.current("lai-chau").as_json())
    assert AuditEvent.objects.filter(chain="lai-chau", seq=newest["seq"], hash=newest["hash"]).exists()
    assert verify().ok
