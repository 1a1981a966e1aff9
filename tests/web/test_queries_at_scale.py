"""The province's pages run the same number of queries whatever the number of communes, tasks,
updates and figures below it: counted (never timed) on a generated province of one commune, then
of four, each with its plan of 20 targets and 30 tasks and months of history (``benchdata``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.demo import benchdata
from theodoi.planning.models import Task
from theodoi.planning.services.state import differences
from theodoi.tenancy.models import Unit, User

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 20)


def _counts(client, unit: Unit) -> dict[str, int]:
    pages = {
        "dashboard": reverse("dashboard_unit", args=[unit.slug]),
        # a past month: every task's status cut at its end from the stored sent updates
        "dashboard of a past month": reverse("dashboard_unit", args=[unit.slug]) + "?period=2026-04",
        "tasks": reverse("task_list"), "tasks overdue": reverse("task_list") + "?overdue=on",
        "tasks page 2": reverse("task_list") + "?page=2",
        "targets": reverse("target_list"), "targets of the province": reverse("target_list") + f"?unit={unit.slug}",
        "warnings": reverse("warnings"),
    }
    out = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url  # the first read fills the per-process caches
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        out[name] = len(q.captured_queries)
    return out


def test_queries_per_page_do_not_grow_with_the_province(client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    benchdata.load(["lai-chau"], months=4, communes=1, today=TODAY, say=lambda _m: None)
    province = Unit.objects.get(slug="tinh-lai-chau")
    client.force_login(User.objects.get(username=f"bench.{province.slug}.sokhcn"))
    bench = Task.objects.filter(document__source_name="benchdata")
    assert bench.count() == 30
    small = _counts(client, province)
    benchdata.load(["lai-chau"], months=4, communes=4, today=TODAY, say=lambda _m: None)  # three more communes
    assert differences() == [] and bench.count() == 4 * 30
    large = _counts(client, province)
    assert large == small


def test_the_dashboards_completeness_counts_are_the_obligations_counted(monkeypatch):
    """The dashboard's panel counts each unit's states from ids and states only: the same rows,
    counts and order as the obligations themselves, for the open month and months before it."""
    from django.utils import timezone

    from theodoi.planning.models import ProgressUpdate
    from theodoi.planning.selectors.completeness import unit_completeness

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    benchdata.load(["lai-chau"], months=4, communes=2, today=TODAY, say=lambda _m: None)
    ProgressUpdate.objects.filter(pk=ProgressUpdate.objects.filter(state="approved").first().pk).update(state="draft")
    province = Unit.objects.get(slug="tinh-lai-chau")
    for month in ("2026-03", "2026-05", "2026-06", "2026-07"):
        full = unit_completeness(province, month)
        light = unit_completeness(province, month, items=False)
        assert full.rows, month
        assert [(r.unit.pk, r.counts) for r in light.rows] == [(r.unit.pk, r.counts) for r in full.rows], month
        assert (light.sent, light.expected, [r.slug for r in light.missing]) == (
            full.sent, full.expected, [r.slug for r in full.missing])
