"""The task and target lists judge only what a filter needs: without a filter on the status, the
ids come in their order from SQL and only the page's rows are judged. Whatever the filters, the
keys (the rows, in order) and the totals are those of the whole rows filtered as before (``tasks``,
``targets``, ``money_totals``): on a generated province, for readers at the province, at a commune
and at an office, after generated writes of every kind that changes a status, a disbursement or
who reads what (``test_national_counts``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.test_national_counts import _apply, write
from theodoi.domain.status import TargetStatus, TaskStatus
from theodoi.planning.models import Task
from theodoi.tenancy.models import Membership, Role, Unit, User
from theodoi.web.selectors.targets import target_list_rows, targets
from theodoi.web.selectors.tasks import TaskFilter, money_totals, task_list_rows, tasks

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 20)
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def province(monkeypatch):
    from theodoi.demo import benchdata

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    benchdata.load(["lai-chau"], months=5, communes=2, today=TODAY, say=lambda _m: None)
    unit = Unit.objects.get(slug="tinh-lai-chau")
    reader = User.objects.get(username=f"bench.{unit.slug}.sokhcn")
    lead = Task.objects.filter(document__source_name="benchdata").select_related("lead_unit__parent").first().lead_unit
    officer = Membership.objects.filter(unit=lead, role=Role.OFFICER).select_related("user").first().user
    return {"readers": [reader, officer], "units": [None, unit, lead.parent or lead, lead]}


def _same_task_lists(readers, units, q: str, status: str, overdue: bool, funded: bool) -> None:
    for user in readers:
        for unit in units:
            f = TaskFilter(q=q, lead=unit, status=status, overdue=overdue, funded=funded)
            rows, totals = task_list_rows(user, f, TODAY)
            whole = tasks(user, f, TODAY)
            assert rows.keys == [r["_pk"] for r in whole]
            assert totals == money_totals(whole)
            assert [r["_pk"] for r in rows[:3]] == rows.keys[:3]  # the page's rows are those keys' rows


def _same_target_lists(readers, units, q: str, status: str) -> None:
    for user in readers:
        for unit in units:
            keys = target_list_rows(user, q=q, status=status, unit=unit, today=TODAY).keys
            assert keys == [r["_pk"] for r in targets(user, q=q, status=status, unit=unit, today=TODAY)]


task_codes = st.sampled_from(["", *(c.value for c in TaskStatus)])
target_codes = st.sampled_from(["", *(c.value for c in TargetStatus)])
words = st.sampled_from(["", "chuyen doi so", "1", "zzz"])


@SETTINGS
@given(writes=st.lists(write, max_size=4), q=words, status=task_codes, target_status=target_codes,
       overdue=st.booleans(), funded=st.booleans())
def test_the_lists_keys_and_totals_are_the_whole_rows_filtered(province, writes, q, status, target_status,
                                                                overdue, funded):
    with transaction.atomic():
        for kind, i, arg in [("none", 0, None), *writes]:
            if kind != "none":
                _apply(kind, i, arg)
            _same_task_lists(province["readers"], province["units"], q, status, overdue, funded)
            _same_task_lists(province["readers"], province["units"], q, "", False, funded)  # no status read
            _same_target_lists(province["readers"], province["units"], q, target_status)
            _same_target_lists(province["readers"], province["units"], q, "")
        transaction.set_rollback(True)


def test_without_a_status_filter_only_the_page_is_judged(province, monkeypatch):
    """The unfiltered lists judge the rows of the page read, not every task or target of the list."""
    from theodoi.planning.selectors import status as official

    judged = {"tasks": 0, "targets": 0}

    def counting(name, fn):
        def wrapped(rows, *a, **k):
            rows = list(rows)
            judged[name] += len(rows)
            return fn(rows, *a, **k)
        return wrapped

    monkeypatch.setattr(official, "task_rows", counting("tasks", official.task_rows))
    monkeypatch.setattr(official, "target_rows", counting("targets", official.target_rows))
    user, unit = province["readers"][0], province["units"][1]
    rows, _totals = task_list_rows(user, TaskFilter(lead=unit), TODAY)
    listed = target_list_rows(user, unit=unit, today=TODAY)
    assert len(rows) > 5 and len(listed) > 5 and judged == {"tasks": 0, "targets": 0}
    rows[:5], listed[:5]  # noqa: B018  (a page read: its rows built)
    assert judged == {"tasks": 5, "targets": 5}
    task_list_rows(user, TaskFilter(lead=unit, overdue=True), TODAY)
    assert judged["tasks"] == 5 + len(rows)  # a filter on the status judges every task of the list
