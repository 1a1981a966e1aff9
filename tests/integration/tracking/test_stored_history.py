"""A task's stored sent updates (``TaskState.sent``) give, for any past period, the status the
history itself gives: generated histories of updates in every state, sent around midnight in
Hanoi, at 100 % or not, cut at any day (the dashboard's period picker and its six-month trend)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.domain.periods import Period
from theodoi.planning.models import ProgressUpdate, Task
from theodoi.planning.selectors import status as official
from theodoi.planning.services import state

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MONTHS = [Period(2026, "month", m) for m in range(1, 9)]
update = st.tuples(
    st.integers(min_value=0, max_value=len(MONTHS) - 1),  # which month
    st.sampled_from(["village", "office"]),  # which unit sends it (two updates of one month)
    st.sampled_from(["draft", "submitted", "approved", "approved", "returned"]),
    st.one_of(st.none(), st.sampled_from([Decimal(0), Decimal("35.5"), Decimal(99), Decimal(100)])),
    st.booleans(),  # a narrative
    st.one_of(st.none(), st.integers(min_value=-3, max_value=3)),  # sent: hours from midnight in Hanoi
)
days = st.builds(lambda d: dt.date(2025, 12, 20) + dt.timedelta(days=d), st.integers(min_value=0, max_value=270))
# a period's last day and the day after it: where a cut that counts one update too many or too few shows
edges = st.sampled_from([p.end + dt.timedelta(days=k) for p in MONTHS for k in (0, 1)])


def _sent_at(period: Period, hours: int | None) -> dt.datetime | None:
    if hours is None:
        return None
    midnight = dt.datetime.combine(period.end, dt.time(0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return midnight + dt.timedelta(hours=hours)


@pytest.mark.django_db
@SETTINGS
@given(rows=st.lists(update, max_size=10), day=st.one_of(days, edges), through=st.one_of(days, edges),
       recurring=st.booleans())
def test_the_stored_updates_cut_at_a_day_give_the_history_of_that_day(world, rows, day, through, recurring):
    from theodoi.web.selectors import dashboard
    from theodoi.web.selectors.leader import trend_days, unit_trends

    with transaction.atomic():
        Task.objects.filter(pk=world.task.pk).update(recurrence="continuous" if recurring else "",
                                                     due_date=dt.date(2026, 6, 30))
        seen = set()
        for month, who, st_, percent, narrative, hours in rows:
            unit = world.ban if who == "village" else world.vhxh
            if (month, unit.pk) in seen:
                continue
            seen.add((month, unit.pk))
            p = MONTHS[month]
            ProgressUpdate.objects.create(task=world.task, unit=unit, period_key=p.key, period_end=p.end, state=st_,
                                          percent=percent, work_done="Đã làm" if narrative else "",
                                          submitted_at=None if st_ == "draft" else _sent_at(p, hours))
        assert state.differences() == []  # the writes kept the stored summary and the stored updates
        task = Task.objects.select_related("document", "lead_unit").get(pk=world.task.pk)
        history = [u for u in ProgressUpdate.objects.filter(task=task, state__in=official.SENT)
                   .order_by("period_end", "id") if u.period_end <= through]
        want = official.summarise(history)
        assert official.stored_histories([task.pk], through)[task.pk] == want
        assert official.history_of(official.up_to(official.stored_sent([task.pk])[task.pk], through)) == want
        row = official.task_rows([task], day, through=through)[0]
        facts = official.task_facts(task, history, day)
        assert (row.percent, row.reported_this_period, row.sent_percent) == (
            facts.percent, facts.reported_this_period, want.sent_percent)
        # the dashboard's trend from the stored updates is the trend from the updates themselves
        everything = list(ProgressUpdate.objects.filter(state__in=official.SENT).order_by("period_end", "id"))

        def from_history(ids):
            return {pk: official.sent_of([u for u in everything if u.task_id == pk]) for pk in ids}

        period = MONTHS[-1]

        def trend():
            # the tasks, targets and sent updates the trend reads, folded with the page's own day
            board = dashboard.build(world.admin, world.xa_a, day, through=through, days=trend_days(period))
            board.children = [world.vhxh, world.ban]
            return unit_trends(board, period, day)

        stored = trend()
        with mock.patch.object(official, "stored_sent", from_history):
            rebuilt = trend()
        assert stored == rebuilt
        transaction.set_rollback(True)
