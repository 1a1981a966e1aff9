"""Lists a unit's people open (warnings, overdue, completeness, "6 rõ", tasks, targets) show their own
unit's subtree by default, say so, and widen to everything they may read with one link (``?all=1``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from theodoi.planning.models import DocStatus, DocType, Document, Task
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind

pytestmark = pytest.mark.django_db

LISTS = ["warnings", "overdue", "six_clear", "task_list", "completeness"]


@pytest.fixture
def national_task(world):
    """An overdue task of a national plan without a lead unit or a person: readable by every unit,
    none of theirs."""
    nation = Unit.objects.create(slug="trung-uong", name="Trung ương", kind=UnitKind.NATION)
    plan = Document.objects.create(doc_type=DocType.NGHI_QUYET, number="03/NQ-CP", issuer=nation,
                                   title="Chương trình hành động của Chính phủ", status=DocStatus.ACTIVE,
                                   issued_date=dt.date(2026, 1, 5))
    return Task.objects.create(document=plan, code="1", title="Hoàn thiện thể chế về dữ liệu quốc gia",
                               lead_unit=nation, due_date=dt.date(2026, 3, 31))


@pytest.fixture
def commune_leader(world, django_user_model):
    user = django_user_model.objects.create_user(username="chutich_a", password=world.password)
    Membership.objects.create(user=user, unit=world.xa_a, role=Role.LEADER)
    return user


def _page(client, name, query=""):
    resp = client.get(reverse(name) + query)
    assert resp.status_code == 200, (name, resp.status_code)
    return resp.content.decode()


@pytest.mark.parametrize("who, own", [("officer", "vhxh"), ("admin", "xa_a"), ("commune_leader", "xa_a"),
                                      ("reader", "lai_chau")])
def test_each_list_opens_on_the_persons_own_units(login, world, national_task, commune_leader, who, own):
    user = commune_leader if who == "commune_leader" else getattr(world, who)
    unit = getattr(world, own)
    client = login(user)
    from theodoi.planning.selectors.texts import unit_label

    for name in LISTS:
        page = _page(client, name)
        assert f"Của đơn vị bạn: {unit_label(unit)}." in page, name
        assert 'href="?all=1"' in page, name
        if name != "completeness":  # the national task is not the person's, even for the province
            assert national_task.title not in page, name
    # the commune's own work is in its people's lists, the national task only when widened
    overdue = _page(client, "overdue")
    assert world.task.title in overdue
    assert national_task.title in _page(client, "overdue", "?all=1")
    assert national_task.title in _page(client, "warnings", "?all=1")
    assert national_task.title in _page(client, "task_list", "?all=1")
    # the downloads of a page opened on the person's unit hold what the page shows
    assert f"?unit={unit.slug}&amp;format=csv" in overdue


def test_the_completeness_page_widens_to_the_highest_unit_read(login, world, progress):
    client = login(world.officer)
    own = _page(client, "completeness")
    assert "Đơn vị: Phòng Văn hóa - Xã hội" in own
    assert world.vhxh.slug in own
    widened = _page(client, "completeness", "?all=1")
    assert "Của đơn vị bạn" not in widened
    province = _page(login(world.reader), "completeness")
    assert "Đơn vị: Tỉnh Lai Châu." in province and "Của đơn vị bạn: Tỉnh Lai Châu." in province


def test_an_asked_unit_or_filter_is_never_replaced(login, world, national_task):
    client = login(world.reader)
    page = _page(client, "warnings", f"?unit={world.xa_b.slug}")
    assert "Của đơn vị bạn" not in page and world.task.title not in page
    rows = client.get(reverse("overdue") + "?format=json").json()["results"]
    assert {r["title"] for r in rows} >= {world.task.title, national_task.title}  # exports never narrowed
