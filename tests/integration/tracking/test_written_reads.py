"""The write's written-out statements (``theodoi.storage.written``) read and write what the ORM's did.

A progress update's write reads its task's updates once for both its stored state and its stored
warnings, and refreshes those warnings in its own transaction under the task's ``TaskState`` lock
(docs/scale.md, "Deadline-day writes, third pass"). The objects read are compared here field by
field with the ORM queries they replace, on every task of the warnings' scene, on both engines."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.db.models import Count

from tests.integration.tracking import test_warnings as base
from tests.integration.tracking.test_stored_warnings import on_today as on_today  # a fixture
from tests.integration.tracking.test_stored_warnings import same
from theodoi.planning.models import Evidence, ProgressUpdate, StoredWarning, Task, TaskState, UnitCounts
from theodoi.planning.selectors import warnings as rules
from theodoi.planning.selectors.warnings import compute_warnings, live_warnings
from theodoi.planning.services import state
from theodoi.planning.services import warnings as stored

pytestmark = pytest.mark.django_db
TODAY, upd = base.TODAY, base.upd
scene = base.scene


def _fields(obj):
    """The loaded (not deferred) column values of a model object, and the names deferred."""
    deferred = obj.get_deferred_fields()
    return ({f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in deferred},
            deferred)


def _evidence(update, n):
    for i in range(n):
        Evidence.objects.create(update=update, file=f"evidence/x{i}.pdf", original_name=f"x{i}.pdf", sha256="0" * 64)


def test_the_warned_tasks_read_are_the_orms(world, scene):
    Task.objects.create(document=world.plan, code="IX", title="Nhóm", lead_unit=world.vhxh)  # a heading…
    Task.objects.create(document=world.plan, code="IX.1", title="Con", lead_unit=world.vhxh,
                        parent=Task.objects.get(code="IX"))  # …with a child: the heading is not warned
    Task.objects.create(document=world.plan, code="X", title="Chưa có đơn vị chủ trì")  # no lead unit: neither
    ids = sorted(Task.objects.values_list("pk", flat=True))
    orm = list(rules.warned_tasks().filter(pk__in=ids).select_related("document", "lead_unit")
               .defer(*stored.TEXT_OF_TASK).order_by("pk"))
    mine = stored.warned_tasks_of(ids)
    assert [t.pk for t in mine] == [t.pk for t in orm] and len(mine) < len(ids)
    codes = {t.code for t in mine}
    assert "IX" not in codes and "X" not in codes and "IX.1" in codes
    for a, b in zip(mine, orm, strict=True):
        for x, y in ((a, b), (a.document, b.document), (a.lead_unit, b.lead_unit)):
            assert _fields(x) == _fields(y), x
    assert set(stored.TEXT) <= mine[0].document.get_deferred_fields()  # never the plan's text
    assert stored.warned_tasks_of([]) == []


def test_the_updates_read_are_the_orms_with_their_evidence_counted(world, scene):
    ups = list(ProgressUpdate.objects.order_by("pk"))
    _evidence(ups[0], 2)
    _evidence(ups[-1], 1)
    ids = sorted(set(ProgressUpdate.objects.values_list("task_id", flat=True))) + [world.task2.pk + 10_000]
    orm = (ProgressUpdate.objects.filter(task__in=ids).defer(*rules.UNJUDGED)
           .annotate(n_evidence=Count("evidence")).order_by("period_end", "id"))
    mine = stored.task_updates(ids)
    assert set(mine) == set(ids) and mine[ids[-1]] == []  # every task asked, one without updates too
    for pk in ids:  # each task's, in the ORM's order
        assert [(u.pk, u.n_evidence) for u in mine[pk]] == [(u.pk, u.n_evidence) for u in orm if u.task_id == pk]
    by_pk = {u.pk: u for u in orm}
    for pk in ids:
        assert [u.period_end for u in mine[pk]] == sorted(u.period_end for u in mine[pk])
        for u in mine[pk]:
            assert _fields(u) == _fields(by_pk[u.pk]) and u.n_evidence == by_pk[u.pk].n_evidence
    assert {u.n_evidence for pk in ids for u in mine[pk]} >= {0, 1, 2}
    # the state from these objects is the state from the values() rows
    assert {pk: state.state_of(mine[pk]) for pk in ids} == state.task_states(ids)


def test_the_warnings_from_the_updates_read_are_the_rules(world, scene):
    ids = sorted(Task.objects.values_list("pk", flat=True))
    _evidence(ProgressUpdate.objects.filter(task=world.task).latest("period_end"), 1)
    tasks = stored.warned_tasks_of(ids)
    assert same(rules.task_warnings(tasks, TODAY, updates=stored.task_updates(ids)), rules.task_warnings(
        rules.warned_tasks().filter(pk__in=ids), TODAY))


def test_a_sent_update_refreshes_its_tasks_warnings_in_its_own_transaction(world, scene, on_today,
                                                                          django_capture_on_commit_callbacks):
    stored.refresh_all(TODAY)
    assert [w for w in compute_warnings(TODAY) if w.task == world.task and w.code == "no_update"]
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():  # nothing run after it
        row = upd(world.task, 0, 60)  # the missing month arrives, with progress
        # already in the writing transaction
        assert not StoredWarning.objects.filter(task=world.task, code__in=("no_update", "stalled")).exists()
    assert same(compute_warnings(TODAY), live_warnings(TODAY))
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        row.percent, row.work_done = 0, ""  # the month's update emptied: stalled again
        row.save()
    assert same(compute_warnings(TODAY), live_warnings(TODAY))
    with django_capture_on_commit_callbacks(execute=False):
        row.delete()  # the update itself deleted: the missing month again, in the deleting transaction
    assert [w for w in compute_warnings(TODAY) if w.task == world.task and w.code == "no_update"]
    assert same(compute_warnings(TODAY), live_warnings(TODAY))


def test_a_failed_write_leaves_the_stored_warnings_as_they_were(world, scene, on_today):
    stored.refresh_all(TODAY)
    kept = list(StoredWarning.objects.order_by("pk").values_list("pk", "code", "task_id", "reason"))
    with pytest.raises(RuntimeError), transaction.atomic():
        upd(world.task, 0, 60)
        raise RuntimeError("the write fails after its update")
    assert list(StoredWarning.objects.order_by("pk").values_list("pk", "code", "task_id", "reason")) == kept


def test_the_lead_units_counts_are_marked_by_the_written_statement(world, scene):
    UnitCounts.objects.get_or_create(unit=world.task.lead_unit)
    row = UnitCounts.objects.get(unit=world.task.lead_unit)
    others = dict(UnitCounts.objects.exclude(pk=row.pk).values_list("pk", "version"))
    upd(world.task, 0, 60)
    marked = UnitCounts.objects.get(pk=row.pk)
    assert marked.day is None and marked.version > row.version
    assert dict(UnitCounts.objects.exclude(pk=row.pk).values_list("pk", "version")) == others


def test_lock_states_makes_a_missing_state_and_locks_it(world, scene):
    TaskState.objects.filter(task=world.task).delete()
    with transaction.atomic():
        state.lock_states([world.task.pk, world.task2.pk])
    assert TaskState.objects.filter(task=world.task).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL (SQLite locks the file)")
def test_a_refresh_after_a_commit_waits_for_the_write_holding_the_tasks_state(world, scene, on_today):
    """Every refresh of a task's stored warnings holds its TaskState lock: a task edit's refresh after
    its commit waits for a write of the task's update still open, then reads what it committed."""
    stored.refresh_all(TODAY)
    held, release, done = threading.Event(), threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                upd(world.task, 0, 60)  # its warnings refreshed, the state row locked until the commit
                held.set()
                release.wait(10)
        finally:
            connection.close()

    def refresher():
        try:
            stored.refresh_subjects([world.task.pk])
            done.set()
        finally:
            connection.close()

    a = threading.Thread(target=writer)
    a.start()
    assert held.wait(10)
    b = threading.Thread(target=refresher)
    b.start()
    assert not done.wait(1.0)  # waiting on the write's lock
    release.set()
    a.join(10)
    b.join(10)
    assert done.is_set()
    assert same(compute_warnings(TODAY), live_warnings(TODAY))
    assert StoredWarning.objects.filter(task=world.task).count() == len(
        [w for w in live_warnings(TODAY) if w.task == world.task])  # no row twice


def test_the_written_insert_stores_what_bulk_create_stores(world, scene):
    from theodoi.planning.services.warnings import _row
    from theodoi.storage import written

    found = rules.task_warnings(rules.warned_tasks(), TODAY)
    assert len(found) > 3
    columns = [f.attname for f in StoredWarning._meta.concrete_fields if not f.primary_key]
    StoredWarning.objects.bulk_create([_row(w, TODAY) for w in found])
    by_orm = sorted(StoredWarning.objects.values_list(*columns), key=repr)
    StoredWarning.objects.all().delete()
    written.insert([_row(w, TODAY) for w in found], batch=2)  # in statements of two rows
    assert sorted(StoredWarning.objects.values_list(*columns), key=repr) == by_orm
    written.insert([])  # nothing: no statement


def test_the_locked_update_is_the_orms_row(world, scene):
    from theodoi.planning.services.progress import locked_update

    for u in ProgressUpdate.objects.all():
        orm = ProgressUpdate.objects.select_for_update().get(task=u.task_id, unit=u.unit_id, period_key=u.period_key)
        with transaction.atomic():
            mine = locked_update(u.task_id, u.unit_id, u.period_key)
        assert _fields(mine) == _fields(orm) and not mine.get_deferred_fields()
    assert locked_update(world.task.pk, world.task.lead_unit_id, "1999-01") is None
