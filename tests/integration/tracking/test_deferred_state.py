"""``state.deferred()``: a bulk write whose tasks' and targets' state is rebuilt once at its end, in its
transaction, ends with the same stored state (and the same units' counts marked stale) as the same
writes each rebuilding it at once; an exception inside leaves nothing of it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction

from tests.integration.tracking.conftest import P
from theodoi.planning.models import (
    Indicator,
    Measurement,
    ProgressUpdate,
    Target,
    TargetState,
    Task,
    TaskState,
    UnitCounts,
)
from theodoi.planning.services import measurements, progress, review, state

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _writes(world) -> None:
    """Every kind of write the state follows: updates and figures saved, submitted, approved and
    reopened, new tasks and targets (one of each deleted again), an indicator's rule changed, an
    update deleted by itself."""
    u = progress.save_update(user=world.officer, task=world.task, period_key=P,
                             data={"percent": 40, "work_done": "Đã số hóa 400 hồ sơ"}, submit=True)
    u = review.approve(world.leader, u)
    progress.save_update(user=world.officer, task=world.task, period_key="2026-06",
                         data={"percent": 70, "work_done": "Thêm 300 hồ sơ"}, submit=True)
    progress.save_update(user=world.officer, task=world.task2, period_key="2026-04",
                         data={"percent": 10, "work_done": "Khởi động"}, submit=True)
    review.reopen(world.leader, u, "Chưa đủ minh chứng")
    m = measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh, period_key=P,
                                      numerator=40, denominator=100, submit=True)
    review.approve(world.leader, m)
    b = measurements.save_measurement(user=world.admin, target=world.target, unit=world.ban, period_key=P,
                                      numerator=3, denominator=10, submit=True)
    review.approve(world.superuser, b)
    new = Task.objects.create(document=world.plan, code="III.3", title="Nhiệm vụ mới", lead_unit=world.vhxh,
                              due_date=dt.date(2026, 9, 30))
    progress.save_update(user=world.officer, task=new, period_key=P, data={"percent": 5}, submit=True)
    gone = Target.objects.create(document=world.plan, text="Chỉ tiêu tạm", comparator=">=", value=1,
                                 responsible_unit=world.vhxh)
    Target.objects.create(document=world.plan, text="Chỉ tiêu mới", comparator=">=", value=Decimal("5"),
                          responsible_unit=world.ban)
    gone.delete()
    dropped = Task.objects.create(document=world.plan, code="III.4", title="Nhiệm vụ bỏ", lead_unit=world.vhxh)
    progress.save_update(user=world.officer, task=dropped, period_key=P, data={"percent": 1}, submit=True)
    dropped.delete()  # its state goes with it: not rebuilt at the end
    ind = Indicator.objects.get(pk=world.target.indicator_id)
    ind.across_time = "sum"
    ind.save()
    ProgressUpdate.objects.filter(task=world.task2).get().delete()


def _stored() -> dict:
    """The stored state and the stale counts, keyed by what does not depend on the rows' ids."""
    label = {pk: (code, key) for pk, code, key in ProgressUpdate.objects.values_list("pk", "task__code", "period_key")}
    tasks = {code: (h, s, label.get(n)) for code, h, s, n in TaskState.objects.values_list(
        "task__code", "history", "sent", "latest_update_pk")}
    targets = {text: (r, s, u) for text, r, s, u in TargetState.objects.values_list(
        "target__text", "rule", "series", "unit_ids")}
    stale = set(UnitCounts.objects.filter(day=None).values_list("unit_id", flat=True))
    return {"tasks": tasks, "targets": targets, "stale": stale}


def _fresh_counts() -> None:
    UnitCounts.objects.update(day=dt.date(2026, 6, 20))


def test_a_deferred_bulk_write_ends_with_the_state_of_the_same_writes_at_once(world):
    _fresh_counts()
    at_once = None
    with pytest.raises(_Undo), transaction.atomic():
        _writes(world)
        assert state.differences() == []
        at_once = _stored()
        raise _Undo  # the same writes again below, deferred, from the same start
    assert not ProgressUpdate.objects.exists()
    with state.deferred():
        _writes(world)
        # inside, the stored state is still the one from before the block: nothing rebuilt yet
        assert TaskState.objects.get(task=world.task).latest_update_pk is None
        assert not TaskState.objects.filter(task__code="III.3").exclude(sent=[]).exists()
    connection.check_constraints()  # no state row left for a task or target deleted inside
    assert state.differences() == []
    deferred = _stored()
    assert deferred == at_once
    assert deferred["tasks"]["III.1"][2] == ("III.1", "2026-06")  # the newest update
    assert len(deferred["targets"]) == 2 and "Chỉ tiêu tạm" not in deferred["targets"]
    assert deferred["stale"]  # the units concerned marked, as at once


def test_an_exception_inside_leaves_nothing_half_written(world):
    before = _stored()
    counts = (ProgressUpdate.objects.count(), Measurement.objects.count(), Task.objects.count(),
              Target.objects.count(), TaskState.objects.count(), TargetState.objects.count())
    with pytest.raises(RuntimeError), state.deferred():
        _writes(world)
        raise RuntimeError("hỏng giữa chừng")
    assert _stored() == before
    assert (ProgressUpdate.objects.count(), Measurement.objects.count(), Task.objects.count(),
            Target.objects.count(), TaskState.objects.count(), TargetState.objects.count()) == counts
    # and the signals rebuild at once again afterwards
    u = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30})
    assert TaskState.objects.get(task=world.task).latest_update_pk == u.pk


def test_a_failing_rebuild_at_the_end_rolls_the_writes_back(world, monkeypatch):
    def broken(ids, **kwargs):
        raise RuntimeError("không dựng lại được")

    monkeypatch.setattr(state, "refresh_tasks", broken)
    with pytest.raises(RuntimeError), state.deferred():
        progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30}, submit=True)
    assert not ProgressUpdate.objects.exists()


def test_nested_blocks_rebuild_once_at_the_outer_end(world):
    with state.deferred():
        with state.deferred():
            u = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30})
        assert TaskState.objects.get(task=world.task).latest_update_pk is None  # the outer block's to do
    assert TaskState.objects.get(task=world.task).latest_update_pk == u.pk
    assert state.differences() == []


def test_an_inner_block_that_fails_is_undone_and_the_outer_goes_on(world):
    with state.deferred():
        kept = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30})
        with pytest.raises(RuntimeError), state.deferred():
            progress.save_update(user=world.officer, task=world.task2, period_key=P, data={"percent": 10})
            raise RuntimeError("hỏng")
    assert list(ProgressUpdate.objects.values_list("pk", flat=True)) == [kept.pk]
    assert TaskState.objects.get(task=world.task).latest_update_pk == kept.pk
    assert state.differences() == []
