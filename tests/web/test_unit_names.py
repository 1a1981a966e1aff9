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
    assert names == {"Phòng Văn hóa - Xã hội – Xã An Bình", "Phòng Văn hóa - Xã hội – Xã Bình Yên"}
    assert len(group_by_lead(rows)) == 2
    states = unit_completeness(world.lai_chau, "2026-05").rows
    assert {s.name for s in states} >= {"Phòng Văn hóa - Xã hội – Xã An Bình", "Phòng Văn hóa - Xã hội – Xã Bình Yên"}
