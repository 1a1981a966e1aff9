"""The national roll-up: a reader at the national level sees every province ranked, and only reads."""

from __future__ import annotations

import pytest
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
