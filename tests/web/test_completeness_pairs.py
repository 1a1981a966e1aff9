"""The dashboard's completeness panel reads the (target, unit) pairs that report with the active
targets as a semi-join on the figures (``expected_pairs``), not a join of every figure with its target
and plan: the same pairs as the join gave, and so the same counts, on a generated province, for the
country, the province, a commune and an office, after generated writes of every kind of
``test_national_counts`` and of figures sent by other units and plans closed or reopened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.web.test_list_keys import SETTINGS, TODAY, province  # noqa: F401  (province: a fixture)
from tests.web.test_national_counts import _apply, write
from theodoi.planning.models import DocStatus, Document, Measurement, ReviewState, Target
from theodoi.planning.selectors.completeness import unit_completeness
from theodoi.planning.selectors.obligations import expected_pairs
from theodoi.tenancy.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(province):  # noqa: F811  (the fixture imported above)
    """The country, the province, a commune and an office of ``test_list_keys``'s generated province."""
    return [Unit.objects.filter(parent=None).first(), *province["units"][1:]]


def _joined_pairs(units) -> set[tuple[int, int]]:
    """``expected_pairs`` as it read the figures before: every figure joined with its target and plan."""
    unit_ids = list(units.values_list("pk", flat=True))
    active = Target.objects.filter(document__status=DocStatus.ACTIVE)
    pairs = set(active.filter(responsible_unit_id__in=unit_ids).values_list("pk", "responsible_unit_id"))
    pairs |= set(Target.reporting_units.through.objects.filter(
        unit_id__in=unit_ids, target__document__status=DocStatus.ACTIVE).values_list("target_id", "unit_id"))
    pairs |= set(Measurement.objects.filter(unit_id__in=unit_ids, target__document__status=DocStatus.ACTIVE)
                 .order_by().values_list("target_id", "unit_id").distinct())
    return pairs


def _other(kind: str, i: int, arg: int) -> None:
    """A figure sent by a unit that is not the target's owner (a past month), or a plan's status."""
    def nth(qs):
        n = qs.count()
        return qs.order_by("pk")[i % n] if n else None

    if kind == "foreign figure":
        g = nth(Target.objects.all())
        unit = nth(Unit.objects.filter(kind__in=[UnitKind.OFFICE, UnitKind.COMMUNE, UnitKind.VILLAGE]).order_by("pk")
                   .exclude(pk=g.responsible_unit_id))
        Measurement.objects.update_or_create(
            target=g, unit=unit, period_key=f"2026-0{1 + arg % 5}",
            defaults={"period_end": dt.date(2026, 1 + arg % 5, 14), "value": Decimal(arg),
                      "state": [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED][arg % 3]})
    else:
        doc = nth(Document.objects.filter(source_name="benchdata"))
        doc.status = [DocStatus.ACTIVE, DocStatus.CLOSED, DocStatus.DRAFT][arg % 3]
        doc.save()


other = st.tuples(st.sampled_from(["foreign figure", "plan status"]), st.integers(0, 500), st.integers(0, 200))


@SETTINGS
@given(writes=st.lists(st.one_of(write, other), max_size=5), month=st.sampled_from(["2026-01", "2026-05", "2026-06"]))
def test_the_pairs_and_the_panel_are_those_of_the_join(units, writes, month):
    with transaction.atomic():
        for kind, i, arg in [("none", 0, None), *writes]:
            if kind in ("foreign figure", "plan status"):
                _other(kind, i, arg)
            elif kind != "none":
                _apply(kind, i, arg)
            for unit in units:
                subtree = Unit.objects.subtree_of(unit)
                assert expected_pairs(subtree) == _joined_pairs(subtree)
                counted = unit_completeness(unit, month, items=False)
                whole = unit_completeness(unit, month)
                assert [(r.unit.pk, r.counts) for r in counted.rows] == [(r.unit.pk, r.counts) for r in whole.rows]
        transaction.set_rollback(True)


def test_figures_of_a_closed_plan_or_another_unit_count_as_before(units):
    """The generated data holds both cases the semi-join must get right: a figure of a plan that is
    not active (left out) and a figure by a unit that neither owns the target nor is named on it (kept)."""
    target = Target.objects.filter(document__source_name="benchdata", responsible_unit__isnull=False).first()
    unit = Unit.objects.filter(kind=UnitKind.VILLAGE).exclude(pk=target.responsible_unit_id).first()
    Measurement.objects.create(target=target, unit=unit, period_key="2026-03", period_end=dt.date(2026, 3, 14),
                               value=Decimal(3), state=ReviewState.SUBMITTED)
    everywhere = Unit.objects.all()
    assert (target.pk, unit.pk) in expected_pairs(everywhere)
    Document.objects.filter(pk=target.document_id).update(status=DocStatus.CLOSED)
    pairs = expected_pairs(everywhere)
    assert (target.pk, unit.pk) not in pairs
    assert not any(t == target.pk for t, _u in pairs)
    assert pairs == _joined_pairs(everywhere)
