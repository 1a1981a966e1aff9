"""The deadline-day write's fourth pass (docs/scale.md, "Deadline-day writes, fourth pass"): what it
reads and writes is what the ORM read and wrote, on both engines, and PostgreSQL keeps its generic
plans only inside the write's own transaction."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from tests.integration.tracking.conftest import P
from theodoi import storage
from theodoi.planning.models import ProgressUpdate
from theodoi.planning.services import progress


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
