"""``field__any=ids`` (``storage.lookups``) gives the rows ``field__in=ids`` gives, on either engine: on
primary keys, foreign keys and a one-to-one primary key, for any ids (some missing, repeated, none), and
as one parameter on PostgreSQL. Also the WSGI process: loaded and settled (``wsgi.settle``)."""

from __future__ import annotations

import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.tenancy.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    root = Unit.objects.create(slug="tinh-any", name="Tỉnh Any", kind="province")
    return [root] + [Unit.objects.create(slug=f"xa-any-{i}", name=f"Xã {i}", kind="commune", parent=root)
                     for i in range(6)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=-2, max_value=8), max_size=12),
       missing=st.one_of(st.integers(10**6, 10**9), st.integers(-(2**63), 2**63 - 1)))
def test_any_is_in(units, picks, missing):
    pks = [units[i].pk if 0 <= i < len(units) else missing for i in picks]
    for field in ("pk", "parent_id", "parent"):
        want = set(Unit.objects.filter(**{f"{field}__in": pks}).values_list("pk", flat=True))
        got = list(Unit.objects.filter(**{f"{field}__any": pks}).values_list("pk", flat=True))
        assert len(got) == len(set(got)) and set(got) == want, field
        # combined with other filters and excluded
        def outside(lookup, field=field):
            return set(Unit.objects.exclude(**{f"{field}__{lookup}": pks}).filter(slug__contains="any")
                       .values_list("pk", flat=True))

        assert outside("any") == outside("in")


def test_one_to_one_keys_and_one_parameter(units):
    from theodoi.planning.models import TaskState

    ids = [1, 2, 3]
    assert list(TaskState.objects.filter(task_id__any=ids)) == list(TaskState.objects.filter(task_id__in=ids))
    with CaptureQueriesContext(connection) as q:
        assert len(list(Unit.objects.filter(pk__any=[u.pk for u in units]))) == len(units)
    if connection.vendor == "postgresql":
        assert "= ANY(" in q.captured_queries[0]["sql"]
        # the array as one text parameter, cast by the server: the extreme keys too
        ends = [-(2**63), 2**63 - 1, 0]
        assert list(Unit.objects.filter(pk__any=ends)) == []
        assert list(Unit.objects.filter(pk__any=[units[0].pk, units[0].pk])) == [units[0]]


def test_the_served_process_is_settled():
    import theodoi.wsgi  # settles on import, as ``theodoi serve``'s workers load it

    assert callable(theodoi.wsgi.application)
    gc.unfreeze()
    theodoi.wsgi.settle()
    assert gc.get_freeze_count() > 0  # what the process loaded is out of the collector's generations
    gc.unfreeze()  # the test process goes on as it was
