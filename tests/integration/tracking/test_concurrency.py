"""No lost updates: a second edit carrying a stale version is refused with the other person's change."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.integration.tracking.conftest import P
from theodoi.planning.models import Measurement
from theodoi.planning.services import measurements, progress, review, tasks
from theodoi.planning.services.errors import ConflictError


@pytest.mark.django_db
def test_second_update_edit_with_same_version_gets_conflict(world):
    first = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 10})
    seen = first.version
    progress.save_update(user=world.officer, task=world.task, period_key=P,
                         data={"percent": 30, "work_done": "Bản của cán bộ A"}, expected_version=seen)
    with pytest.raises(ConflictError) as exc:
        progress.save_update(user=world.leader, task=world.task, period_key=P,
                             data={"percent": 20, "work_done": "Bản của lãnh đạo"}, expected_version=seen)
    err = exc.value
    assert err.current_values["work_done"] == "Bản của cán bộ A" and err.current_values["percent"] == 30
    assert err.current_version == seen + 1 and "Officer A" in err.message_vi
    # The message itself says what the other person saved, in Vietnamese, field by field.
    assert "tỷ lệ hoàn thành (%): 30" in err.message_vi
    assert "kết quả thực hiện: «Bản của cán bộ A»" in err.message_vi and "trạng thái duyệt: Chưa gửi" in err.message_vi
    assert world.task.updates.get().work_done == "Bản của cán bộ A"  # not overwritten


@pytest.mark.django_db
def test_creating_when_someone_else_just_created_is_a_conflict(world):
    progress.save_update(user=world.officer, task=world.task, period_key=P, data={"work_done": "A"})
    with pytest.raises(ConflictError) as exc:  # the leader's form was opened when there was no update
        progress.save_update(user=world.leader, task=world.task, period_key=P, data={"work_done": "B"},
                             expected_version=None)
    assert exc.value.current_values["work_done"] == "A"


@pytest.mark.django_db
def test_figure_task_and_review_conflicts(world):
    m = measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh, period_key=P,
                                      numerator=1, denominator=4)
    measurements.save_measurement(user=world.admin, target=world.target, unit=world.vhxh, period_key=P,
                                  numerator=2, denominator=4, expected_version=m.version, submit=True)
    with pytest.raises(ConflictError) as exc:
        measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh, period_key=P,
                                      numerator=3, denominator=4, expected_version=m.version)
    assert exc.value.current_values["numerator"] == 2
    with pytest.raises(ConflictError):  # the leader approves what they saw, not what changed since
        review.approve(world.leader, m)
    t = world.task
    tasks.update_task(user=world.admin, task=t, fields={"outputs": "A"}, expected_version=t.version)
    with pytest.raises(ConflictError) as exc:
        tasks.update_task(user=world.superuser, task=t, fields={"outputs": "B"}, expected_version=t.version)
    assert exc.value.current_values["outputs"] == "A"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real two-connection race needs PostgreSQL")
def test_real_race_on_two_connections(world):
    """Two threads (two connections) save the same figure from the same version at the same moment."""
    m = measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh, period_key=P,
                                      numerator=1, denominator=4)
    barrier = threading.Barrier(2)
    outcome: list[str] = []

    def edit(user, numerator):
        try:
            barrier.wait(timeout=10)
            measurements.save_measurement(user=user, target=world.target, unit=world.vhxh, period_key=P,
                                          numerator=numerator, denominator=4, expected_version=m.version)
            outcome.append("saved")
        except ConflictError:
            outcome.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(u, n)) for u, n in ((world.officer, 2), (world.leader, 3))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(outcome) == ["conflict", "saved"]
    assert Measurement.objects.get(pk=m.pk).version == m.version + 1
