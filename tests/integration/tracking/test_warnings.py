"""Warnings: each kind appears with a true reason and the unit responsible; bulk reads."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from theodoi.domain import periods
from theodoi.planning.models import Indicator, Measurement, ProgressUpdate, Target, Task
from theodoi.planning.selectors.warnings import compute_warnings, counts_by_code, group_by_unit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 7, 20)


def _month(n: int):
    """The reporting month n months before the last closed one (0 = last closed)."""
    p = periods.closed_period(TODAY, 15)
    for _ in range(n):
        p = p.previous()
    return p


def upd(task, n, percent, *, work="Đã làm", outputs="Sản phẩm", disbursed=None, state="approved", sent=None):
    p = _month(n)
    sent = sent or p.end
    return ProgressUpdate.objects.create(
        task=task, unit=task.lead_unit, period_key=p.key, period_end=p.end, percent=Decimal(percent),
        work_done=work, outputs_delivered=outputs, disbursed_total=disbursed, state=state,
        submitted_at=timezone.make_aware(dt.datetime.combine(sent, dt.time(9))))


def fig(target, unit, n, **kw):
    p = _month(n)
    return Measurement.objects.create(target=target, unit=unit, period_key=p.key, period_end=p.end,
                                      state="approved", **kw)


@pytest.fixture
def scene(world):
    plan, vhxh = world.plan, world.vhxh
    # Stalled for months, overdue, nothing for the last month, a thin last update.
    for n in (4, 3, 2, 1):
        upd(world.task, n, 30, outputs="")
    paid = Task.objects.create(document=plan, code="III.3", title="Mua sắm thiết bị", lead_unit=vhxh,
                               due_date=dt.date(2026, 12, 31), budget_planned=Decimal(100_000_000))
    upd(paid, 1, 50, disbursed=Decimal(10_000_000))
    upd(paid, 0, 50, disbursed=Decimal(40_000_000))
    late = Task.objects.create(document=plan, code="III.4", title="Xây dựng cổng thông tin", lead_unit=vhxh,
                               due_date=dt.date(2026, 5, 31))
    upd(late, 1, 70)
    upd(late, 0, 100, state="submitted", sent=TODAY - dt.timedelta(days=3))
    thin = Task.objects.create(document=plan, code="III.5", title="Tập huấn kỹ năng số", lead_unit=world.xa_b,
                               due_date=dt.date(2026, 12, 31))
    upd(thin, 0, 20, work="", outputs="")
    upd(world.task2, 0, 10)  # the recurring task reported this month: no warning
    fig(world.target, vhxh, 0, numerator=Decimal(130), denominator=Decimal(120))
    count = Target.objects.create(document=plan, text="Có ít nhất 10 mô hình số", comparator=">=", value=10,
                                  unit_of_measure="mô hình",
                                  indicator=Indicator.objects.create(code="MH", name="Mô hình",
                                                                     across_time="cumulative"))
    fig(count, vhxh, 1, value=Decimal(5))
    fig(count, vhxh, 0, value=Decimal(3))
    return {"paid": paid, "late": late, "thin": thin, "count": count}


def by(found, code, subject):
    return [w for w in found if w.code == code and (w.task == subject or w.target == subject)]


def test_every_kind_with_a_true_reason(world, scene):
    found = compute_warnings(TODAY)
    counts = counts_by_code(found)
    assert all(counts[c] for c in ("no_update", "overdue", "thin_update", "contradiction", "stalled")), counts
    closed = _month(0)
    [w] = by(found, "no_update", world.task)
    assert closed.label_vi.lower() in w.reason_vi and "hạn" in w.reason_vi and w.unit == world.vhxh
    [w] = by(found, "overdue", world.task)
    assert "Quá hạn 20 ngày (hạn 30/06/2026)" in w.reason_vi and "30%" in w.reason_vi and w.severity == "high"
    [w] = by(found, "stalled", world.task)
    assert "30%" in w.reason_vi and "xem xét dừng" in w.reason_vi
    [w] = by(found, "thin_update", world.task)
    assert "không nêu sản phẩm" in w.reason_vi and "minh chứng" in w.reason_vi
    [w] = by(found, "thin_update", scene["thin"])
    assert "chỉ ghi tỷ lệ 20%" in w.reason_vi and w.unit == world.xa_b
    [w] = by(found, "contradiction", scene["paid"])
    assert "giải ngân lũy kế tăng từ 10.000.000 đồng lên 40.000.000 đồng" in w.reason_vi
    [w] = by(found, "contradiction", scene["late"])
    assert "100%" in w.reason_vi and "quá hạn từ 31/05/2026" in w.reason_vi
    [w] = by(found, "contradiction", world.target)
    assert "tử số 130 lớn hơn mẫu số 120" in w.reason_vi and w.measurement is not None
    [w] = by(found, "contradiction", scene["count"])
    assert "lũy kế giảm từ 5" in w.reason_vi
    assert not [w for w in found if w.task == world.task2]  # recurring and reported: fine
    assert not by(found, "thin_update", scene["paid"])  # narrative and outputs: not thin


def test_scoping_and_grouping(world, scene):
    xa_b = compute_warnings(TODAY, world.xa_b)
    assert xa_b and all(w.unit == world.xa_b for w in xa_b)
    assert len(compute_warnings(TODAY, units=[world.xa_a, world.xa_b])) == len(compute_warnings(TODAY))
    groups = group_by_unit(compute_warnings(TODAY))
    assert [u.slug for u, _ in groups] == ["xa-a-vhxh", "xa-b"]
    assert compute_warnings(TODAY, user=world.outsider) == []
    d = compute_warnings(TODAY)[0].to_dict()
    assert d["unit"] and d["reason"] and d["label"] and d["url"].startswith("/")


def test_paused_or_completed_tasks_do_not_nag(world, scene):
    Task.objects.filter(pk=world.task.pk).update(run_state="paused", run_state_reason="Chờ kinh phí")
    found = compute_warnings(TODAY)
    assert not [w for w in found if w.task == world.task and w.code in ("overdue", "no_update", "stalled")]


def test_command_text_json_and_unit(world, scene, capsys):
    call_command("warnings", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    for label in ("Chưa cập nhật tiến độ", "Nhiệm vụ quá hạn", "Báo cáo sơ sài", "Số liệu mâu thuẫn",
                  "Không có tiến triển 3 tháng"):
        assert label in out
    call_command("warnings", "--date", TODAY.isoformat(), "--json", "--unit", "xa-b")
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == len(data["warnings"]) > 0 and {w["unit"] for w in data["warnings"]} == {"xa-b"}
    call_command("warnings", "--date", TODAY.isoformat(), "--kind", "overdue")
    out = capsys.readouterr().out
    assert "Nhiệm vụ quá hạn" in out and "Báo cáo sơ sài" not in out.split("\n", 1)[1]
    assert "== Phòng Văn hóa - Xã hội xã An Bình (2)" in out  # grouped by lead unit
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("warnings", "--unit", "khong-co")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("warnings", "--date", "20/07/2026")


def test_query_count_does_not_grow_with_tasks(world, scene, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        compute_warnings(TODAY)
    for i in range(30):
        t = Task.objects.create(document=world.plan, code=f"IV.{i}", title=f"Việc {i}", lead_unit=world.vhxh,
                                due_date=dt.date(2026, 6, 1))
        upd(t, 0, 10, work="", outputs="")
        upd(t, 1, 20)
    with django_assert_max_num_queries(6):
        found = compute_warnings(TODAY)
    assert len(found) > 60


def test_a_plan_issued_after_the_closed_month_does_not_nag(world):
    world.plan.issued_date = TODAY - dt.timedelta(days=1)
    world.plan.save()
    assert not [w for w in compute_warnings(TODAY) if w.code == "no_update"]


def test_recurring_tasks_are_judged_per_period(world):
    """A continuous task ("thường xuyên") is never overdue or stalled as a whole and its monthly
    percentages are not compared; missing the closed month is still "no update"."""
    for n, pct in ((5, 50), (4, 50), (3, 50), (2, 50), (1, 30)):
        upd(world.task2, n, pct)
    Task.objects.filter(pk=world.task2.pk).update(due_date=dt.date(2026, 3, 31))
    mine = [w for w in compute_warnings(TODAY) if w.task == world.task2]
    assert [w.code for w in mine] == ["no_update"]
    assert _month(0).label_vi.lower() in mine[0].reason_vi
    from theodoi.planning.selectors.status import task_status

    assert task_status(Task.objects.get(pk=world.task2.pk), TODAY).label == "Đang thực hiện quá hạn"
    upd(world.task2, 0, 40)
    assert not [w for w in compute_warnings(TODAY) if w.task == world.task2]
    assert task_status(Task.objects.get(pk=world.task2.pk), TODAY).label == "Đang thực hiện trong hạn"
