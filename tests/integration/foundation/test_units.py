"""The unit tree: paths, subtrees, moves, history and successors."""

import datetime as dt

import pytest

from theodoi.tenancy.models import Unit, UnitCode, UnitKind


@pytest.fixture
def tree(db):
    p = Unit.objects.create(slug="p", name="Tỉnh P", kind=UnitKind.PROVINCE)
    a = Unit.objects.create(slug="a", name="Xã A", kind=UnitKind.COMMUNE, parent=p)
    b = Unit.objects.create(slug="b", name="Xã B", kind=UnitKind.COMMUNE, parent=p)
    office = Unit.objects.create(slug="a-o", name="Phòng Kinh tế", kind=UnitKind.OFFICE, parent=a)
    return p, a, b, office


def test_paths_and_subtree(tree):
    p, a, b, office = tree
    assert office.path == f"/{p.pk}/{a.pk}/{office.pk}/"
    assert office.depth == 2
    assert set(p.subtree()) == {p, a, b, office}
    assert set(a.subtree()) == {a, office}
    assert list(office.ancestors()) == [p, a]
    assert office.province() == p


def test_moving_a_unit_moves_its_subtree(tree):
    p, a, b, office = tree
    a.parent = b
    a.save()
    office.refresh_from_db()
    assert office.path == f"/{p.pk}/{b.pk}/{a.pk}/{office.pk}/"
    assert office.depth == 3
    assert set(b.subtree()) == {b, a, office}


def test_a_unit_cannot_be_put_under_itself(tree):
    p, a, b, office = tree
    a.parent = office
    with pytest.raises(ValueError):
        a.save()


def test_history_codes_reused_and_successors(tree):
    p, a, b, _ = tree
    old = Unit.objects.create(slug="old", name="Thị trấn Cũ", kind=UnitKind.COMMUNE, parent=p,
                              valid_to=dt.date(2025, 6, 30))
    UnitCode.objects.create(unit=old, code="03390", valid_to=dt.date(2025, 6, 30))
    UnitCode.objects.create(unit=a, code="03390", valid_from=dt.date(2025, 7, 1))
    old.successors.add(a)
    assert list(a.predecessors.all()) == [old]
    assert not old.is_active_on(dt.date(2025, 7, 1))
    assert old.is_active_on(dt.date(2025, 6, 30))
    existing = Unit.objects.existing_on(dt.date(2025, 7, 2))
    assert old not in existing and a in existing
    holders = {c.unit for c in UnitCode.objects.filter(code="03390")}
    assert holders == {old, a}
