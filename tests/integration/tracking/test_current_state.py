"""Each task's and target's stored current state (``TaskState``/``TargetState``) equals the one
rebuilt from the history after every kind of write, and the pages' rows read from it are the rows
computed from the history itself (same status, progress, latest update, series) on any day."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.integration.tracking.conftest import P
from theodoi.planning.models import (
    Indicator,
    Measurement,
    ProgressUpdate,
    ReviewState,
    Target,
    TargetState,
    Task,
    TaskState,
)
from theodoi.planning.selectors import status as official
from theodoi.planning.services import measurements, progress, review, state, tasks
from theodoi.tenancy.models import Unit
from theodoi.web.selectors.tasks import LATEST_FIELDS, latest_updates

pytestmark = pytest.mark.django_db
DAYS = (dt.date(2026, 3, 1), dt.date(2026, 6, 20), dt.date(2026, 12, 31), dt.date(2027, 2, 1))


def _task_key(r: official.TaskRow) -> tuple:
    return (r.task.pk, r.code, r.overdue, r.days_overdue, r.percent, r.sent_percent, r.last_period,
            r.reported_this_period)


def _target_key(r: official.TargetRow) -> tuple:
    return (r.target.pk, r.code, r.value, r.period_key, r.series, r.forecast)


def _history_latest(user, ids, through=None):
    """The newest readable update of each task (of a period ending by ``through``), as the lists read
    it before the stored state."""
    from theodoi.tenancy.permissions import restrict

    out: dict = {}
    qs = restrict(ProgressUpdate.objects.filter(task_id__in=ids), user, "view")
    if through is not None:
        qs = qs.filter(period_end__lte=through)
    for u in qs.order_by("task_id", "-period_end", "-id").values(*LATEST_FIELDS):
        out.setdefault(u["task_id"], u)
    return out


def _from_history(all_tasks, day, through=None):
    """The task rows computed from every sent update itself, as the pages did before the stored state."""
    sent = ProgressUpdate.objects.filter(state__in=official.SENT).order_by("period_end", "id")
    ups = {t.pk: [u for u in sent.filter(task=t) if through is None or u.period_end <= through] for t in all_tasks}
    rows = []
    for t in all_tasks:
        facts = official.task_facts(t, ups[t.pk], day)
        row = official.task_rows([t], day, histories={t.pk: official.summarise(ups[t.pk])})[0]
        assert (row.percent, row.reported_this_period) == (facts.percent, facts.reported_this_period)
        rows.append(row)
    return rows


def assert_exact(users=(), units=()) -> None:
    """The stored state is the history's, and every page row read from it is the history's, on any
    day and for any past period (``through``: the dashboard's period picker and trend)."""
    assert state.differences() == []
    all_tasks = list(Task.objects.select_related("document", "lead_unit"))
    ids = [t.pk for t in all_tasks]
    targets = list(Target.objects.select_related("document", "indicator"))
    sent = official.stored_sent(ids)
    for day in DAYS:
        stored = official.task_rows(all_tasks, day)
        rebuilt = _from_history(all_tasks, day)
        assert list(map(_task_key, stored)) == list(map(_task_key, rebuilt)), day
        for through in (dt.date(2026, 3, 14), dt.date(2026, 4, 30), dt.date(2026, 5, 14)):
            rebuilt = list(map(_task_key, _from_history(all_tasks, day, through)))
            assert list(map(_task_key, official.task_rows(all_tasks, day, through=through))) == rebuilt, (day, through)
            cut = {pk: official.history_of(official.up_to(ups, through)) for pk, ups in sent.items()}
            assert list(map(_task_key, official.task_rows(all_tasks, day, histories=cut))) == rebuilt
            ends = [dt.date(2026, 3, 14), through, dt.date(2026, 12, 14)]
            assert all(official.histories_up_to(ups, ends)[1] == cut[pk] for pk, ups in sent.items())
        for unit in (None, *units):
            stored_t = official.target_rows(targets, day, unit)
            figures = official.approved_figures([t.pk for t in targets], unit)
            rebuilt_t = official.target_rows(targets, day, unit, figures=figures)
            assert list(map(_target_key, stored_t)) == list(map(_target_key, rebuilt_t)), (day, unit)
    for user in users:
        assert latest_updates(user, ids) == _history_latest(user, ids), user
        for through in (dt.date(2026, 3, 14), dt.date(2026, 4, 30)):
            assert latest_updates(user, ids, through) == _history_latest(user, ids, through), (user, through)


def test_every_kind_of_write_keeps_the_state_exact(world, far):
    readers = (world.officer, world.leader, world.reader, world.officer_b, world.outsider, world.admin)
    units = (world.lai_chau, world.xa_a, world.vhxh, world.xa_b)
    assert TaskState.objects.filter(task=far.task).exists()  # a new task has its (empty) state
    assert TargetState.objects.filter(target=far.target).exists()
    assert_exact(readers, units)
    u = progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30})  # a draft
    assert TaskState.objects.get(task=world.task).latest_update_pk == u.pk
    assert_exact(readers, units)
    u = progress.submit_update(user=world.officer, update=u)
    assert official.task_status(world.task, DAYS[1]).sent_percent == Decimal("30")
    u = review.return_for_changes(world.leader, u, "Bổ sung minh chứng")
    assert_exact(readers, units)
    u = progress.save_update(user=world.officer, task=world.task, period_key=P,
                             data={"percent": 100, "work_done": "Xong"}, expected_version=u.version, submit=True)
    u = review.approve(world.leader, u)
    # zero staleness: the approval is in the very next read, no job in between
    assert official.task_status(world.task, DAYS[2]).percent == Decimal("100")
    assert_exact(readers, units)
    review.reopen(world.leader, u, "Chưa xong thật")
    assert_exact(readers, units)
    progress.save_update(user=world.officer, task=world.task2, period_key="2026-04",
                         data={"percent": 10, "work_done": "Khởi động"}, submit=True)
    # figures: saved, submitted, approved, returned, reopened, from two units
    m = measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh, period_key=P,
                                      numerator=40, denominator=100, submit=True)
    assert_exact(readers, units)
    m = review.approve(world.leader, m)
    assert official.target_status(world.target, DAYS[2]).value == Decimal("40")
    b = measurements.save_measurement(user=world.admin, target=world.target, unit=world.ban, period_key=P,
                                      numerator=3, denominator=10, submit=True)
    review.approve(world.superuser, b)
    assert_exact(readers, units)
    review.reopen(world.leader, m, "Sai mẫu số")
    assert_exact(readers, units)
    # a deadline edit and a run-state decision are read from the task's row: nothing stored goes stale
    tasks.update_task(user=world.admin, task=Task.objects.get(pk=world.task.pk),
                      fields={"due_date": dt.date(2026, 5, 1)}, reason="Lùi")
    tasks.set_run_state(user=world.superuser, task=world.task2, run_state="paused", reason="Chờ kinh phí")
    assert_exact(readers, units)
    # the indicator's rule changes how the figures combine: the target is recombined
    ind = Indicator.objects.create(code="TL", name="Tỷ lệ", kind="ratio", across_units="sum", across_time="last")
    world.target.indicator = ind
    world.target.save()
    assert TargetState.objects.get(target=world.target).rule == "last/sum/1"
    ind.across_time = "sum"
    ind.save()
    assert TargetState.objects.get(target=world.target).rule == "last/sum/1".replace("last", "sum", 1)
    assert_exact(readers, units)
    # deletions: an update by itself, then a whole task with its updates, a target with its figures
    ProgressUpdate.objects.filter(task=world.task2).get().delete()
    assert_exact(readers, units)
    world.task2.delete()
    Measurement.objects.filter(target=world.target, unit=world.ban).delete()
    assert_exact(readers, units)
    far.target.delete()
    assert not TargetState.objects.filter(target_id=far.target.pk).exists()
    assert_exact(readers, units)


def test_a_unit_moved_out_of_the_subtree_is_read_from_the_figures(world):
    for unit, num in ((world.vhxh, 40), (world.ban, 3)):
        Measurement.objects.create(target=world.target, unit=unit, period_key=P, period_end=dt.date(2026, 5, 14),
                                   numerator=num, denominator=100, state=ReviewState.APPROVED)
    row = official.target_status(world.target, DAYS[2], world.vhxh)  # the office alone: 40/100
    assert row.value == Decimal("40")
    assert official.target_status(world.target, DAYS[2], world.xa_a).value == Decimal("21.5")  # 43/200
    Unit.objects.filter(pk=world.ban.pk).update(path=world.xa_b.path + "moved/")
    assert official.target_status(world.target, DAYS[2], world.xa_a).value == Decimal("40")


def test_verify_finds_a_damaged_state_and_rebuild_repairs_it(world):
    progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30}, submit=True)
    out = io.StringIO()
    call_command("state", "verify", stdout=out)
    assert "khớp" in out.getvalue()
    TaskState.objects.filter(task=world.task).update(history={**TaskState.objects.get(task=world.task).history,
                                                              "sent_percent": "99.0"})
    TargetState.objects.filter(target=world.target).delete()
    with pytest.raises(CommandError, match="2 tình trạng"):
        call_command("state", "verify", stdout=io.StringIO())
    call_command("state", "rebuild", stdout=io.StringIO())
    assert state.differences() == []


def test_the_migration_backfills_what_the_service_keeps(world):
    from importlib import import_module

    from django.apps import apps

    progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30}, submit=True)
    progress.save_update(user=world.officer, task=world.task, period_key="2026-04",
                         data={"percent": 100, "work_done": "Xong"}, submit=True)
    Measurement.objects.create(target=world.target, unit=world.vhxh, period_key=P, period_end=dt.date(2026, 5, 14),
                               numerator=1, denominator=4, state=ReviewState.APPROVED)
    kept = (list(TaskState.objects.order_by("pk").values()), list(TargetState.objects.order_by("pk").values()))
    TaskState.objects.all().delete()
    TargetState.objects.all().delete()
    import_module("theodoi.planning.migrations.0007_i11c_current_state").backfill(apps, None)
    import_module("theodoi.planning.migrations.0009_i11d_taskstate_sent").backfill(apps, None)
    assert TaskState.objects.get(task=world.task).sent != []
    assert (list(TaskState.objects.order_by("pk").values()), list(TargetState.objects.order_by("pk").values())) == kept


def test_reading_the_state_costs_the_same_queries_for_more_tasks(world):
    def cost():
        all_tasks = list(Task.objects.select_related("document", "lead_unit"))
        targets = list(Target.objects.select_related("document", "indicator"))
        with CaptureQueriesContext(connection) as q:
            official.task_rows(all_tasks, DAYS[2])
            official.task_rows(all_tasks, DAYS[2], through=dt.date(2026, 3, 14))  # a past period
            official.stored_sent([t.pk for t in all_tasks])  # the trend's read
            official.target_rows(targets, DAYS[2], world.lai_chau)
            latest_updates(world.reader, [t.pk for t in all_tasks])
            latest_updates(world.reader, [t.pk for t in all_tasks], dt.date(2026, 3, 14))
        return [x["sql"][:90] for x in q.captured_queries]

    progress.save_update(user=world.officer, task=world.task, period_key=P, data={"percent": 30}, submit=True)
    Measurement.objects.create(target=world.target, unit=world.vhxh, period_key=P, period_end=dt.date(2026, 5, 14),
                               numerator=1, denominator=4, state=ReviewState.APPROVED)
    cost()  # the reader's memberships are read once per request
    before = cost()
    for i in range(12):
        t = Task.objects.create(document=world.plan, code=f"X.{i}", title=f"Thêm {i}", lead_unit=world.vhxh,
                                due_date=dt.date(2026, 9, 30))
        for month in ("2026-03", "2026-04"):
            progress.save_update(user=world.officer, task=t, period_key=month, data={"percent": 10 + i}, submit=True)
        target = Target.objects.create(document=world.plan, text=f"Chỉ tiêu {i}", comparator=">=", value=10,
                                       responsible_unit=world.vhxh)
        Measurement.objects.create(target=target, unit=world.ban, period_key=P, period_end=dt.date(2026, 5, 14),
                                   value=i, state=ReviewState.APPROVED)
    after = cost()
    assert len(after) == len(before), (before, after)


def test_writes_in_bulk_keep_the_state_too(world):
    """Rows written around the services (a queryset update, bulk_create, bulk_update) rebuild the state."""
    made = ProgressUpdate.objects.bulk_create([
        ProgressUpdate(task=world.task, unit=world.vhxh, period_key=key, period_end=end, percent=pct,
                       state=ReviewState.SUBMITTED)
        for key, end, pct in (("2026-03", dt.date(2026, 3, 14), 20), ("2026-04", dt.date(2026, 4, 14), 35))])
    assert_exact()
    ProgressUpdate.objects.filter(pk=made[0].pk).update(state=ReviewState.APPROVED)
    assert official.task_status(world.task, DAYS[1]).percent == Decimal("20")
    made[1].state = ReviewState.APPROVED
    ProgressUpdate.objects.bulk_update([made[1]], ["state"])
    ProgressUpdate.objects.filter(pk=made[1].pk).update(task=world.task2)  # moved: both tasks rebuilt
    m = Measurement.objects.create(target=world.target, unit=world.vhxh, period_key=P,
                                   period_end=dt.date(2026, 5, 14), numerator=1, denominator=4)
    Measurement.objects.filter(pk=m.pk).update(state=ReviewState.APPROVED)
    assert official.target_status(world.target, DAYS[2]).value == Decimal("25")
    assert_exact()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real two-connection race needs PostgreSQL")
def test_two_writers_of_one_task_at_once_leave_it_exact(world):
    """Two connections submit updates of two months of one task at the same moment: the state row is
    locked before the history is read, so the second rebuild sees the first one's committed update."""
    import threading

    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def send(user, period_key, percent):
        try:
            barrier.wait(timeout=10)
            progress.save_update(user=user, task=world.task, period_key=period_key,
                                 data={"percent": percent, "work_done": "Báo cáo"}, submit=True)
        except BaseException as exc:  # reported below: the test must see a failure in a thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=a) for a in ((world.officer, "2026-03", 20),
                                                               (world.leader, "2026-04", 35))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert not errors, errors
    assert state.differences() == []
    assert TaskState.objects.get(task=world.task).history["sent_ends"] == ["2026-03-14", "2026-04-14"]
