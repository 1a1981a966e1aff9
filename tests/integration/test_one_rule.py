"""One rule, one answer: the places that show a rule agree, for generated inputs (Hypothesis).

- A target's figure: the target page's row, its JSON twin, the dashboard's scorecard and trend
  chart, the report of the period and the portal give the same value, for generated figures of
  several units over months either side of a reporting year's start (drafts among them), under
  every rule an indicator can declare (and none), due days 1–28 and every period kind.
- The reporting period: for due days 1–28 and days around the period boundaries, the form
  opens the month the reminder asks for, and the warnings check the month the late reminder
  chases (the one just before).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from theodoi.domain import periods
from theodoi.domain.periods import Period

FIGURE_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

amounts = st.integers(min_value=0, max_value=400).map(Decimal)
# figures of five months either side of the reporting year's start (15/12/2025): "sum" indicators
# restart there, so a page and a report that read the window differently part there
MONTHS = [Period(2025, "month", 11), Period(2025, "month", 12), Period(2026, "month", 1),
          Period(2026, "month", 2), Period(2026, "month", 3)]
figure = st.tuples(
    st.sampled_from(["xa-a-vhxh", "xa-a-ban-1", "xa-a"]),  # unit
    st.integers(min_value=0, max_value=len(MONTHS) - 1),  # which month
    amounts, amounts, st.integers(min_value=1, max_value=400).map(Decimal),  # value, numerator, denominator
    st.booleans(),  # as a ratio (numerator/denominator) or a value
    st.sampled_from(["approved", "approved", "submitted", "draft"]),
)


def _q(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _rules():
    """Every rule an indicator can declare (its kind, across units, across time), and no indicator at all
    (a bare target: its unit of measure decides)."""
    from theodoi.planning.models import IndicatorKind, TimeAggregation, UnitAggregation

    declared = st.tuples(st.sampled_from(IndicatorKind.values), st.sampled_from(UnitAggregation.values),
                         st.sampled_from(TimeAggregation.values), st.just(""))
    bare = st.tuples(st.none(), st.none(), st.none(), st.sampled_from(["%", "hồ sơ"]))
    return st.one_of(declared, bare)


@pytest.mark.django_db
@FIGURE_SETTINGS
@given(
    rows=st.lists(figure, min_size=1, max_size=8),
    rule=_rules(),
    day=st.builds(lambda d: dt.date(2025, 11, 1) + dt.timedelta(days=d), st.integers(min_value=0, max_value=150)),
    due_day=st.integers(min_value=1, max_value=28),
    kind=st.sampled_from(periods.KINDS),
)
# i09a's case: "none" across units, two units each reporting 0 (the report said None, the page 0)
@example(rows=[("xa-a-vhxh", 2, Decimal(0), Decimal(0), Decimal(1), False, "approved"),
               ("xa-a-ban-1", 2, Decimal(0), Decimal(0), Decimal(1), False, "approved")],
         rule=("value", "none", "last", ""), day=dt.date(2026, 1, 20), due_day=15, kind="month")
# two units that differ under "none" have no figure, and an earlier month of one unit alone must not show
@example(rows=[("xa-a-vhxh", 1, Decimal(5), Decimal(0), Decimal(1), False, "approved"),
               ("xa-a-vhxh", 2, Decimal(0), Decimal(0), Decimal(1), False, "approved"),
               ("xa-a-ban-1", 2, Decimal(3), Decimal(0), Decimal(1), False, "approved")],
         rule=("value", "none", "last", ""), day=dt.date(2026, 1, 20), due_day=15, kind="month")
# a "sum" indicator in the first month of a reporting year with nothing reported yet in it
@example(rows=[("xa-a-vhxh", 0, Decimal(7), Decimal(0), Decimal(1), False, "approved")],
         rule=("count", "sum", "sum", ""), day=dt.date(2026, 1, 5), due_day=5, kind="month")
def test_page_json_report_and_portal_give_the_same_value(world, client, rows, rule, day, due_day, kind):
    """For a duty due on ``due_day``, the period reported on ``day`` (``open_period``): the target page,
    its JSON twin, the portal, the dashboard's scorecard and trend and the report of that period give
    the same figure at its end."""
    from theodoi.planning.models import Document, Indicator, Measurement, Target
    from theodoi.planning.selectors.status import target_rows
    from theodoi.portal.selectors import target_items
    from theodoi.reporting.figures import target_rows as report_rows
    from theodoi.web.selectors.leader import scorecard
    from theodoi.web.selectors.targets import target_rows as web_rows

    ind_kind, across_units, across_time, uom = rule
    period = periods.open_period(day, due_day, kind)
    end = period.end
    with transaction.atomic():
        Document.objects.filter(pk=world.plan.pk).update(issued_date=dt.date(2025, 1, 10), monthly_due_day=due_day)
        indicator = None if ind_kind is None else Indicator.objects.create(
            code="P-GEN", name="Chỉ số sinh", kind=ind_kind, across_units=across_units, across_time=across_time)
        target = Target.objects.create(document=world.plan, text="Chỉ tiêu sinh", section="II.9", area="CĐS",
                                       comparator=">=", value=Decimal(50), indicator=indicator,
                                       unit_of_measure=uom, responsible_unit=world.vhxh, position=99)
        Target.objects.filter(pk=world.target.pk).delete()  # the report groups the plan's targets
        seen = set()
        for slug, month, value, num, den, as_ratio, state in rows:
            if (slug, month) in seen:
                continue
            seen.add((slug, month))
            p = MONTHS[month]
            Measurement.objects.create(
                target=target, unit={"xa-a-vhxh": world.vhxh, "xa-a-ban-1": world.ban, "xa-a": world.xa_a}[slug],
                period_key=p.key, period_end=p.end, state=state,
                value=None if as_ratio else value, numerator=num if as_ratio else None,
                denominator=den if as_ratio else None,
            )
        page_row = target_rows(Target.objects.filter(pk=target.pk), end)[0]
        report = [r for r in report_rows(world.xa_a, period) if r["text"] == target.text]
        portal = target_items(Target.objects.filter(pk=target.pk), end)[0]
        client.force_login(world.admin)
        with mock.patch("theodoi.web.views.targets.today", return_value=end):
            twin = client.get(reverse("target_list_export", args=["json"])).json()["results"]
        twin_row = next(r for r in twin if r["url"].endswith(f"/{target.uid}/"))
        assert len(report) == 1
        assert _q(page_row.value) == _q(report[0]["value"]) == _q(portal.value) == _q(twin_row["latest_value"])
        assert page_row.code == report[0]["status_code"] == portal.status_code
        # the dashboard of the commune (its subtree holds every unit here): scorecard cell and trend chart
        board = web_rows(world.admin, Target.objects.filter(pk=target.pk), end, world.xa_a)[0]
        assert _q(board["latest_value"]) == _q(page_row.value)
        if indicator is not None:
            cell = scorecard([world.xa_a], [board]).rows[0][2][0]
            assert cell is not None and _q(cell.value) == _q(page_row.value)
        # the chart ends at the shown figure when there is one
        if page_row.value is not None:
            assert page_row.series[-1][1] == page_row.value == board["_series"][-1][1]
        transaction.set_rollback(True)


def _around_boundaries():
    """Days near the cut-off (14th/15th), the ends of months and every possible due day."""
    days = st.integers(min_value=1, max_value=31)
    months = st.integers(min_value=1, max_value=12)

    def build(y, m, d):
        while True:
            try:
                return dt.date(y, m, d)
            except ValueError:
                d -= 1

    near = st.sampled_from([1, 2, 4, 5, 6, 13, 14, 15, 16, 27, 28, 29, 30, 31])
    return st.builds(build, st.sampled_from([2025, 2026]), months, st.one_of(near, days))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=_around_boundaries(), due_day=st.integers(min_value=1, max_value=28))
def test_forms_reminders_and_warnings_name_the_same_period(world, day, due_day):
    from theodoi.jobs.schedule import reminder_plans
    from theodoi.web.views.common import current_period

    with mock.patch("theodoi.web.views.common.today", return_value=day):
        form_period = current_period(due_day)
    opened = periods.open_period(day, due_day)
    assert form_period == opened
    # the open period is the one whose report is due next, never one already late
    assert periods.due_date(opened, due_day) >= day > periods.due_date(opened.previous(), due_day)
    warned = periods.closed_period(day, due_day)
    assert warned == opened.previous()
    for kind, period, due in reminder_plans(day, due_day):
        if kind in ("before", "dueday"):
            assert period == form_period and due >= day
        else:
            assert kind == "after" and period == warned and due < day


@pytest.mark.django_db
def test_the_home_page_and_the_form_open_may_on_3_june_for_a_plan_due_on_the_5th(world, client):
    """The case of the issue: due on the 5th, on 3 June the form, the home page and the reminder ask
    for May; the warnings check April."""
    from theodoi.jobs.schedule import reminder_plans
    from theodoi.planning.models import Document

    Document.objects.filter(pk=world.plan.pk).update(monthly_due_day=5)
    june_3 = dt.date(2026, 6, 3)
    client.force_login(world.officer)
    with mock.patch("theodoi.web.views.common.today", return_value=june_3), \
            mock.patch("theodoi.web.views.home.today", return_value=june_3):
        form = client.get(reverse("task_update", args=[world.task.uid])).content.decode()
        home = client.get(reverse("home")).content.decode()
    assert '<input type="hidden" name="period" value="2026-05">' in form
    assert "?period=2026-05" in home
    assert [(k, p.key) for k, p, _due in reminder_plans(june_3, 5)] == [("before", "2026-05")]
    assert periods.closed_period(june_3, 5).key == "2026-04"
