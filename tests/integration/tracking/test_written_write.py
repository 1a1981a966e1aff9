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
from theodoi import storage
from theodoi.planning.models import ProgressUpdate, Task
from theodoi.planning.selectors import warnings as rules
from theodoi.planning.services import progress, state
from theodoi.planning.services import warnings as stored

TODAY, upd = base.TODAY, base.upd
scene = base.scene


def _fields(obj):
    deferred = obj.get_deferred_fields()
    return ({f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in deferred},
            deferred)


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
