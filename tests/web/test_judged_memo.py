"""The dashboard's judgments kept per process (each task's and target's status on a day, keyed by its
inputs with the stored summaries and series by identity; each trend keyed by all of its inputs) give
what computing them again gives: on a generated province, for a province reader and a commune's, on
any day and for a past period, after generated writes of every kind that changes a status (approvals,
returns, deletions, deadlines, completion, pauses, moves, goals, owners, figures, a plan's due day),
the page read with the memos warm is the page read with them emptied. So an approval, or a day
passing, is seen on the next request."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.installations import ON_POSTGRES
from tests.web.test_national_counts import _apply, write
from theodoi.domain import periods
from theodoi.planning.models import Task
from theodoi.planning.selectors import status as official
from theodoi.tenancy.models import Unit, User
from theodoi.web.selectors import dashboard, leader, ranking

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 20)
# The memos are this process's dicts: the engine only gives the rows they are keyed by. The PostgreSQL
# pass runs 8 examples of the property (the writes of every kind still drawn), the SQLite pass 15.
SETTINGS = settings(max_examples=8 if ON_POSTGRES else 15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def _province_of_the_module(django_db_setup, django_db_blocker):
    """The generated province loaded once for the module (it was loaded again for each test) and
    flushed after it; each test writes inside its own rolled-back transaction."""
    from django.core.management import call_command

    from theodoi.demo import benchdata

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as m:
        m.setattr(timezone, "localdate", lambda *a, **k: TODAY)
        benchdata.load(["lai-chau"], months=5, communes=2, today=TODAY, say=lambda _m: None)
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def province(_province_of_the_module, db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    unit = Unit.objects.get(slug="tinh-lai-chau")
    lead = Task.objects.filter(document__source_name="benchdata").select_related("lead_unit__parent").first().lead_unit
    return [(User.objects.get(username=f"bench.{unit.slug}.sokhcn"), unit), (User.objects.get(
        username=f"bench.{unit.slug}.sokhcn"), lead.parent or lead)]


def forget() -> None:
    official.forget_judged()
    leader.forget_trends()


def _seen(user: User, unit: Unit, day: dt.date, past: bool) -> tuple:
    """Everything the dashboard shows of ``unit`` on ``day`` (the current period, or the month before)."""
    period = periods.open_period(day)
    if past:
        period = period.previous()
    on = leader.as_of(period, day)
    d = dashboard.build(user, unit, on, through=period.end, days=leader.trend_days(period))
    ranked = [(r.unit.pk, r.score.total, r.tasks, r.targets) for r in ranking.rank(d.children, d.tasks, d.targets)]
    late = [(x.unit.pk, x.reasons, x.weight) for x in leader.late_units(d.children, d.tasks, d.targets, on)]
    card = leader.scorecard(d.children, d.targets)
    trend = leader.unit_trends(d, period, day)
    return (d.tasks, d.targets, d.task_status, d.target_status, d.overdue_groups, d.budget, d.disbursed,
            d.by_risk, d.trend_targets, ranked, late, card.columns, [(u.pk, n, c) for u, n, c in card.rows],
            trend.months, trend.series)


def _same_warm_and_fresh(readers, day: dt.date, past: bool) -> None:
    for user, unit in readers:
        warm = _seen(user, unit, day, past)
        again = _seen(user, unit, day, past)  # every judgment from the memos now
        forget()
        fresh = _seen(user, unit, day, past)
        assert warm == fresh and again == fresh


days = st.builds(lambda d: TODAY + dt.timedelta(days=d), st.integers(min_value=-60, max_value=60))


@SETTINGS
@given(writes=st.lists(write, max_size=6), day=days, past=st.booleans())
def test_the_memos_answer_what_computing_again_answers(province, writes, day, past):
    with transaction.atomic():
        _same_warm_and_fresh(province, day, past)
        for kind, i, arg in writes:
            _apply(kind, i, arg)  # the memos stay warm from the read before the write
            _same_warm_and_fresh(province, day, past)
        transaction.set_rollback(True)
    forget()


def test_a_trend_and_the_rows_are_judged_once_per_inputs(province, monkeypatch):
    """A second read judges no task and no target again (every answer from the memos), and the trend
    is not counted again; a write that changes one task's status inputs is judged anew."""
    user, unit = province[0]
    forget()
    first = _seen(user, unit, TODAY, False)
    calls = {"facts": 0, "targets": 0, "scores": 0}

    def counting(name, fn):
        def wrapped(*a, **k):
            calls[name] += 1
            return fn(*a, **k)
        return wrapped

    monkeypatch.setattr(official, "facts_of", counting("facts", official.facts_of))
    monkeypatch.setattr(official._Judged, "__init__", counting("targets", official._Judged.__init__))
    monkeypatch.setattr(leader, "_scores", counting("scores", leader._scores))
    assert _seen(user, unit, TODAY, False) == first
    assert calls == {"facts": 0, "targets": 0, "scores": 0}
    t = Task.objects.filter(lead_unit__path__startswith=unit.path, children__isnull=True,
                            run_state="active").order_by("pk").first()
    t.run_state = "paused"
    t.save()
    after = _seen(user, unit, TODAY, False)
    period = periods.open_period(TODAY)
    judged_on = {leader.as_of(period, TODAY)} | {min(e, TODAY) for e in leader.trend_days(period)}
    assert calls["facts"] == len(judged_on) and calls["scores"] == 1  # that task, on each of those days once
    row = next(r for r in after[0] if r["_pk"] == t.pk)
    assert row["status_code"] == "tam_dung"
    forget()
    assert _seen(user, unit, TODAY, False) == after


def test_numbers_written_apart_are_judged_apart():
    """The memo's key holds a target's numbers as written: 5 and 5.0 are equal but print apart."""
    from types import SimpleNamespace

    doc = SimpleNamespace(period_start=2026, period_end=2030, issued_date=dt.date(2026, 1, 1))
    pts = [(dt.date(2026, 1, 14), Decimal(1))]

    def target(baseline):
        return SimpleNamespace(indicator=None, unit_of_measure="", comparator=">=", value=Decimal(10),
                               value_max=None, deadline=None, deadline_year=2030, baseline=baseline,
                               baseline_year=None, document=doc, document_id=1, is_ratio=False)

    assert official.judged_key(target(Decimal(5)), pts) != official.judged_key(target(Decimal("5.0")), pts)
    assert official.judged_key(target(Decimal(5)), pts) == official.judged_key(target(Decimal(5)), pts)
    assert official.judged_key(target(Decimal(5)), pts) != official.judged_key(target(Decimal(5)), list(pts))


def test_a_plan_deleted_while_the_light_objects_are_read(province, monkeypatch):
    """The light tasks and targets are read in two steps (their columns, then their plans): a plan
    deleted in between takes its tasks and targets with it, and the others are read whole."""
    from theodoi.planning.models import Document
    from theodoi.web.selectors import targets, tasks

    user, unit = province[0]
    tq = tasks.task_queryset(user).filter(lead_unit__path__startswith=unit.path, children__isnull=True)
    gq = targets.of_unit(targets.target_queryset(user), unit)
    before_tasks, before_targets = tasks.light_tasks(tq), targets.light_targets(gq)
    real = Document.objects.only
    victims: list[int] = []  # the plan the next read of the plans deletes first

    def only(*fields):
        if victims:
            Document.objects.get(pk=victims.pop()).delete()
        return real(*fields)

    monkeypatch.setattr(Document.objects, "only", only)
    plan = before_tasks[0].document_id
    victims.append(plan)
    after = tasks.light_tasks(tq)
    assert [t.pk for t in after] == [t.pk for t in before_tasks if t.document_id != plan]
    assert len(after) < len(before_tasks) and all(t.document.pk == t.document_id for t in after)
    before_targets = [t for t in before_targets if t.document_id != plan]  # deleted with the plan
    plan = before_targets[0].document_id
    victims.append(plan)
    after_targets = targets.light_targets(gq)
    assert [t.pk for t in after_targets] == [t.pk for t in before_targets if t.document_id != plan]
    assert len(after_targets) < len(before_targets)
