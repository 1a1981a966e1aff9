"""The national roll-up: a reader at the national level sees every province ranked, and only reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.tenancy.models import Membership, Role, Unit, UnitKind
from theodoi.tenancy.permissions import can, is_national_reader, restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(world, django_user_model):
    nation = Unit.objects.create(slug="trung-uong", name="Trung ương", kind=UnitKind.NATION)
    ministry = Unit.objects.create(slug="bo-khcn", name="Bộ Khoa học và Công nghệ", kind=UnitKind.MINISTRY,
                                   parent=nation)
    user = django_user_model.objects.create_user(username="bokhcn", password=world.password,
                                                 full_name="Chuyên viên Bộ KH&CN")
    Membership.objects.create(user=user, unit=ministry, role=Role.READER)
    officer = django_user_model.objects.create_user(username="bo_officer", password=world.password)
    Membership.objects.create(user=officer, unit=ministry, role=Role.OFFICER)
    return user, officer


def test_the_national_reader_sees_every_province_ranked(login, world, national, progress):
    reader, _officer = national
    html = login(reader).get(reverse("national")).content.decode()
    assert "Toàn quốc: các tỉnh, thành phố" in html and "1 trên 2 tỉnh, thành phố" in html
    ranking = html.split("Xếp hạng tỉnh, thành phố", 1)[1].split("Chưa có dữ liệu", 1)[0]
    assert "Tỉnh Lai Châu" in ranking and "Tỉnh Điện Biên" not in ranking  # Lai Châu has the tasks
    assert reverse("dashboard_unit", args=["lai-chau"]) in ranking  # drills down to its communes
    assert "Tỉnh Điện Biên" in html.split("Chưa có dữ liệu", 1)[1]
    assert 'href="/national/"' in html  # in the navigation
    # the province's dashboard, reached from here, ranks its communes
    assert "Xã An Bình" in login(reader).get(reverse("dashboard_unit", args=["lai-chau"])).content.decode()


def test_reading_the_country_is_reading_only(world, national):
    reader, officer = national
    assert is_national_reader(reader) and not is_national_reader(officer) and not is_national_reader(world.reader)
    assert can(reader, "view", world.task) and can(reader, "view", world.xa_c)
    for action in ("report", "approve", "manage"):
        assert not can(reader, action, world.task)
    assert not restrict(type(world.task).objects.all(), officer, "view").filter(pk=world.task.pk).exists()


def test_others_may_not_open_the_national_page(login, world, national):
    _reader, officer = national
    for user in (world.reader, world.officer, officer):
        resp = login(user).get(reverse("national"))
        assert resp.status_code == 403
        assert 'href="/national/"' not in login(user).get(reverse("home")).content.decode()


TODAY = dt.date(2026, 6, 20)


def _national_queries(client) -> tuple[int, str]:
    assert client.get(reverse("national")).status_code == 200  # the first read fills the per-process caches
    with CaptureQueriesContext(connection) as q:
        html = client.get(reverse("national")).content.decode()
    return len(q.captured_queries), html


def test_the_roll_up_reads_the_same_number_of_queries_whatever_the_country(client, django_user_model, monkeypatch):
    """Counted (never timed) on generated provinces (``benchdata``): one province of one commune,
    then three provinces of three communes each, every commune a plan of 20 targets and 30 tasks."""
    from django.utils import timezone

    from theodoi.demo import benchdata

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    benchdata.load(["lai-chau"], months=4, communes=1, today=TODAY, say=lambda _m: None)
    reader = django_user_model.objects.create_user(username="bo.reader", full_name="Chuyên viên Bộ KH&CN")
    Membership.objects.create(user=reader, unit=Unit.objects.get(slug="bo-khcn"), role=Role.READER)
    client.force_login(reader)
    small, html = _national_queries(client)
    assert "1 trên 34 tỉnh, thành phố" in html
    benchdata.load(["lai-chau", "ha-noi", "cao-bang"], months=4, communes=3, today=TODAY, say=lambda _m: None)
    large, html = _national_queries(client)
    assert "3 trên 34 tỉnh, thành phố" in html and "Nhiệm vụ: 270" in html
    assert large == small


def test_the_roll_up_scores_each_province_as_its_own_dashboard_ranks_it(django_user_model, monkeypatch):
    """The province's score on the national page is the one ``ranking.rank`` gives it from the
    dashboard's full task and target rows (the light pass reads less, never differently)."""
    from django.utils import timezone

    from theodoi.demo import benchdata
    from theodoi.web.selectors import national, ranking
    from theodoi.web.selectors.targets import target_queryset, target_rows
    from theodoi.web.selectors.tasks import task_queryset, task_rows

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    benchdata.load(["lai-chau", "cao-bang"], months=5, communes=2, today=TODAY, say=lambda _m: None)
    reader = django_user_model.objects.create_user(username="bo.reader2")
    Membership.objects.create(user=reader, unit=Unit.objects.get(slug="bo-khcn"), role=Role.READER)
    r = national.rollup(reader, TODAY)
    assert len(r.ranked) == 2 and r.tasks == 2 * 2 * 30 and r.targets == 2 * 2 * 20
    for got in r.ranked:
        want = ranking.rank([got.unit], task_rows(reader, task_queryset(reader).filter(
            lead_unit__path__startswith=got.unit.path), TODAY), target_rows(reader, target_queryset(reader), TODAY))
        assert [(w.unit, w.score.total, w.tasks, w.targets) for w in want] == [
            (got.unit, got.score.total, got.tasks, got.targets)]
    assert r.overdue == sum(1 for row in task_rows(reader, task_queryset(reader), TODAY) if row["overdue"])
