"""A report's per-period facts computed in SQL (``reporting.progress``) agree with the status rule run on
each task's whole history up to the period's end (``status.task_facts``), task by task and period by period,
on generated histories: several units per task, every review state, ties on a period end, 100 % approved
and later lowered, blank and whitespace-only texts, updates sent with and without a time."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from theodoi.domain.periods import Period
from theodoi.planning.models import ProgressUpdate, ReviewState, Task
from theodoi.planning.selectors.status import SENT, facts_of, task_facts
from theodoi.reporting import progress

MONTHS = [Period.parse(f"2025-{m:02d}") for m in range(9, 13)] + [Period.parse(f"2026-{m:02d}") for m in range(1, 9)]
PERIODS = [*MONTHS[::2], Period.parse("2025-Q4"), Period.parse("2026-Q2"), Period.parse("2026-H1"),
           Period.parse("2025"), Period.parse("2026")]
TEXTS = ["", " ", "\n", "Đã triển khai", "Đã triển khai.", "Hoàn thành khảo sát"]


def _history(rng: random.Random, world, task: Task) -> None:
    units = [world.vhxh, world.xa_a]
    percent = Decimal(0)
    for month in MONTHS:
        for unit in units:
            if rng.random() < 0.35:
                continue
            percent = min(Decimal(100), percent + rng.choice([0, 0, 10, 25, 50, 100]))
            if rng.random() < 0.1:
                percent = Decimal(rng.choice([0, 40]))  # lowered after a report
            ProgressUpdate.objects.create(
                task=task, unit=unit, period_key=month.key, period_end=month.end,
                percent=None if rng.random() < 0.15 else percent,
                state=rng.choice([ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED,
                                  ReviewState.APPROVED, ReviewState.APPROVED]),
                work_done=rng.choice(TEXTS), difficulties=rng.choice(TEXTS), proposals=rng.choice(TEXTS),
                outputs_delivered=rng.choice(TEXTS),
                disbursed_total=rng.choice([None, Decimal(5_000_000)]),
                submitted_at=None if rng.random() < 0.3 else dt.datetime.combine(
                    month.end + dt.timedelta(days=rng.randint(-3, 20)), dt.time(16, 30), tzinfo=dt.UTC),
            )


@pytest.mark.django_db
def test_period_facts_agree_with_the_whole_history(world):
    rng = random.Random(57)
    tasks = [world.task]
    for i in range(24):
        tasks.append(Task.objects.create(
            document=world.plan, code=f"G.{i}", title=f"Nhiệm vụ sinh {i}", lead_unit=world.vhxh,
            due_date=rng.choice([None, dt.date(2026, 1, 31), dt.date(2026, 6, 30)]),
            recurrence=rng.choice(["", "", "monthly"]),
            completed_on=rng.choice([None, None, None, dt.date(2026, 3, 1)])))
    for t in tasks:
        _history(rng, world, t)
    ids = [t.pk for t in tasks]
    tasks = list(Task.objects.filter(pk__in=ids).select_related("document"))
    checked = 0
    for period in PERIODS:
        found = progress.of_tasks(ids, period)
        reasons = progress.latest_reasons(ids, period.end)
        for t in tasks:
            sent = list(ProgressUpdate.objects.filter(task=t, state__in=SENT, period_end__lte=period.end)
                        .order_by("period_end", "pk"))
            p = found[t.pk]
            for public in (False, True):
                assert facts_of(t, p.history, period.end, period=period, public=public) == task_facts(
                    t, sent, period.end, period=period, public=public), (t.code, period.key, public)
            assert (p.latest or {}).get("id") == (sent[-1].pk if sent else None)
            assert [u["id"] for u in p.current] == [u.pk for u in sent if u.period_end >= period.start]
            assert p.history.sent_percent == (sent[-1].percent if sent else None)
            want = next((u.difficulties.strip() for u in reversed(sent) if u.difficulties.strip()), "")
            assert reasons.get(t.pk, "") == want
            checked += bool(sent)
    assert checked > len(PERIODS) * len(tasks) // 2  # most tasks had a history in most periods


@pytest.mark.django_db
def test_a_task_without_updates_has_an_empty_history(world):
    p = progress.of_tasks([world.task.pk], Period.parse("2026-05"))[world.task.pk]
    assert p.latest is None and p.current == [] and p.history.percent is None and not p.history.started
    assert progress.of_tasks([], Period.parse("2026-05")) == {}
