"""A past period shows the reports made for it, as approved now: the dashboard (its tasks, targets,
scorecard, ranking, trend and downloads) and the report of that period count the same updates and figures.

A figure for June approved in August counts in the second quarter; an update for August does not."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.domain.periods import Period
from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState

pytestmark = pytest.mark.django_db

Q2 = Period.parse("2026-Q2")


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def late_approvals(world):
    """May's update sent on time, June's sent and approved after the quarter ended, August's at 100 %;
    June's figure approved in August, August's figure after it."""
    def update(key, end, percent, sent):
        return ProgressUpdate.objects.create(
            task=world.task, unit=world.vhxh, period_key=key, period_end=end, percent=Decimal(percent),
            work_done=f"Đã số hóa {percent}% hồ sơ", state=ReviewState.APPROVED, submitted_by=world.officer,
            submitted_at=_at(sent), reviewed_by=world.leader, reviewed_at=_at(sent + dt.timedelta(days=2)),
            disbursed_total=Decimal(percent) * 100000)

    def figure(key, end, num, approved):
        return Measurement.objects.create(
            target=world.target, unit=world.vhxh, period_key=key, period_end=end, numerator=Decimal(num),
            denominator=Decimal(1000), state=ReviewState.APPROVED, submitted_by=world.officer,
            submitted_at=_at(approved - dt.timedelta(days=3)), reviewed_by=world.leader, reviewed_at=_at(approved))

    update("2026-05", dt.date(2026, 5, 14), 40, dt.date(2026, 5, 16))
    update("2026-06", dt.date(2026, 6, 14), 60, dt.date(2026, 7, 20))  # sent five weeks after Q2 ended
    update("2026-08", dt.date(2026, 8, 14), 100, dt.date(2026, 8, 15))
    figure("2026-06", dt.date(2026, 6, 14), 600, dt.date(2026, 8, 1))  # approved in August
    figure("2026-08", dt.date(2026, 8, 14), 900, dt.date(2026, 8, 20))
    assert Q2.end == dt.date(2026, 6, 14)


def test_the_dashboard_scorecard_and_report_of_a_past_quarter_agree(world, late_approvals):
    from theodoi.reporting import data as report_data
    from theodoi.reporting import periods as report_periods
    from theodoi.web.views.dashboard import dashboard_data

    board = dashboard_data(world.reader, world.lai_chau, "2026-Q2")
    assert board["day"] == Q2.end
    task = next(r for r in board["d"].tasks if r["uid"] == str(world.task.uid))
    target = next(r for r in board["d"].targets if r["uid"] == str(world.target.uid))
    # June's update counts though sent after the quarter; August's 100 % does not
    assert task["approved_percent"] == Decimal(60) and task["percent"] == Decimal(60)
    assert task["disbursed"] == Decimal(6000000)
    # June's figure counts though approved in August; August's does not
    assert target["latest_value"] == Decimal(60)
    card = board["scorecard"]
    cells = [cell for _unit, _name, row in card.rows for cell in row if cell]
    assert [c.value for c in cells] == [Decimal(60)]

    report = report_data.gather(world.xa_a, "quarterly", report_periods.parse("quarterly", "2026-Q2"))
    rows = [r for g in report["task_groups"] for r in g["tasks"]]
    row = next(r for r in rows if r["code"] == world.task.code)
    assert Decimal(row["percent"]) == task["approved_percent"] and row["status_code"] == task["status_code"]
    goal = next(t for t in report["targets"] if t["text"].startswith("Tỷ lệ số hóa hồ sơ"))
    assert Decimal(goal["value"]) == target["latest_value"] and goal["status_code"] == target["status_code"]


def test_the_trend_and_the_ranking_of_a_past_quarter_count_alike(world, late_approvals):
    from theodoi.web.views.dashboard import dashboard_data

    board = dashboard_data(world.reader, world.lai_chau, "2026-Q2")
    ranked = {r.unit.pk: r.score.total for r in board["ranked"]}
    trend = board["unit_trend"]
    assert trend.months[-1].key == "2026-06"  # the quarter's last month
    from theodoi.planning.selectors.texts import unit_label

    last = {name: values[-1] for name, values in trend.series}
    assert last[unit_label(world.xa_a)] == pytest.approx(ranked[world.xa_a.pk])


def test_the_downloads_of_a_past_quarter_hold_its_numbers(login, world, late_approvals):
    from openpyxl import load_workbook

    client = login(world.reader)
    page = client.get(reverse("dashboard_unit", args=["lai-chau"]) + "?period=2026-Q2").content.decode()
    card = page.split('id="scorecard"', 1)[1].split("</section>", 1)[0]
    assert "<small>60</small>" in card and "<small>90</small>" not in card  # the cell figures, not a uid
    resp = client.get(reverse("dashboard_export", args=["lai-chau", "xlsx"]) + "?period=2026-Q2")
    book = load_workbook(io.BytesIO(resp.content))
    values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert any(str(v).replace(",", ".").startswith("60") for v in values)
    assert not any(str(v).replace(",", ".") in ("90", "90.0", "900") for v in values)
