"""The national roll-up from each unit's stored counts (``UnitCounts``) is the roll-up computed from the
rows: generated provinces (``benchdata``), then generated writes of every kind that changes a status or
where a task or target is counted (approvals, returns, deletions, deadlines, completion, pauses, a task
moved to another province's office or made a group, a target's goal and owner, figures, a plan's due
day), read on the day of the writes and on later days (the rows then counted again by the reader)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.planning.models import Document, Measurement, ProgressUpdate, ReviewState, Target, Task, UnitCounts
from theodoi.planning.services import counts
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind
from theodoi.web.selectors import national

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 20)
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def country(django_user_model, monkeypatch):
    from theodoi.demo import benchdata

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    benchdata.load(["lai-chau", "cao-bang"], months=4, communes=2, today=TODAY, say=lambda _m: None)
    reader = django_user_model.objects.create_user(username="bo.counts")
    Membership.objects.create(user=reader, unit=Unit.objects.get(slug="bo-khcn"), role=Role.READER)
    return reader


def _seen(r: national.Rollup) -> tuple:
    return ([(x.unit.pk, x.score.total, x.tasks, x.targets) for x in r.ranked], [u.pk for u in r.without_data],
            r.provinces, r.tasks, r.overdue, r.targets)


def _agree(reader, day: dt.date) -> None:
    assert _seen(national.rollup(reader, day)) == _seen(national.rollup(reader, day, stored=False))


pick = st.integers(min_value=0, max_value=10_000)
write = st.one_of(
    st.tuples(st.just("review"), pick, st.sampled_from([ReviewState.APPROVED, ReviewState.RETURNED,
                                                        ReviewState.SUBMITTED, ReviewState.DRAFT])),
    st.tuples(st.just("percent"), pick, st.sampled_from([Decimal(0), Decimal(50), Decimal(100)])),
    st.tuples(st.just("delete update"), pick, st.none()),
    st.tuples(st.just("due"), pick, st.integers(min_value=-90, max_value=90)),
    st.tuples(st.just("complete"), pick, st.integers(min_value=-60, max_value=0)),
    st.tuples(st.just("run"), pick, st.sampled_from(["active", "paused", "stopped"])),
    st.tuples(st.just("move"), pick, pick),
    st.tuples(st.just("group"), pick, pick),
    st.tuples(st.just("delete task"), pick, st.none()),
    st.tuples(st.just("goal"), pick, st.sampled_from([Decimal(1), Decimal(50), Decimal(100), Decimal(10_000)])),
    st.tuples(st.just("owner"), pick, pick),
    st.tuples(st.just("figure"), pick, st.integers(min_value=0, max_value=200)),
    st.tuples(st.just("due day"), pick, st.sampled_from([5, 15, 25])),
)


def _apply(kind: str, i: int, arg) -> None:
    def nth(qs):
        n = qs.count()
        return qs.order_by("pk")[i % n] if n else None

    if kind in ("review", "percent", "delete update"):
        u = nth(ProgressUpdate.objects.all())
        if kind == "delete update":
            u.delete()
        elif kind == "review":
            u.state = arg
            u.save()
        else:
            u.percent = arg
            u.save()
    elif kind in ("due", "complete", "run", "move", "group", "delete task"):
        t = nth(Task.objects.all())
        if t is None:
            return
        if kind == "due":
            t.due_date = TODAY + dt.timedelta(days=arg)
        elif kind == "complete":
            t.completed_on = TODAY + dt.timedelta(days=arg)
        elif kind == "run":
            t.run_state = arg
        elif kind == "move":  # to any office of the country, another province's too
            i = arg
            t.lead_unit = nth(Unit.objects.filter(kind=UnitKind.OFFICE))
        elif kind == "group":
            other = nth(Task.objects.exclude(pk=t.pk).filter(parent__isnull=True, children__isnull=True))
            t.parent = other
        if kind == "delete task":
            t.delete()
        else:
            t.save()
    elif kind in ("goal", "owner", "figure"):
        g = nth(Target.objects.all())
        if kind == "goal":
            g.value = arg
            g.save()
        elif kind == "owner":
            i = arg
            g.responsible_unit = nth(Unit.objects.filter(kind=UnitKind.OFFICE)) if arg % 3 else None
            g.save()
        else:
            unit = g.responsible_unit or g.document.issuer
            Measurement.objects.update_or_create(
                target=g, unit=unit, period_key="2026-06",
                defaults={"period_end": dt.date(2026, 6, 14), "numerator": Decimal(arg), "denominator": Decimal(100),
                          "value": Decimal(arg), "state": ReviewState.APPROVED})
    else:
        doc = nth(Document.objects.filter(source_name="benchdata"))
        doc.monthly_due_day = arg
        doc.save()


@SETTINGS
@given(writes=st.lists(write, max_size=8), later=st.sampled_from([0, 0, 1, 16, 40]))
def test_the_stored_counts_give_the_roll_up_the_rows_give(country, writes, later):
    with transaction.atomic():
        _agree(country, TODAY)
        for kind, i, arg in writes:
            _apply(kind, i, arg)
            _agree(country, TODAY)
        assert not UnitCounts.objects.exclude(day=TODAY).exists()  # every write stored its units' counts
        assert counts.differences(TODAY) == []
        _agree(country, TODAY + dt.timedelta(days=later))  # a later day: the rows of TODAY counted again
        transaction.set_rollback(True)


def test_the_roll_up_from_stored_counts_reads_no_task_or_target(country):
    day = TODAY
    national.rollup(country, day)  # the per-process caches
    with CaptureQueriesContext(connection) as q:
        r = national.rollup(country, day)
    assert r.tasks == 2 * 2 * 30 and r.targets == 2 * 2 * 20
    read = " ".join(x["sql"] for x in q.captured_queries)
    assert "planning_task" not in read and "planning_target" not in read
    # another day: the stored counts are of TODAY, so the reader counts every unit again (same answer)
    later = TODAY + dt.timedelta(days=30)
    with CaptureQueriesContext(connection) as q:
        again = national.rollup(country, later)
    assert "planning_task" in " ".join(x["sql"] for x in q.captured_queries)
    assert _seen(again) == _seen(national.rollup(country, later, stored=False))
    # the daily job's rebuild stores that day's: then nothing is counted again
    counts.rebuild(day=later)
    with CaptureQueriesContext(connection) as q:
        assert _seen(national.rollup(country, later)) == _seen(again)
    assert "planning_task" not in " ".join(x["sql"] for x in q.captured_queries)


def test_a_new_installation_counts_what_it_has_not_stored(country):
    """Rows waiting to be counted (the migration's, or a write's in a failed job) are counted by the reader."""
    UnitCounts.objects.update(day=None)
    _agree(country, TODAY)
    UnitCounts.objects.all().delete()
    counts.rebuild(day=TODAY)
    assert counts.differences(TODAY) == []
    _agree(country, TODAY)
