"""The deadline-day write's fourth pass (docs/scale.md, "Deadline-day writes, fourth pass"): what it
reads and writes is what the ORM read and wrote, on both engines, and PostgreSQL keeps its generic
plans only inside the write's own transaction."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from tests.integration.tracking import test_warnings as base
from tests.integration.tracking.conftest import P
from tests.integration.tracking.test_written_reads import _fields
from theodoi import storage
from theodoi.audit.models import AuditEvent
from theodoi.planning.models import ProgressUpdate, Task
from theodoi.planning.selectors import warnings as rules
from theodoi.planning.services import progress, state
from theodoi.planning.services import warnings as stored
from theodoi.storage import written

TODAY, upd = base.TODAY, base.upd
scene = base.scene


@pytest.mark.django_db
def test_a_writes_updates_are_rows_for_the_state_and_objects_only_where_judged(world, scene):
    upd(world.task, 10, 20)  # ten months back: folded into the state, never judged (200 days)
    upd(scene["paid"], 2, 40, state="draft")  # a draft: neither sent nor judged
    ids = sorted(Task.objects.values_list("pk", flat=True)) + [world.task2.pk + 10_000]
    rows, judged = stored.write_updates(ids, TODAY)
    assert set(rows) == set(judged) == set(ids) and rows[ids[-1]] == [] == judged[ids[-1]]
    orm_rows = list(ProgressUpdate.objects.filter(task_id__in=ids).order_by("period_end", "id")
                    .values(*stored.STATE_COLUMNS))
    for pk in ids:  # the rows of state.task_states' values(), in its order
        assert rows[pk] == [r for r in orm_rows if r["task_id"] == pk]
    assert {pk: state.state_of(rows[pk]) for pk in ids} == state.task_states(ids)
    every = stored.task_updates(ids)  # the objects of every update, compared with the ORM's by test_written_reads
    for pk in ids:
        want = [u for u in every[pk] if rules.judged(u, TODAY)]
        assert [u.pk for u in judged[pk]] == [u.pk for u in want]
        for a, b in zip(judged[pk], want, strict=True):
            assert _fields(a) == _fields(b) and a.n_evidence == b.n_evidence
    n_rows, n_judged = sum(map(len, rows.values())), sum(map(len, judged.values()))
    assert n_rows > n_judged > 0  # some updates were left as rows only
    tasks = stored.warned_tasks_of(ids)
    assert base_same(rules.task_warnings(tasks, TODAY, updates=judged),
                     rules.task_warnings(rules.warned_tasks().filter(pk__in=ids), TODAY))


def base_same(a, b):
    from tests.integration.tracking.test_stored_warnings import same

    return same(a, b)


@pytest.mark.django_db
def test_the_written_audit_insert_stores_what_save_stores(world):
    def event(seq, actor):
        return AuditEvent(chain="thu-nghiem", seq=seq, at=world.task.created_at, actor=actor,
                          actor_name=str(actor) if actor else "hệ thống", action="update",
                          object_type="planning.progressupdate", object_id="7", object_repr="Báo cáo «tháng 5»",
                          before={"percent": "30.0", "work_done": "Đã làm"},
                          after={"percent": "55.5", "work_done": "Đã triển khai – xong", "n": [1, None]},
                          reason="", prev_hash="a" * 64, hash=f"{seq:064d}")

    for actor in (world.officer, None):
        by_orm, mine = event(1 if actor else 3, actor), event(2 if actor else 4, actor)
        by_orm.save()
        written.insert_one(mine)
        assert mine.pk is not None and mine.pk != by_orm.pk and not mine._state.adding and mine._state.db
        columns = [f.attname for f in AuditEvent._meta.concrete_fields if f.attname not in ("id", "seq", "hash")]
        assert (AuditEvent.objects.filter(pk=mine.pk).values_list(*columns).get()
                == AuditEvent.objects.filter(pk=by_orm.pk).values_list(*columns).get())
        assert AuditEvent.objects.get(pk=mine.pk).seq == mine.seq


@pytest.mark.django_db
def test_a_sent_update_is_recorded_and_its_chain_verifies(world):
    from theodoi.audit.services import compute_hash
    from theodoi.audit.verify import verify

    row = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 40}, submit=True)
    event = AuditEvent.objects.filter(object_type="planning.progressupdate", object_id=str(row.pk)).get()
    assert event.action == "submit" and event.after["percent"] == "40" and event.actor_id == world.officer.pk
    assert event.hash == compute_hash(AuditEvent.objects.get(pk=event.pk))  # the row as stored hashes as written
    # the scene's rows were made without the services (not recorded); the chains themselves verify
    assert [p for p in verify().problems if p.seq is not None] == []


def _plan_modes_seen():
    """The connection's ``plan_cache_mode`` each time a progress update is saved (inside its transaction)."""
    seen: list[str] = []

    def look(sender, instance, **kwargs):
        with connection.cursor() as cur:
            cur.execute("SHOW plan_cache_mode")
            seen.append(cur.fetchone()[0])

    post_save.connect(look, sender=ProgressUpdate, weak=False, dispatch_uid="test-plan-mode")
    return seen, lambda: post_save.disconnect(sender=ProgressUpdate, dispatch_uid="test-plan-mode")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql" or storage.CUSTOM_PLANS not in str(
    connection.settings_dict["OPTIONS"].get("options", "")),
    reason="custom plans: PostgreSQL with prepared statements")
def test_a_sent_update_keeps_generic_plans_in_its_own_transaction_only(world):
    seen, done = _plan_modes_seen()
    try:
        progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 10}, submit=True)
        assert seen == ["auto"]  # the write's own transaction: its statements by key keep generic plans
        with connection.cursor() as cur:
            cur.execute("SHOW plan_cache_mode")
            assert cur.fetchone()[0] == "force_custom_plan"  # back after its commit, for the pages
        with transaction.atomic():  # a transaction the write shares with its caller is left as it is
            progress.save_update(user=world.officer, task=world.task2, period_key=P, data={"percent": 10})
        assert seen == ["auto", "force_custom_plan"]
    finally:
        done()


@pytest.mark.django_db
def test_generic_plans_cost_no_statement_where_nothing_is_prepared(world):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        storage.plans_kept()
    expected = 1 if connection.vendor == "postgresql" and str(connection.settings_dict["OPTIONS"].get(
        "options", "")).endswith(storage.CUSTOM_PLANS) else 0
    assert len([q for q in queries.captured_queries if "set_config" in q["sql"]]) == expected


class _Undone(Exception):
    pass


def _saved_by(save, pk):
    """The row's columns and the signals sent when ``save`` saves the changed update ``pk`` (then undone)."""
    from django.db.models.signals import pre_save

    sent = []

    def note(signal):
        def receiver(sender, instance, **kwargs):
            sent.append((signal, sender, instance.pk, tuple(sorted(kwargs.items(), key=lambda kv: kv[0]))))
        return receiver

    receivers = [(s, note(name)) for s, name in ((pre_save, "pre"), (post_save, "post"))]
    for s, r in receivers:
        s.connect(r, sender=ProgressUpdate, weak=False, dispatch_uid=f"test-saved-by-{id(r)}")
    try:
        with pytest.raises(_Undone), transaction.atomic():
            row = ProgressUpdate.objects.get(pk=pk)
            row.percent, row.work_done, row.version, row.state = row.percent + 5, "Đã xong «tháng»", row.version + 1, \
                "submitted"
            save(row)
            columns = [f.attname for f in ProgressUpdate._meta.concrete_fields if f.attname != "updated_at"]
            stored_row = ProgressUpdate.objects.filter(pk=pk).values_list(*columns).get()
            moved = ProgressUpdate.objects.get(pk=pk).updated_at > row.created_at
            raise _Undone
    finally:
        for s, r in receivers:
            s.disconnect(sender=ProgressUpdate, dispatch_uid=f"test-saved-by-{id(r)}")
    return stored_row, moved, [(name, sender, pk_) + (tuple(k for k in kw if k[0] != "signal"),)
                                for name, sender, pk_, kw in sent]


@pytest.mark.django_db
def test_the_written_update_stores_and_signals_what_save_does(world, scene):
    for pk in ProgressUpdate.objects.order_by("pk").values_list("pk", flat=True)[:3]:
        by_orm = _saved_by(lambda row: row.save(), pk)
        mine = _saved_by(written.save_existing, pk)
        assert mine == by_orm and mine[1]  # the same columns, updated_at moved, the same signals
        assert [s[0] for s in mine[2]] == ["pre", "post"]
    gone = ProgressUpdate.objects.first()
    ProgressUpdate.objects.filter(pk=gone.pk).delete()
    from django.db import DatabaseError

    with pytest.raises(DatabaseError):
        written.save_existing(gone)  # a row no longer there is an error, never an INSERT


@pytest.mark.django_db
def test_the_warnings_replaced_in_one_statement_on_postgresql_are_delete_then_insert(world, scene):
    from theodoi.planning.models import StoredWarning
    from theodoi.planning.services.warnings import _row

    found = rules.task_warnings(rules.warned_tasks(), TODAY)
    mine = [w for w in found if w.task == world.task]
    assert mine and len(mine) < len(found)
    StoredWarning.objects.bulk_create([_row(w, TODAY) for w in found])  # every task's, world.task's among them
    columns = [f.attname for f in StoredWarning._meta.concrete_fields if not f.primary_key]
    before = sorted(StoredWarning.objects.values_list(*columns), key=repr)
    old = set(StoredWarning.objects.filter(task=world.task).values_list("pk", flat=True))
    delete = (f"DELETE FROM {written.table(StoredWarning)} WHERE {written.column(StoredWarning, 'day')} = %s "
              f"AND {written.column(StoredWarning, 'task')} IN (%s)")
    with CaptureQueriesContext(connection) as queries:
        written.replace(delete, [written.prep(StoredWarning, "day", TODAY), world.task.pk],
                        [_row(w, TODAY) for w in mine])  # the same rows again: the new ones stay, the old go
    assert len(queries.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert sorted(StoredWarning.objects.values_list(*columns), key=repr) == before
    assert not old & set(StoredWarning.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        written.replace(delete, [written.prep(StoredWarning, "day", TODAY), world.task.pk], [])  # none left
    assert len(queries.captured_queries) == 1 and not StoredWarning.objects.filter(task=world.task).exists()
    assert StoredWarning.objects.count() == len(found) - len(mine)
