"""The job queue, the worker and the reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from theodoi.domain import periods
from theodoi.jobs import services
from theodoi.jobs.models import Job, JobStatus
from theodoi.jobs.schedule import ensure_daily, plan_reminders
from theodoi.planning.services import progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def boom():
    calls = []

    @services.handler("test.boom")
    def _boom(job, log):
        calls.append(job.pk)
        log("trước khi lỗi")
        raise RuntimeError("hỏng")

    @services.handler("test.ok")
    def _ok(job, log):
        log("chạy")
        return {"n": job.payload.get("n", 0) + 1}

    yield calls
    services.HANDLERS.pop("test.boom")
    services.HANDLERS.pop("test.ok")


def test_enqueue_dedupes_and_claim_is_exclusive(boom):
    job, new = services.enqueue("test.ok", {"n": 1}, dedupe_key="k1")
    again, new2 = services.enqueue("test.ok", {"n": 9}, dedupe_key="k1")
    assert new and not new2 and again.pk == job.pk
    first = services.claim("w1")
    assert first.pk == job.pk and first.status == JobStatus.RUNNING and first.attempts == 1
    assert services.claim("w2") is None  # the conditional UPDATE gives one job to one worker
    done = services.run(first)
    assert done.status == JobStatus.DONE and done.result == {"n": 2} and "chạy" in done.log


def test_failing_job_is_retried_with_backoff_then_failed(boom):
    job, _ = services.enqueue("test.boom")
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        Job.objects.filter(pk=job.pk).update(run_after=job.run_after - dt.timedelta(days=1))
        claimed = services.claim()
        assert claimed is not None and claimed.attempts == attempt
        job = services.run(claimed)
        assert "RuntimeError: hỏng" in job.log and "Traceback" in job.log
        if attempt < services.MAX_ATTEMPTS:
            assert job.status == JobStatus.QUEUED and job.run_after > job.finished_at
    assert job.status == JobStatus.FAILED and len(boom) == services.MAX_ATTEMPTS
    _again, new = services.enqueue("test.boom", dedupe_key="")
    assert new


def test_unknown_kind_fails_without_crashing():
    job, _ = services.enqueue("khong.co")
    job = services.run(services.claim())
    assert job.status == JobStatus.FAILED and "Không có bộ xử lý" in job.log


def test_stale_running_job_is_given_back(boom):
    job, _ = services.enqueue("test.ok")
    claimed = services.claim()
    Job.objects.filter(pk=claimed.pk).update(started_at=claimed.started_at - dt.timedelta(hours=3))
    assert services.requeue_stale() == 1
    assert services.claim().pk == job.pk


def _due(world, offset_days: int):
    """A day ``offset_days`` from the due day of the month open on 1 May 2026."""
    p = periods.open_period(dt.date(2026, 5, 1), world.plan.monthly_due_day)
    due = periods.due_date(p, world.plan.monthly_due_day)
    return p, due, due + dt.timedelta(days=offset_days)


def test_reminders_before_due_day_to_officers_once(world):
    period, due, day = _due(world, -3)
    keys = plan_reminders(day)
    assert keys == [f"reminder:before:xa-a-vhxh:{period.key}"]
    services.run_pending()
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["officer_a@example.test"]
    assert f"{due:%d/%m/%Y}" in msg.subject and period.label_vi.lower() in msg.subject
    assert "Số hóa hồ sơ thủ tục hành chính" in msg.body and "Tuyên truyền chuyển đổi số" in msg.body
    assert "Tỷ lệ số hóa hồ sơ" in msg.body
    assert plan_reminders(day) == [] and plan_reminders(day + dt.timedelta(days=1)) == []  # once per kind


def test_on_the_day_and_after_it_leaders_are_told(world):
    period, due, day = _due(world, 0)
    assert plan_reminders(day) == [f"reminder:dueday:xa-a-vhxh:{period.key}"]
    after = plan_reminders(due + dt.timedelta(days=2))
    assert after == [f"reminder:after:xa-a-vhxh:{period.key}"]
    services.run_pending()
    to_leader = [m for m in mail.outbox if m.to == ["leader_a@example.test"]]
    assert len(to_leader) == 1 and "chưa gửi" in to_leader[0].subject


def test_units_that_reported_get_no_reminder(world):
    period, _due_day, day = _due(world, -3)
    for task in (world.task, world.task2):
        progress.save_update(user=world.officer, task=task, period_key=period.key, data={"percent": 10},
                             submit=True)
    from theodoi.planning.services import measurements

    measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh,
                                  period_key=period.key, numerator=1, denominator=2, submit=True)
    assert plan_reminders(day) == []


def test_reminder_job_skips_when_the_unit_reported_meanwhile(world):
    period, _due_day, day = _due(world, -3)
    plan_reminders(day)
    for task in (world.task, world.task2):
        progress.save_update(user=world.officer, task=task, period_key=period.key, data={"percent": 10},
                             submit=True)
    from theodoi.planning.services import measurements

    measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh,
                                  period_key=period.key, numerator=1, denominator=2, submit=True)
    [job] = services.run_pending()
    assert job.status == JobStatus.DONE and job.result == {"sent": 0} and not mail.outbox


def test_worker_once_plans_the_day_and_computes_warnings(world, capsys):
    call_command("worker", "--once")
    kinds = set(Job.objects.values_list("kind", flat=True))
    assert {"schedule.daily", "warnings.daily"} <= kinds
    assert not Job.objects.exclude(status=JobStatus.DONE).exclude(kind="reminder.send").exists()
    w = Job.objects.get(kind="warnings.daily")
    assert w.result["total"] == len(w.result["warnings"]) and "by_code" in w.result
    call_command("worker", "--once")  # a second run the same day plans nothing new
    assert Job.objects.filter(kind="schedule.daily").count() == 1
    assert "Đã chạy" in capsys.readouterr().out


def test_daily_planning_is_deduplicated(world):
    a, b = ensure_daily(dt.date(2026, 5, 1)), ensure_daily(dt.date(2026, 5, 1))
    assert a.pk == b.pk


def test_worker_round_survives_a_broken_database_call(monkeypatch, capsys):
    from theodoi.jobs.management.commands.worker import Command

    def broken(*a, **kw):
        raise RuntimeError("database restarting")

    monkeypatch.setattr(services, "requeue_stale", broken)
    monkeypatch.setattr("time.sleep", lambda s: None)
    assert Command()._tick("w") == 0


def test_bad_reminder_rows_fail_at_once_and_do_not_stop_the_good_ones(world):
    """Malformed or orphaned rows (the peer project's monthly jobs crashed on one) are failed with
    their reason and never retried; the valid reminder beside them is sent."""
    period, due, day = _due(world, -3)
    bad = [services.enqueue("reminder.send", payload)[0] for payload in (
        {"unit": 999_999, "period": period.key, "kind": "before", "due": due.isoformat()},
        {"unit": world.vhxh.pk, "period": "tháng năm", "kind": "before", "due": due.isoformat()},
        {"unit": world.vhxh.pk, "period": period.key, "kind": "khac", "due": due.isoformat()},
        {"period": period.key},
    )]
    Job.objects.filter(pk=bad[-1].pk).update(payload=["không", "phải", "từ điển"])
    plan_reminders(day)
    ran = services.run_pending()
    assert len(ran) == 5
    for job in bad:
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.attempts == 1 and "PermanentError" in job.log, job.log
    assert "Không còn đơn vị #999999" in Job.objects.get(pk=bad[0].pk).log
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer_a@example.test"]


def test_a_failing_due_day_does_not_starve_the_others(world, monkeypatch):
    """Plans with another due day are still reminded; the day's job then fails (and is retried)
    with the failure in its log, and a retry does not plan the same reminders twice."""
    from theodoi.jobs import schedule
    from theodoi.planning.models import DocStatus, DocType, Document

    Document.objects.create(doc_type=DocType.KE_HOACH, number="9/KH-UBND", issuer=world.xa_b, title="Kế hoạch khác",
                            status=DocStatus.ACTIVE, monthly_due_day=20)
    real = schedule._plan_due_day

    def flaky(today, due_day):
        if due_day == 20:
            raise ValueError("dòng dữ liệu hỏng")
        return real(today, due_day)

    monkeypatch.setattr(schedule, "_plan_due_day", flaky)
    _period, _due_day, day = _due(world, -3)
    ensure_daily(day)
    job = services.run(services.claim())
    assert job.kind == "schedule.daily"
    assert job.status == JobStatus.QUEUED and job.attempts == 1  # to be retried
    assert "Kế hoạch có hạn báo cáo ngày 20: ValueError: dòng dữ liệu hỏng" in job.log
    assert Job.objects.filter(kind="reminder.send").count() == 1  # xa-a's units were still planned
    monkeypatch.setattr(schedule, "_plan_due_day", real)
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())  # the retry is due
    services.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert Job.objects.filter(kind="reminder.send").count() == 1


def test_a_due_day_outside_the_month_is_refused_by_the_database(world):
    from django.db import IntegrityError, transaction

    from theodoi.planning.models import Document

    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=world.plan.pk).update(monthly_due_day=0)


def test_reminder_names_the_unit_with_its_commune(world):
    period, _due_day, day = _due(world, 2)
    plan_reminders(day)
    services.run_pending()
    [msg] = mail.outbox
    assert msg.subject.startswith("Phòng Văn hóa - Xã hội xã An Bình chưa gửi báo cáo")
    assert "Kính gửi lãnh đạo Phòng Văn hóa - Xã hội xã An Bình" in msg.body


def test_worker_date_option(world, capsys):
    call_command("worker", "--once", "--date", "2026-05-12")
    assert Job.objects.filter(kind="schedule.daily", dedupe_key="schedule:2026-05-12").exists()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("worker", "--once", "--date", "12/05/2026")
    with pytest.raises(CommandError, match="--once"):
        call_command("worker", "--date", "2026-05-12")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(__import__("django.db").db.connection.vendor != "postgresql",
                    reason="threads need separate connections to a server (SQLite: see test_worker_process)")
def test_two_workers_on_two_connections_run_each_job_once():
    import threading

    from django.db import connection

    ran: list[int] = []

    @services.handler("test.count")
    def _count(job, log):
        ran.append(job.pk)
        return {}

    try:
        for i in range(40):
            services.enqueue("test.count", {"i": i})
        barrier = threading.Barrier(2)

        def work(name):
            try:
                barrier.wait(timeout=10)
                services.run_pending(worker=name)
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(60)
        assert sorted(ran) == sorted(set(ran)) and len(ran) == 40
        assert set(Job.objects.values_list("attempts", flat=True)) == {1}
        assert Job.objects.filter(status=JobStatus.DONE).count() == 40
    finally:
        services.HANDLERS.pop("test.count")


def test_a_round_runs_each_due_job_once_even_when_its_retry_falls_due_during_the_round(boom, monkeypatch):
    """A round of `worker --once` runs each due job once: one failing with a back-off shorter than the
    rest of the round is not tried again in it (the two-instance test's retry of 1 s on a busy
    machine); the jobs the day's schedule queues during the round run in it (the test above)."""
    monkeypatch.setattr(services, "backoff", lambda attempts: dt.timedelta(0))  # due again at once
    job, _ = services.enqueue("test.boom")
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() - dt.timedelta(minutes=1))
    call_command("worker", "--once", "--date", "2026-05-12")
    job.refresh_from_db()
    assert len(boom) == 1 and job.attempts == 1 and job.status == JobStatus.QUEUED
    assert services.claim("w1", done=[job.pk]) is None
    assert services.claim("w1").pk == job.pk  # and the next round takes it
