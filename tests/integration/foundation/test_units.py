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


def test_units_command_prints_the_tree_in_the_order_people_expect(db):
    import io
    import json

    from django.core.management import call_command

    # created out of order: the database ids say nothing about the order to print
    p2 = Unit.objects.create(slug="tinh-b", name="Tỉnh B", kind=UnitKind.PROVINCE)
    centre = Unit.objects.create(slug="trung-uong", name="Trung ương", kind=UnitKind.NATION)
    p1 = Unit.objects.create(slug="tinh-a", name="Tỉnh A", kind=UnitKind.PROVINCE)
    UnitCode.objects.create(unit=p1, code="01")
    UnitCode.objects.create(unit=p2, code="12")
    for i in range(12, 0, -1):  # ids 10, 11, 12 sort before 2 as text
        Unit.objects.create(slug=f"xa-{i:02d}", name=f"Xã {i:02d}", kind=UnitKind.COMMUNE, parent=p1)
    Unit.objects.create(slug="tinh-a-so", name="Sở Nội vụ", kind=UnitKind.AGENCY, parent=p1)
    old = Unit.objects.create(slug="cu", name="Xã Cũ", kind=UnitKind.COMMUNE, parent=p1,
                              valid_to=dt.date(2025, 6, 30))
    out = io.StringIO()
    call_command("units", stdout=out)
    lines = [line.split()[0] for line in out.getvalue().splitlines()]
    assert lines[:2] == ["trung-uong", "tinh-a"]
    assert lines[2:14] == [f"xa-{i:02d}" for i in range(1, 13)]
    assert lines[14:] == ["tinh-a-so", "tinh-b"]
    assert old.slug not in lines
    out = io.StringIO()
    call_command("units", "--json", "--all", "--under", "tinh-a", stdout=out)
    tree = json.loads(out.getvalue())
    assert [n["slug"] for n in tree] == ["tinh-a"]
    assert "cu" in [c["slug"] for c in tree[0]["children"]]
    assert centre.slug not in out.getvalue()
