"""Stored warnings: pages read the day's stored set, and it says exactly what the live rules say,
after the daily computation and after every write that changes a task or a figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.integration.tracking import test_warnings as base
from theodoi.planning.models import DocStatus, Measurement, StoredWarning, WarningRefresh
from theodoi.planning.selectors.warnings import compute_warnings, live_warnings, stored_day
from theodoi.planning.services.warnings import refresh_all

pytestmark = pytest.mark.django_db
TODAY, _month, upd = base.TODAY, base._month, base.upd
scene = base.scene  # the warnings tests' scene: every kind of warning


def _key(w):
    d = w.to_dict()
    return (d["code"], d["task"] or "", d["target"] or "", d["unit"] or "", d["reason_vi"], d["severity"])


def same(a, b):
    return sorted(map(_key, a)) == sorted(map(_key, b))


@pytest.fixture
def on_today(monkeypatch):
    """Writes refresh the stored set only when it is today's: make TODAY today."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def test_stored_set_says_what_the_rules_say(world, scene):
    live = compute_warnings(TODAY)
    assert stored_day() is None and not StoredWarning.objects.exists()  # nothing stored: computed live
    assert refresh_all(TODAY) == len(live) == StoredWarning.objects.count() > 0
    assert stored_day() == TODAY and WarningRefresh.objects.get().total == len(live)
    stored = compute_warnings(TODAY)
    assert same(stored, live)
    assert [w.severity for w in stored] == sorted((w.severity for w in stored), key=["high", "medium", "low"].index)
    for scope in (world.xa_b, world.vhxh, [world.xa_a, world.xa_b]):
        assert same(compute_warnings(TODAY, scope), live_warnings(TODAY, scope))
    for user in (world.officer, world.leader, world.officer_b, world.reader, world.outsider):
        assert same(compute_warnings(TODAY, user=user), live_warnings(TODAY, user=user)), user
    assert compute_warnings(TODAY, user=world.outsider) == []
    reasons = {w.reason for w in compute_warnings(TODAY)}
    assert reasons == {w.reason for w in live}  # the Message and its periods come back whole
    # another day is computed live, not read from the stored set
    other = TODAY + dt.timedelta(days=40)
    assert same(compute_warnings(other), live_warnings(other))


def test_reading_the_stored_set_costs_a_few_queries(world, scene):
    refresh_all(TODAY)
    compute_warnings(TODAY, user=world.leader)  # the stored day is cached after the first read
    with CaptureQueriesContext(connection) as q:
        found = compute_warnings(TODAY, user=world.leader)
    assert found and len(q.captured_queries) <= 3, [x["sql"] for x in q.captured_queries]


def test_a_write_refreshes_its_subject_on_commit(world, scene, on_today, django_capture_on_commit_callbacks):
    refresh_all(TODAY)
    assert [w for w in compute_warnings(TODAY) if w.task == world.task and w.code == "no_update"]
    with django_capture_on_commit_callbacks(execute=True):
        upd(world.task, 0, 60)  # the missing month arrives, with progress
    found = compute_warnings(TODAY)
    assert not [w for w in found if w.task == world.task and w.code in ("no_update", "stalled")]
    assert same(found, live_warnings(TODAY))
    with django_capture_on_commit_callbacks(execute=True):
        m = Measurement.objects.get(target=world.target, unit=world.vhxh, period_key=_month(0).key)
        m.numerator = Decimal(90)  # corrected: no longer more than the denominator
        m.save()
    assert not [w for w in compute_warnings(TODAY) if w.measurement == m]
    assert same(compute_warnings(TODAY), live_warnings(TODAY))
    with django_capture_on_commit_callbacks(execute=True):
        world.task.due_date = dt.date(2027, 12, 31)  # a new deadline: no longer overdue
        world.task.save()
    found = compute_warnings(TODAY)
    assert not [w for w in found if w.task == world.task and w.code == "overdue"]
    assert same(found, live_warnings(TODAY))


def test_an_ended_plan_warns_no_more(world, scene, on_today, django_capture_on_commit_callbacks):
    refresh_all(TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        world.plan.status = DocStatus.CLOSED
        world.plan.save()
    assert not [w for w in compute_warnings(TODAY) if w.task and w.task.document_id == world.plan.pk]
    assert same(compute_warnings(TODAY), live_warnings(TODAY))


def test_writes_on_another_day_leave_the_stored_set_alone(world, scene, django_capture_on_commit_callbacks):
    refresh_all(TODAY)  # the real today differs from TODAY: the set is not today's, nothing to keep
    before = StoredWarning.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        upd(world.task, 0, 60)
    assert StoredWarning.objects.count() == before
    assert _month(0).key  # the closed month of TODAY exists (sanity of the scene)
