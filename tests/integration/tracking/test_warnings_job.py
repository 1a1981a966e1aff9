"""The daily warnings job streams in chunks and reads only each series' latest two figures, and stores
exactly the warnings the rules give when they read everything at once: every task in one pass and every
figure of the last 400 days of each series (the job's equivalence test)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tests.integration.tracking import test_warnings as base
from theodoi.domain.messages import to_store
from theodoi.planning.models import Measurement, StoredWarning, Task
from theodoi.planning.selectors import warnings as rules
from theodoi.planning.services import warnings as job

pytestmark = pytest.mark.django_db
TODAY, fig, upd = base.TODAY, base.fig, base.upd
scene = base.scene


def _stored_keys() -> list[tuple]:
    return sorted(((w.code, w.severity, w.unit_id, w.task_id, w.target_id, w.update_id, w.measurement_id,
                    w.document_id, _json(w.reason)) for w in StoredWarning.objects.all()), key=repr)


def _json(reason) -> str:
    return json.dumps(reason, sort_keys=True, ensure_ascii=False)


def _reference() -> list[tuple]:
    """The warnings of the rules over every task and every judged figure, unchunked (what the job stored
    before it streamed and windowed its reads)."""
    found = (rules.task_warnings(rules.warned_tasks(), TODAY) + rules.figure_warnings(rules.warned_figures(TODAY))
             + rules.conformity_warnings(rules.conformed_plans()))

    def pk(x):
        return x.pk if x is not None else None

    return sorted(((w.code, w.severity, pk(w.unit), pk(w.task), pk(w.target), pk(w.update), pk(w.measurement),
                    pk(w.document), _json(to_store(w.reason_vi))) for w in found), key=repr)


@pytest.fixture
def long_series(world, scene):
    """Series of many figures: rising then falling (a cumulative count going down is contradictory), a
    figure above its denominator long ago and fine now, two figures of one series on the same period end
    (a month and its quarter), and more tasks than one chunk holds."""
    count = scene["count"]
    for n, value in zip(range(10, 1, -1), (1, 2, 3, 4, 5, 6, 7, 9, 8), strict=True):
        fig(count, world.xa_b, n, value=Decimal(value))
    for n in range(9, 0, -1):
        fig(world.target, world.xa_b, n, numerator=Decimal(130 if n > 6 else 50), denominator=Decimal(120))
    month = base._month(0)
    Measurement.objects.create(target=count, unit=world.ban, period_key=month.key, period_end=month.end,
                               state="approved", value=Decimal(4))
    Measurement.objects.create(target=count, unit=world.ban, period_key=f"{month.end.year}-Q2",
                               period_end=month.end, state="approved", value=Decimal(2))
    for i in range(7):
        t = Task.objects.create(document=world.plan, code=f"IV.{i}", title=f"Nhiệm vụ {i}", lead_unit=world.vhxh,
                                due_date=dt.date(2026, 6, 30) if i % 2 else dt.date(2026, 12, 31))
        for n in range(i % 4, 6):
            upd(t, n, 10 * (i % 3), work="" if (n + i) % 3 == 0 else "Đã làm")


@pytest.mark.parametrize("chunk", [2, 500])
def test_the_job_stores_what_the_rules_say_over_everything(world, scene, long_series, monkeypatch, chunk):
    monkeypatch.setattr(job, "CHUNK", chunk)
    total = job.refresh_all(TODAY)
    stored = _stored_keys()
    assert total == len(stored) > 10
    assert stored == _reference()
    codes = {k[0] for k in stored}
    assert {rules.CONTRADICTION, rules.OVERDUE, rules.NO_UPDATE, rules.STALLED} <= codes


def test_latest_two_keeps_only_the_two_newest_of_each_series(world, scene, long_series):
    figures = rules.warned_figures(TODAY)
    kept = list(rules.latest_two(figures).order_by("target_id", "unit_id", "period_end", "pk"))
    series: dict[tuple[int, int], list[Measurement]] = {}
    for m in figures.order_by("period_end", "pk"):
        series.setdefault((m.target_id, m.unit_id), []).append(m)
    want = sorted((m for ms in series.values() for m in ms[-2:]),
                  key=lambda m: (m.target_id, m.unit_id, m.period_end, m.pk))
    assert [m.pk for m in kept] == [m.pk for m in want]
    assert any(len(ms) > 2 for ms in series.values())
