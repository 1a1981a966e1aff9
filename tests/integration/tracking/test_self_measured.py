"""Targets the system measures itself: recognised by their wording, filled each month by the daily job,
and a unit below the goal is warned."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from theodoi.audit.services import history
from theodoi.domain import periods
from theodoi.jobs.models import Job
from theodoi.planning.models import Indicator, Measurement, Stage, Target, Task, TaskStage
from theodoi.planning.selectors.warnings import SELF_MEASURED, compute_warnings
from theodoi.planning.services.self_measured import SYSTEM_SOURCE, fill, measured_targets

from .test_warnings import TODAY, upd

pytestmark = pytest.mark.django_db
CLOSED = periods.closed_period(TODAY, 15)


@pytest.fixture
def targets(world):
    ratio = Indicator.objects.create(code="TU-DO", name="Tỷ lệ nhiệm vụ cập nhật", kind="ratio", unit_of_measure="%")
    updates = Target.objects.create(
        document=world.plan, text="Tối thiểu 90% nhiệm vụ thực hiện cập nhật tiến độ định kỳ hằng tháng; chậm "
        "cập nhật/không đủ dữ liệu bị đưa vào diện cảnh báo.", comparator=">=", value=Decimal(90),
        unit_of_measure="%", indicator=ratio)
    science = Target.objects.create(
        document=world.plan, text="100% nhiệm vụ khoa học, công nghệ được quản lý, theo dõi trên nền tảng số.",
        comparator=">=", value=Decimal(100), unit_of_measure="%")
    Target.objects.create(document=world.plan, text="100% hồ sơ được số hóa", comparator=">=", value=100,
                          unit_of_measure="%")
    b_task = Task.objects.create(document=world.plan, code="III.9", title="Tập huấn", lead_unit=world.xa_b,
                                 due_date=dt.date(2026, 12, 31), is_science_task=True)
    return {"updates": updates, "science": science, "b_task": b_task}


def test_only_the_targets_the_system_can_measure_are_recognised(world, targets):
    assert {t.pk: m for t, m in measured_targets()} == {
        targets["updates"].pk: "task_updates", targets["science"].pk: "science_on_platform"}


def test_the_daily_job_fills_the_share_of_tasks_updated_and_warns_the_unit_below_90(world, targets):
    upd(world.task, 0, 40)  # the office sent one of its two monthly updates (the recurring task none)
    upd(targets["b_task"], 0, 10)  # xa-b sent its only one
    call_command("worker", "--once", "--date", TODAY.isoformat(), stdout=io.StringIO())
    assert Job.objects.get(kind="targets.measure").status == "done"
    figures = {m.unit_id: m for m in Measurement.objects.filter(target=targets["updates"], period_key=CLOSED.key)}
    assert (figures[world.vhxh.pk].numerator, figures[world.vhxh.pk].denominator) == (1, 2)
    assert (figures[world.xa_b.pk].numerator, figures[world.xa_b.pk].denominator) == (1, 1)
    assert all(m.state == "approved" and m.source == SYSTEM_SOURCE for m in figures.values())
    assert history(figures[world.vhxh.pk]).last().action == "compute"
    [filled] = [f for f in fill(TODAY) if f.target == targets["updates"]]
    assert filled.changed == 0 and filled.combined.value == Decimal(2) * 100 / 3  # Σ2 / Σ3, not an average
    below = [w for w in compute_warnings(TODAY) if w.code == SELF_MEASURED and w.target == targets["updates"]]
    assert [w.unit for w in below] == [world.vhxh]
    assert "1/2 nhiệm vụ" in below[0].reason_vi and "dưới mức 90%" in below[0].reason_vi
    # the office's second update arrives late: the next run corrects the figure and the warning goes
    upd(world.task2, 0, 10)
    fill(TODAY)
    figures[world.vhxh.pk].refresh_from_db()
    assert figures[world.vhxh.pk].numerator == 2
    assert not [w for w in compute_warnings(TODAY) if w.code == SELF_MEASURED and w.target == targets["updates"]]


def test_science_tasks_on_the_platform_and_a_persons_figure_is_kept(world, targets):
    TaskStage.objects.create(task=targets["b_task"], stage=Stage.ORDER, date=CLOSED.start)
    Measurement.objects.create(target=targets["science"], unit=world.vhxh, period_key=CLOSED.key,
                               period_end=CLOSED.end, value=50, source="Phòng báo cáo", entered_by=world.officer,
                               state="submitted")
    fill(TODAY)
    b = Measurement.objects.get(target=targets["science"], unit=world.xa_b, period_key=CLOSED.key)
    assert (b.numerator, b.denominator) == (1, 1)
    kept = Measurement.objects.get(target=targets["science"], unit=world.vhxh, period_key=CLOSED.key)
    assert kept.value == 50 and kept.source == "Phòng báo cáo"
