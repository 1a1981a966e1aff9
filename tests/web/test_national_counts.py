"""The national roll-up from each unit's stored counts (``UnitCounts``) is the roll-up computed from the
rows: generated provinces (``benchdata``), then generated writes of every kind that changes a status or
where a task or target is counted (approvals, returns, deletions, deadlines, completion, pauses, a task
moved to another province's office or made a group, a target's goal and owner, figures, a plan's due
day), read on the day of the writes and on later days (the rows then counted again by the reader). The
writes only mark their units' rows stale; the reader counts those and writes them back with a
compare-and-set on the version it read, which a newer mark wins."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.planning.models import Document, Measurement, ProgressUpdate, ReviewState, Target, Task, UnitCounts
from theodoi.planning.selectors import counts as counted
from theodoi.planning.services import counts
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind
from theodoi.web.selectors import national

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 20)
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _load_country() -> None:
    from theodoi.demo import benchdata
    from theodoi.tenancy.models import User

    benchdata.load(["lai-chau", "cao-bang"], months=4, communes=2, today=TODAY, say=lambda _m: None)
    reader = User.objects.create_user(username="bo.counts")
    Membership.objects.create(user=reader, unit=Unit.objects.get(slug="bo-khcn"), role=Role.READER)


@pytest.fixture(scope="module")
def _country_of_the_module(django_db_setup, django_db_blocker):
    """The generated country loaded once for the module (it was loaded again for each test, a
    second of CPU a time) and flushed after it; each test writes inside its own rolled-back
    transaction, as the Hypothesis tests' examples already did inside theirs."""
    from django.core.management import call_command

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as m:
        m.setattr(timezone, "localdate", lambda *a, **k: TODAY)
        _load_country()
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def country(_country_of_the_module, django_user_model, monkeypatch):
    """The province reader of the module's country, today being TODAY. A ``transaction=True`` test
    empties the database after it: the next test then loads the country again (in its transaction)."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    if not django_user_model.objects.filter(username="bo.counts").exists():
        _load_country()
    return django_user_model.objects.get(username="bo.counts")


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
        assert not UnitCounts.objects.exclude(day=TODAY).exists()  # each reader wrote back what it counted
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


def _writes_sql(writes) -> list[str]:
    with CaptureQueriesContext(connection) as q:
        for kind, i, arg in writes:
            _apply(kind, i, arg)
    return [x["sql"] for x in q.captured_queries if "planning_unitcounts" in x["sql"]]


@settings(SETTINGS, max_examples=12)  # the read after each write: the test above, 25 examples
@given(writes=st.lists(write, min_size=1, max_size=8))
def test_after_writes_the_roll_up_is_the_rows_and_its_reader_stores_them(country, writes):
    """Writes of every kind with no read between them: they only mark rows (no count, no read of a
    row), the roll-up read next is the one computed from the rows, and it leaves every row fresh and
    exact, so the next roll-up reads no task or target and gives the same."""
    with transaction.atomic():
        before = dict(UnitCounts.objects.values_list("pk", "version"))
        touched = _writes_sql(writes)
        assert all(sql.startswith(("UPDATE", "INSERT")) for sql in touched), touched  # marked, never counted
        stale = dict(UnitCounts.objects.filter(day__isnull=True).values_list("pk", "version"))
        assert all(version > before.get(pk, 0) for pk, version in stale.items())
        assert not UnitCounts.objects.exclude(day=TODAY).exclude(day__isnull=True).exists()
        fresh = dict(UnitCounts.objects.filter(day=TODAY).values_list("pk", "version"))
        assert all(before[pk] == v for pk, v in fresh.items())  # a row not marked kept its version
        _agree(country, TODAY)
        assert not UnitCounts.objects.exclude(day=TODAY).exists()  # the reader wrote them back
        assert counts.differences(TODAY) == []
        with CaptureQueriesContext(connection) as q:
            again = national.rollup(country, TODAY)
        read = " ".join(x["sql"] for x in q.captured_queries)
        assert "planning_task" not in read and "planning_target" not in read
        assert _seen(again) == _seen(national.rollup(country, TODAY, stored=False))
        transaction.set_rollback(True)


def _unit_with_tasks() -> tuple[int, Task]:
    task = counted.counted_tasks(Task.objects.all()).order_by("pk").first()
    return task.lead_unit_id, task


def test_a_write_back_of_older_counts_leaves_the_newer_mark(country):
    """The reader's write-back is a compare-and-set on the version it read before counting: a write
    marking the row meanwhile (here: a task of the unit made overdue) wins, and the roll-up counts the
    unit again; written back with the version read then, the counts are stored."""
    pk, task = _unit_with_tasks()
    counts.mark([pk])
    read = {pk: UnitCounts.objects.get(pk=pk).version}
    old = counted.of_units([pk], TODAY).by_unit
    task.due_date, task.completed_on = TODAY - dt.timedelta(days=30), None
    task.save()  # a write after the reader counted
    assert counts.write_back(read, old, TODAY) == 0
    row = UnitCounts.objects.get(pk=pk)
    assert row.day is None and row.version == read[pk] + 1
    _agree(country, TODAY)  # counted again, and written back with the version it read
    row = UnitCounts.objects.get(pk=pk)
    assert row.day == TODAY and row.version == read[pk] + 1 and counts.differences(TODAY) == []
    assert (row.overdue, row.tasks) == (counted.of_units([pk], TODAY).by_unit[pk].overdue,
                                        counted.of_units([pk], TODAY).by_unit[pk].tasks)


def test_the_daily_rebuild_leaves_a_row_marked_while_it_counted(country, monkeypatch):
    """``rebuild`` reads the versions before counting: a write marking a unit while its chunk is counted
    keeps the row stale (the readers count it), the others are stored."""
    pk, task = _unit_with_tasks()
    of_units = counted.of_units

    def counting_while_written(*args, **kwargs):
        found = of_units(*args, **kwargs)
        Task.objects.filter(pk=task.pk).update(due_date=TODAY - dt.timedelta(days=30), completed_on=None)
        counts.tasks_changed([task.pk])  # what the write's state refresh does
        return found

    with monkeypatch.context() as m:
        m.setattr(counted, "of_units", counting_while_written)
        counts.rebuild(day=TODAY)
    assert list(UnitCounts.objects.exclude(day=TODAY).values_list("pk", "day")) == [(pk, None)]
    _agree(country, TODAY)
    assert counts.differences(TODAY) == []


def test_verify_catches_a_wrong_fresh_row_not_a_stale_one(country):
    """``theodoi state verify`` (``differences``) compares every fresh row, among them a unit's that
    counts nothing any more, and leaves the stale ones to the readers."""
    pk, _task = _unit_with_tasks()
    UnitCounts.objects.filter(pk=pk).update(tasks=F("tasks") + 1)
    assert [line.split(":")[0] for line in counts.differences(TODAY)] == [f"unit {pk}"]
    counts.mark([pk])
    assert counts.differences(TODAY) == []
    _agree(country, TODAY)
    idle = Unit.objects.exclude(pk__in=counts.units_counting()).exclude(kind=UnitKind.NATION).first()
    UnitCounts.objects.create(unit=idle, day=TODAY, tasks=3)
    assert [line.split(":")[0] for line in counts.differences(TODAY)] == [f"unit {idle.pk}"]
    counts.rebuild(day=TODAY)  # the daily job stores its zeros
    assert counts.differences(TODAY) == [] and UnitCounts.objects.get(pk=idle.pk).tasks == 0


def test_a_write_back_that_fails_leaves_the_rows_stale_and_the_page_whole(country, monkeypatch):
    """A lock not had (SQLite's write lock held elsewhere, ``database is locked``) or any other database
    error in the write-back: the roll-up is still the rows', the rows stay stale for the next reader."""
    pk, _task = _unit_with_tasks()
    counts.mark([pk])

    def locked(*_a, **_k):
        raise OperationalError("database is locked")

    with monkeypatch.context() as m:
        m.setattr(counts, "_store", locked)
        _agree(country, TODAY)
        assert UnitCounts.objects.get(pk=pk).day is None
    _agree(country, TODAY)
    assert UnitCounts.objects.get(pk=pk).day == TODAY


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks held by another connection: PostgreSQL")
def test_the_write_back_skips_a_row_an_open_write_holds(country):
    """A writer's transaction still open on another connection holds the row it marked: the reader's
    write-back does not wait for it (``SKIP LOCKED``) and leaves it; once that write commits its mark
    stands, and the next reader stores the counts."""
    pk, task = _unit_with_tasks()
    counts.mark([pk])
    read = {pk: UnitCounts.objects.get(pk=pk).version}
    found = counted.of_units([pk], TODAY).by_unit
    held, done = threading.Event(), threading.Event()
    failed: list[BaseException] = []

    def writer():
        try:
            with transaction.atomic():
                Task.objects.filter(pk=task.pk).update(due_date=TODAY - dt.timedelta(days=30), completed_on=None)
                counts.tasks_changed([task.pk])
                held.set()
                done.wait(30)
        except (DatabaseError, AssertionError) as exc:  # pragma: no cover - reported below
            failed.append(exc)
        finally:
            connection.close()

    th = threading.Thread(target=writer)
    th.start()
    assert held.wait(30)
    try:
        assert counts.write_back(read, found, TODAY) == 0
        assert th.is_alive() and not done.is_set()  # it returned while the write was still open
    finally:
        done.set()
        th.join(30)
    assert not failed
    row = UnitCounts.objects.get(pk=pk)
    assert row.day is None and row.version == read[pk] + 1
    _agree(country, TODAY)
    assert UnitCounts.objects.get(pk=pk).day == TODAY and counts.differences(TODAY) == []


def test_many_stale_units_are_counted_and_stored_by_chunks(country, monkeypatch):
    """Every row stale (the start of a day before the daily job, in effect): the reader counts exactly
    the units it read stale, a chunk at a time, and stores them a chunk at a time."""
    monkeypatch.setattr(counted, "CHUNK", 3)
    monkeypatch.setattr(counts, "CHUNK", 3)
    counts.mark(UnitCounts.objects.values_list("pk", flat=True))
    assert UnitCounts.objects.filter(day__isnull=True).count() > 3
    _agree(country, TODAY)
    assert not UnitCounts.objects.exclude(day=TODAY).exists() and counts.differences(TODAY) == []
