"""``warnings_head``: the count and the first warnings of ``compute_warnings``, read from the stored set
with a count and a limit in SQL, are those of the whole list, for readers at every level, any number
asked for, and on a day whose warnings are not stored (computed live)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.demo import benchdata
from theodoi.planning.models import StoredWarning
from theodoi.planning.selectors.warnings import (
    compute_warnings,
    forget_stored_day,
    listed_warnings,
    stored_day,
    warnings_head,
)
from theodoi.tenancy.models import Unit, User

TODAY = dt.date(2026, 6, 20)
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    with django_db_blocker.unblock(), _today(TODAY):
        forget_stored_day()
        benchdata.load(["lai-chau"], months=5, communes=2, today=TODAY, say=lambda _m: None)
        User.objects.create_superuser("head-admin", "head@example.org", "x")
        yield Unit.objects.get(slug="tinh-lai-chau")
        call_command("flush", interactive=False, verbosity=0)
        forget_stored_day()


def _cases(province: Unit) -> list[tuple[User | None, Unit | None]]:
    units = list(Unit.objects.filter(path__startswith=province.path, depth__lte=province.depth + 2).order_by("path"))
    admin, reader = User.objects.get(username="head-admin"), User.objects.get(username=f"bench.{province.slug}.sokhcn")
    return [(None, None), (admin, province), (reader, province), *((reader, u) for u in units[1:6]),
            *((admin, u) for u in units[6:9])]


def _key(w):
    return (w.code, w.unit_id if hasattr(w, "unit_id") else (w.unit.pk if w.unit else None),
            w.task.pk if w.task else None, w.target.pk if w.target is not None else None,
            w.update.pk if w.update else None, w.measurement.pk if w.measurement else None, w.reason)


@pytest.mark.django_db
@SETTINGS
@given(first=st.one_of(st.integers(min_value=0, max_value=12), st.just(10_000)), case=st.integers(min_value=0))
def test_the_head_is_the_first_of_the_whole_list(province, first, case):
    with _today(TODAY):
        assert stored_day() == TODAY and StoredWarning.objects.filter(day=TODAY).count() > 10
        cases = _cases(province)
        user, unit = cases[case % len(cases)]
        whole = compute_warnings(TODAY, user=user, unit=unit)
        n, head = warnings_head(TODAY, user=user, unit=unit, first=first)
        assert n == len(whole)
        assert [_key(w) for w in head] == [_key(w) for w in whole[:first]]


@pytest.mark.django_db
@SETTINGS
@given(case=st.integers(min_value=0), pick=st.integers(min_value=0), start=st.integers(min_value=0, max_value=40),
       size=st.integers(min_value=0, max_value=60), later=st.booleans())
def test_the_listed_warnings_are_the_whole_list_shown_a_page_at_a_time(province, case, pick, start, size, later):
    """The warnings page's keys and rows (``listed_warnings``: ids sorted in SQL, rows built for the page
    shown) are ``compute_warnings`` with its code filter, in its order, on a stored day and a live one."""
    day = TODAY + dt.timedelta(days=1) if later else TODAY
    with _today(day):
        cases = _cases(province)
        user, unit = cases[case % len(cases)]
        whole = compute_warnings(day, user=user, unit=unit)
        codes = sorted({w.code for w in whole}) + [""]
        code = codes[pick % len(codes)]
        want = [_key(w) for w in whole if not code or w.code == code]
        keys, build = listed_warnings(day, user=user, unit=unit, code=code)
        assert len(keys) == len(want)
        assert [_key(w) for w in build(keys)] == want
        assert [_key(w) for w in build(keys[start:start + size])] == want[start:start + size]


@pytest.mark.django_db
def test_a_day_not_stored_is_computed_live_alike(province):
    day = TODAY + dt.timedelta(days=1)
    with _today(day):
        user = User.objects.get(username=f"bench.{province.slug}.sokhcn")
        whole = compute_warnings(day, user=user, unit=province)
        n, head = warnings_head(day, user=user, unit=province, first=10)
        assert whole and n == len(whole) and [_key(w) for w in head] == [_key(w) for w in whole[:10]]


def _today(day: dt.date):
    from unittest import mock

    return mock.patch("django.utils.timezone.localdate", return_value=day)
