"""The dashboard's light rows are the lists' rows without their links and plan names: on a generated
province (``benchdata``: communes with months of history in every state), for readers at every level,
on any day and for any past period, every key a light row has holds the whole row's value, and the
whole rows of the targets the page shows in full are those of the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.demo import benchdata
from theodoi.planning.models import Measurement, Target, Task
from theodoi.tenancy.models import Unit, User
from theodoi.web.selectors import dashboard, targets, tasks

TODAY = dt.date(2026, 6, 20)
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
days = st.builds(lambda d: dt.date(2026, 1, 10) + dt.timedelta(days=d), st.integers(min_value=0, max_value=200))


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """Two generated communes under Lai Châu, a few tasks paused, stopped or done by hand."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        benchdata.load(["lai-chau"], months=5, communes=2, today=TODAY, say=lambda _m: None)
        User.objects.create_superuser("light-admin", "light@example.org", "x")
        bench = list(Task.objects.filter(document__source_name="benchdata").order_by("pk")
                     .values_list("pk", flat=True))
        Task.objects.filter(pk=bench[0]).update(run_state="paused")
        Task.objects.filter(pk=bench[1]).update(run_state="stopped")
        Task.objects.filter(pk=bench[2]).update(completed_on=dt.date(2026, 3, 1))
        Task.objects.filter(pk=bench[3]).update(recurrence="continuous")
        yield Unit.objects.get(slug="tinh-lai-chau")
        call_command("flush", interactive=False, verbosity=0)


def _readers(province: Unit) -> list[tuple[User, Unit]]:
    lead = Task.objects.filter(document__source_name="benchdata").select_related("lead_unit__parent").first().lead_unit
    commune = lead.parent or lead  # an office's commune
    return [(User.objects.get(username=f"bench.{province.slug}.sokhcn"), province),
            (User.objects.get(username="light-admin"), province), (User.objects.get(username="light-admin"), commune)]


def _same(light: list[dict], whole: list[dict], heavy: tuple[str, ...]) -> None:
    assert light and [r["_pk"] for r in light] == [r["_pk"] for r in whole]
    for a, b in zip(light, whole, strict=True):
        assert set(a) == set(b) - set(heavy)
        assert a == {k: b[k] for k in a}


@pytest.mark.django_db
@SETTINGS
@given(day=days, past=st.booleans())
def test_light_task_and_target_rows_are_the_lists_rows_without_links(province, day, past):
    through = day - dt.timedelta(days=40) if past else None
    for user, unit in _readers(province):
        tq = tasks.task_queryset(user).filter(lead_unit__path__startswith=unit.path, children__isnull=True)
        _same(tasks.task_light_rows(user, tasks.light_tasks(tq), day, through),
              tasks.task_rows(user, tq, day, through), tasks.HEAVY_KEYS)
        gq = targets.of_unit(targets.target_queryset(user), unit)
        light = targets.target_light_rows(targets.light_targets(gq), day, unit)
        whole = targets.target_rows(user, gq, day, unit)
        _same(light, whole, targets.HEAVY_KEYS)
        # the dashboard lists in full the first targets by risk and those with the longest series
        board = dashboard.build(user, unit, day, through=through)
        assert board.targets == light
        assert board.by_risk == dashboard.by_risk(whole)[:dashboard.RISK_SHOWN]
        assert board.trend_targets == dashboard.longest_series(whole)


@pytest.mark.django_db
def test_a_target_without_stored_state_reads_alike(province):
    """A target whose stored state is missing (written around the services) is combined from its
    figures, in the light rows as in the whole ones."""
    from theodoi.planning.models import TargetState

    user = User.objects.get(username="light-admin")
    figures = Measurement.objects.filter(state="approved", target__document__source_name="benchdata")
    gone = Target.objects.get(pk=figures.values_list("target_id", flat=True).first())
    TargetState.objects.filter(target=gone).delete()
    gq = targets.of_unit(targets.target_queryset(user), province)
    light = targets.target_light_rows(targets.light_targets(gq), TODAY, province)
    _same(light, targets.target_rows(user, gq, TODAY, province), targets.HEAVY_KEYS)
    assert any(r["_pk"] == gone.pk and r["latest_value"] is not None for r in light)


@pytest.mark.django_db
@SETTINGS
@given(first=st.builds(lambda d: dt.date(2026, 3, 20) + dt.timedelta(days=d), st.integers(min_value=0, max_value=99)),
       gaps=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=6))
def test_the_trends_target_codes_are_the_rows_codes(province, first, gaps):
    """``status.target_codes`` on several days is the code of ``status.target_rows`` on each, with the
    stored series and, for a target without one, its figures."""
    from theodoi.planning.models import TargetState
    from theodoi.planning.selectors import status as official

    user = User.objects.get(username="light-admin")
    goals = targets.light_targets(targets.of_unit(targets.target_queryset(user), province))
    stored = official.stored_series(goals)
    with_figures = set(TargetState.objects.exclude(series=[]).values_list("target", flat=True))
    for t in [g for g in goals if g.pk in with_figures][:3]:
        stored.pop(t.pk)  # read from its figures
    ends = [first]
    for gap in gaps:
        ends.append(ends[-1] + dt.timedelta(days=gap))
    codes = official.target_codes(goals, ends, stored=stored)
    assert codes == [[r.code for r in official.target_rows(goals, day, stored=stored)] for day in ends]
    assert any(c != "chua_co_so_lieu" for day in codes for c in day)  # figures are judged
