"""Fixtures of the exchange tests: the world with some progress and figures in it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from theodoi.planning.models import Measurement, ProgressUpdate


@pytest.fixture
def filled(world, baseline):
    """An approved figure of March, a submitted update of May, a village's May figure."""
    from theodoi.planning.models import ReviewState

    Measurement.objects.create(target=world.target, unit=world.vhxh, period_key="2026-05",
                               period_end=dt.date(2026, 5, 14), numerator=Decimal("83"),
                               denominator=Decimal("90"), state=ReviewState.APPROVED)
    ProgressUpdate.objects.create(task=world.task, unit=world.vhxh, period_key="2026-05",
                                  period_end=dt.date(2026, 5, 14), percent=Decimal("40.5"),
                                  work_done="- Đã số hóa 400 hồ sơ; = tiếp tục", state=ReviewState.SUBMITTED)
    world.task.coordinating_text = "- Phòng Kinh tế\n- Bản Một"
    world.task.save()
    world.task2.outputs = "= Bản tin hằng tháng"
    world.task2.save()
    baseline()  # rows the fixtures wrote directly, so audit verify watches them
    return world


