"""Reporting and review: save, submit, approve (locks), return with a reason, reopen with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.integration.tracking.conftest import P
from theodoi.audit.models import AuditEvent
from theodoi.audit.services import history
from theodoi.planning.models import ReviewState
from theodoi.planning.services import errors, measurements, progress, review, tasks

pytestmark = pytest.mark.django_db


def test_save_then_submit_then_approve_locks_and_completes(world):
    u = progress.save_update(user=world.officer, task=world.task, period_key=P,
                             data={"percent": "55,5", "work_done": "Một phần", "disbursed_total": "1.000.000"})
    assert u.state == ReviewState.DRAFT and u.percent == Decimal("55.5") and u.disbursed_total == 1_000_000
    assert u.unit == world.vhxh and u.period_end == u.period_end
    u = progress.save_update(user=world.officer, task=world.task, period_key=P,
                             data={"percent": 100, "work_done": "Xong", "outputs_delivered": "Hồ sơ số"},
                             expected_version=u.version, submit=True)
    assert u.state == ReviewState.SUBMITTED and u.submitted_by == world.officer
    u = review.approve(world.leader, u)
    assert u.state == ReviewState.APPROVED and u.is_locked and u.reviewed_by == world.leader
    world.task.refresh_from_db()
    assert world.task.completed_on is not None  # 100% approved completes a dated task
    with pytest.raises(ValidationError, match="khóa"):
        progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 90},
                             expected_version=u.version)
    actions = list(history(u).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve"]
    assert AuditEvent.objects.filter(object_type="planning.task", action="complete").exists()


def test_return_needs_reason_then_resubmit(world, sent):
    with pytest.raises(ValidationError, match="lý do"):
        review.return_for_changes(world.leader, sent.update, "  ")
    u = review.return_for_changes(world.leader, sent.update, "Bổ sung minh chứng")
    assert u.state == ReviewState.RETURNED and u.review_note == "Bổ sung minh chứng"
    u = progress.save_update(user=world.officer, task=world.task, period_key=P,
                             data={"work_done": "Đã bổ sung"}, expected_version=u.version)
    assert u.state == ReviewState.DRAFT
    u = progress.submit_update(user=world.officer, update=u)
    assert u.state == ReviewState.SUBMITTED
    ev = history(u).filter(action="return").get()
    assert ev.reason == "Bổ sung minh chứng" and ev.before["state"] == "submitted" and ev.after["state"] == "returned"


def test_reopen_needs_reason_is_logged_and_unlocks(world, sent):
    u = review.approve(world.leader, sent.update)
    with pytest.raises(ValidationError):
        review.reopen(world.leader, u, "")
    u = review.reopen(world.admin, u, "Số liệu sai, cần sửa")  # the standing office may reopen too
    assert u.state == ReviewState.RETURNED and u.reopened_reason == "Số liệu sai, cần sửa"
    assert history(u).filter(action="reopen", reason="Số liệu sai, cần sửa", actor=world.admin).exists()
    progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 45},
                         expected_version=u.version)


def test_review_refuses_wrong_states(world, sent):
    draft = progress.save_update(user=world.officer, task=world.task2, period_key=P, data={"work_done": "x"})
    with pytest.raises(errors.ReviewError):
        review.approve(world.leader, draft)
    with pytest.raises(errors.ReviewError):
        review.reopen(world.leader, sent.figure, "lý do")
    f = review.approve(world.leader, sent.figure)
    assert f.state == ReviewState.APPROVED
    with pytest.raises(errors.ReviewError):
        review.approve(world.leader, f)


def test_reopening_the_completing_update_uncompletes_the_task(world):
    u = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 100}, submit=True)
    u = review.approve(world.leader, u)
    review.reopen(world.leader, u, "Chưa xong thật")
    world.task.refresh_from_db()
    assert world.task.completed_on is None


@pytest.mark.parametrize(("data", "message"), [
    ({"percent": 120}, "lớn hơn 100"),
    ({"percent": -1}, "nhỏ hơn 0"),
    ({"percent": "abc"}, "không phải là số"),
    ({"disbursed_total": "-5"}, "nhỏ hơn 0"),
])
def test_bad_update_data_gets_vietnamese_errors(world, data, message):
    with pytest.raises(ValidationError) as exc:
        progress.save_update(user=world.officer, task=world.task, period_key=P, data=data)
    assert message in " ".join(exc.value.messages)


def test_bad_period_and_empty_submit(world):
    with pytest.raises(ValidationError, match="Kỳ báo cáo"):
        progress.save_update(user=world.officer, task=world.task, period_key="tháng năm", data={})
    with pytest.raises(ValidationError, match="trước khi gửi"):
        progress.save_update(user=world.officer, task=world.task, period_key=P, data={"difficulties": "x"},
                             submit=True)
    assert not world.task.updates.exists()  # nothing half-written


@pytest.mark.parametrize(("kw", "message"), [
    ({"numerator": 5}, "tử số và mẫu số"),
    ({"numerator": 5, "denominator": 0}, "khác 0"),
    ({}, "giá trị hoặc"),
    ({"value": 50}, "tỷ lệ"),  # the world's target is a ratio
])
def test_bad_figures(world, kw, message):
    with pytest.raises(ValidationError) as exc:
        measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh, period_key=P, **kw)
    assert message in " ".join(exc.value.messages)


def test_figure_cycle_and_audit(world):
    m = measurements.save_measurement(user=world.admin, target=world.target, unit=world.ban, period_key=P,
                                      numerator=3, denominator=10, source="Thống kê của bản")
    m = measurements.save_measurement(user=world.admin, target=world.target, unit=world.ban, period_key=P,
                                      numerator=4, denominator=10, expected_version=m.version, submit=True)
    assert m.state == ReviewState.SUBMITTED and m.numerator == 4
    ev = history(m).last()
    assert ev.before["numerator"] == "3" and ev.after["numerator"] == "4"


def test_task_edit_run_state_and_person(world):
    t = tasks.update_task(user=world.admin, task=world.task, fields={"outputs": "Kho hồ sơ số", "due_date":
                          dt.date(2026, 9, 30)}, reason="Điều chỉnh theo văn bản 15")
    assert t.due_date == dt.date(2026, 9, 30)
    with pytest.raises(ValidationError, match="lý do"):
        tasks.set_run_state(user=world.superuser, task=t, run_state="paused")
    t = tasks.set_run_state(user=world.superuser, task=t, run_state="stopped", reason="Không còn phù hợp")
    assert t.run_state == "stopped" and t.run_state_reason == "Không còn phù hợp"
    t = tasks.assign_person(user=world.admin, task=t, person=world.leader)
    assert t.responsible_person == world.leader
    with pytest.raises(ValidationError):
        tasks.update_task(user=world.admin, task=t, fields={"version": 1})
    assert [e.action for e in history(t)] == ["update", "stop", "update"]
