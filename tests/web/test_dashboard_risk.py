"""The dashboard lists targets by their forecast's risk: at risk first, then uncertain, then likely,
then those without a forecast (domain.forecast through planning.selectors.status.row_forecast),
and says so on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.domain import periods
from theodoi.planning.models import Comparator, Measurement, Target
from theodoi.web.selectors import dashboard as sel

pytestmark = pytest.mark.django_db


def _target(world, text, values, position):
    t = Target.objects.create(document=world.plan, text=text, comparator=Comparator.GE, value=Decimal(100),
                              unit_of_measure="%", deadline=timezone.localdate() + dt.timedelta(days=60),
                              responsible_unit=world.vhxh, position=position)
    p = periods.closed_period(timezone.localdate(), 15)
    for _ in range(len(values)):
        p = p.previous()
    for v in values:
        p = p.next()
        Measurement.objects.create(target=t, unit=world.vhxh, period_key=p.key, period_end=p.end,
                                   numerator=Decimal(v), denominator=Decimal(100), state="approved")
    return t


@pytest.fixture
def four(world):
    """Four targets, in the plan's order: likely, no forecast, uncertain, at risk."""
    world.target.delete()
    return {
        "likely": _target(world, "Tỷ lệ A tăng đều vượt mục tiêu", [88, 92, 96, 100], 1),
        "": _target(world, "Tỷ lệ B chưa có số liệu", [], 2),
        "uncertain": _target(world, "Tỷ lệ C dao động quanh mục tiêu", [75, 125, 70, 130], 3),
        "at_risk": _target(world, "Tỷ lệ D đứng yên ở mức thấp", [10, 11, 12, 13], 4),
    }


def test_targets_are_ordered_at_risk_uncertain_likely_then_no_forecast(world, four):
    d = sel.build(world.admin, world.xa_a, timezone.localdate())
    outlooks = [r["outlook"] for r in d.by_risk]
    assert outlooks == ["at_risk", "uncertain", "likely", ""]
    assert [r["uid"] for r in d.by_risk] == [str(four[k].uid) for k in outlooks]
    # the plan's own order stays for every other use of the rows
    assert [r["uid"] for r in d.targets] == [str(four[k].uid) for k in ("likely", "", "uncertain", "at_risk")]


def test_the_page_states_the_order_and_shows_each_outlook(login, world, four):
    page = login(world.admin).get(reverse("dashboard_unit", args=[world.xa_a.slug])).content.decode()
    assert "Chỉ tiêu theo mức độ rủi ro" in page
    assert "nguy cơ không đạt trước, rồi chưa chắc đạt, có khả năng đạt" in page
    rows = [page.index(f'data-outlook="{k}"') for k in ("at_risk", "uncertain", "likely", "")]
    assert rows == sorted(rows)
    table = page[page.index('id="risk-order"'):]
    for label in ("Nguy cơ không đạt", "Chưa chắc đạt", "Có khả năng đạt", "Chưa có dự báo"):
        assert label in table
    assert table.index("Tỷ lệ D đứng yên") < table.index("Tỷ lệ C dao động") < table.index("Tỷ lệ A tăng đều")
