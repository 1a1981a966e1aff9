"""A unit whose name repeats in every commune is named with its commune wherever units are listed."""

from __future__ import annotations

import datetime as dt

import pytest

from theodoi.planning.selectors.completeness import unit_completeness
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.web.selectors.tasks import group_by_lead, task_queryset, task_rows

pytestmark = pytest.mark.django_db


def test_same_named_offices_of_two_communes_are_told_apart(world):
    from theodoi.planning.models import Task

    b_vhxh = Unit.objects.create(slug="xa-b-vhxh", name="Phòng Văn hóa - Xã hội", kind=UnitKind.OFFICE,
                                 parent=world.xa_b)
    Task.objects.create(document=world.plan, code="III.3", title="Tập huấn kỹ năng số", lead_unit=b_vhxh,
                        due_date=dt.date(2026, 9, 30))
    rows = task_rows(world.superuser, task_queryset(world.superuser), dt.date(2026, 5, 20))
    names = {r["lead_unit"] for r in rows}
    assert names == {"Phòng Văn hóa - Xã hội xã An Bình", "Phòng Văn hóa - Xã hội xã Bình Yên"}
    assert len(group_by_lead(rows)) == 2
    states = unit_completeness(world.lai_chau, "2026-05").rows
    assert {s.name for s in states} >= {"Phòng Văn hóa - Xã hội xã An Bình", "Phòng Văn hóa - Xã hội xã Bình Yên"}


def test_a_name_two_units_share_is_qualified_and_the_abolished_one_keeps_its_old_area(world):
    from theodoi.planning.selectors.texts import unit_label

    huyen = Unit.objects.create(slug="huyen-x", name="Huyện Tam Đường", kind=UnitKind.DISTRICT, parent=world.lai_chau,
                                valid_to=dt.date(2025, 6, 30))
    old = Unit.objects.create(slug="xa-a-cu", name="Xã An Bình", kind=UnitKind.COMMUNE, parent=huyen,
                              valid_to=dt.date(2025, 6, 30))
    world.xa_a.refresh_from_db()
    assert unit_label(old) == "Xã An Bình, huyện Tam Đường"
    assert unit_label(world.xa_a) == "Xã An Bình"  # the commune of today keeps its name
    # two units existing today with one name are both qualified
    twin = Unit.objects.create(slug="xa-a-2", name="Xã An Bình", kind=UnitKind.COMMUNE, parent=world.dien_bien)
    assert {unit_label(world.xa_a), unit_label(twin)} == {"Xã An Bình, tỉnh Lai Châu", "Xã An Bình, tỉnh Điện Biên"}
    # a body of a Party committee, whatever the others
    party = Unit.objects.create(slug="dang-uy-a", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY, parent=world.xa_a)
    ubkt = Unit.objects.create(slug="ubkt-a", name="Ủy ban Kiểm tra Đảng ủy", kind=UnitKind.PARTY, parent=party)
    assert unit_label(ubkt) == "Ủy ban Kiểm tra Đảng ủy xã An Bình"
    assert unit_label(party) == "Đảng ủy xã An Bình"
