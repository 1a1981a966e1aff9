"""Fixtures for the staff pages: a signed-in client per persona and some progress data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture
def login(client):
    """``login(user)`` signs ``client`` in as ``user`` and returns it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def progress(world):
    """A submitted update of task 1 and two approved figures of the target (rows written directly:
    these tests check reading pages, the tracking services have their own tests)."""
    from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState

    upd = ProgressUpdate.objects.create(
        task=world.task, unit=world.vhxh, period_key="2026-04", period_end=dt.date(2026, 4, 14),
        percent=Decimal("40"), work_done="Đã số hóa 400 hồ sơ", disbursed_total=Decimal("12500000"),
        state=ReviewState.SUBMITTED, submitted_by=world.officer,
    )
    m1 = Measurement.objects.create(
        target=world.target, unit=world.vhxh, period_key="2026-03", period_end=dt.date(2026, 3, 14),
        numerator=Decimal("300"), denominator=Decimal("1000"), state=ReviewState.APPROVED,
    )
    m2 = Measurement.objects.create(
        target=world.target, unit=world.vhxh, period_key="2026-04", period_end=dt.date(2026, 4, 14),
        numerator=Decimal("455"), denominator=Decimal("1000"), state=ReviewState.SUBMITTED,
    )
    return type("P", (), {"update": upd, "m1": m1, "m2": m2})
