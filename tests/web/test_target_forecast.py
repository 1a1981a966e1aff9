"""The target page shows where its figures are heading: the value at the deadline, its 80 % interval,
the outlook and the day the goal is reached (domain.forecast)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from theodoi.domain import periods
from theodoi.planning.models import Measurement
from theodoi.web.views.targets import target_forecast

pytestmark = pytest.mark.django_db


def _figures(world, values):
    p = periods.closed_period(timezone.localdate(), 15)
    for _ in range(len(values)):
        p = p.previous()
    for v in values:
        p = p.next()
        Measurement.objects.create(target=world.target, unit=world.vhxh, period_key=p.key, period_end=p.end,
                                   numerator=Decimal(v), denominator=Decimal(100), state="approved")


def test_a_rising_series_is_forecast_with_its_interval(client, world):
    _figures(world, [20, 35, 45, 60])
    fc = target_forecast(world.target, timezone.localdate())
    assert fc is not None and fc["f"].points == 4 and fc["f"].low < fc["f"].value < fc["f"].high
    client.force_login(world.officer)
    page = client.get(world.target.get_absolute_url()).content.decode()
    assert "Dự báo đến hạn" in page and "khoảng tin cậy 80%" in page
    assert str(fc["label"]) in page


def test_no_forecast_without_two_figures(client, world):
    _figures(world, [40])
    assert target_forecast(world.target, timezone.localdate()) is None
    client.force_login(world.officer)
    assert "Dự báo đến hạn" not in client.get(world.target.get_absolute_url()).content.decode()
