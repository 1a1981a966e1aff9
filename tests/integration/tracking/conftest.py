"""Fixtures for the tracking tests: a plan in the other province, and helpers."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from theodoi.planning.selectors import periods

P = "2026-05"  # the reporting month used by most tests



@pytest.fixture
def far(world):
    """A plan of xa-c (Điện Biên) with one task and one target: outside everyone's scope but the outsider's."""
    from theodoi.planning.models import DocStatus, DocType, Document, Target, Task

    plan = Document.objects.create(doc_type=DocType.KE_HOACH, number="5/KH-UBND", issuer=world.xa_c,
                                   title="Kế hoạch của xã Cầu Đá", status=DocStatus.ACTIVE, period_start=2026,
                                   period_end=2026)
    task = Task.objects.create(document=plan, code="1", title="Nhiệm vụ xã Cầu Đá", lead_unit=world.c_vhxh,
                               due_date=dt.date(2026, 12, 31))
    target = Target.objects.create(document=plan, text="Chỉ tiêu xã Cầu Đá", comparator=">=", value=10,
                                   responsible_unit=world.c_vhxh)
    return SimpleNamespace(plan=plan, task=task, target=target)


@pytest.fixture
def sent(world):
    """A submitted update of world.task for P (officer) and a submitted figure."""
    from theodoi.planning.services import measurements, progress

    update = progress.save_update(user=world.officer, task=world.task, period_key=P,
                                  data={"percent": 40, "work_done": "Đã số hóa 400 hồ sơ"}, submit=True)
    figure = measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh, period_key=P,
                                           numerator=40, denominator=100, submit=True)
    return SimpleNamespace(update=update, figure=figure)


def due(period_key: str = P, day: int = 15) -> dt.date:
    return periods.due_of(periods.as_period(period_key), day)
