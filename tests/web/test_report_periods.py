"""Reporting the months people miss: a late month from the picker (marked late), a future month
refused by the form, the service and the API, and "không phát sinh" in one tap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from theodoi.domain import periods
from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState
from theodoi.planning.services import measurements, progress

pytestmark = pytest.mark.django_db


def _open(world):
    return periods.open_period(timezone.localdate(), world.plan.monthly_due_day)


def test_domain_future_and_late():
    day = dt.date(2026, 6, 3)
    assert periods.is_future(periods.Period.parse("2026-07"), day, 15)
    assert not periods.is_future(periods.Period.parse("2026-06"), day, 15)
    assert periods.is_future(periods.Period.parse("2026-06"), day, 5)  # May is still open on the 3rd
    assert periods.is_future(periods.Period.parse("2027-Q1"), day, 15)
    assert periods.is_late(periods.Period.parse("2026-04"), day, 15)
    assert not periods.is_late(periods.Period.parse("2026-06"), day, 15)
    assert [p.key for p in periods.reportable_months(day, 15, 3)] == ["2026-06", "2026-05", "2026-04"]


def test_picker_offers_late_months_and_marks_them(login, world):
    client = login(world.officer)
    open_ = _open(world)
    html = client.get(reverse("task_update", args=[world.task.uid])).content.decode()
    assert 'id="period-picker"' in html and f'value="{open_.previous().key}"' in html
    assert "quá hạn, gửi muộn" in html and "đang mở" in html
    html = client.get(reverse("task_update", args=[world.task.uid]) + f"?period={open_.previous().key}").content
    assert "Kỳ này đã quá hạn gửi" in html.decode()


def test_late_month_reported_from_the_page_is_late(login, world):
    client = login(world.officer)
    late = _open(world).previous()
    resp = client.post(reverse("task_update", args=[world.task.uid]) + f"?period={late.key}",
                       {"period": late.key, "percent": "30", "work_done": "Bù báo cáo", "submit": "1"})
    assert resp.status_code == 302
    row = ProgressUpdate.objects.get(task=world.task, period_key=late.key)
    assert row.state == ReviewState.SUBMITTED
    from theodoi.planning.selectors.obligations import obligations_for_units

    ob = [o for o in obligations_for_units([world.vhxh], late) if o.obj == world.task][0]
    assert ob.late and ob.done
    page = client.get(reverse("task_detail", args=[world.task.uid])).content.decode()
    assert "Gửi muộn" in page


def test_future_period_refused_by_form(login, world):
    client = login(world.officer)
    future = _open(world).next().key
    resp = client.get(reverse("task_update", args=[world.task.uid]) + f"?period={future}", follow=True)
    body = resp.content.decode()
    assert "chưa đến nên chưa thể báo cáo" in body and resp.redirect_chain
    resp = client.post(reverse("target_figure", args=[world.target.uid]),
                       {"period": future, "unit": world.vhxh.slug, "numerator": "1", "denominator": "2"})
    assert "chưa đến nên chưa thể báo cáo" in resp.content.decode()
    assert not Measurement.objects.filter(period_key=future).exists()


def test_future_period_refused_by_services(world):
    future = _open(world).next().key
    with pytest.raises(ValidationError, match="chưa đến"):
        progress.save_update(user=world.officer, task=world.task, period_key=future, data={"percent": 10})
    with pytest.raises(ValidationError, match="chưa đến"):
        measurements.save_measurement(user=world.officer, target=world.target, unit=world.vhxh,
                                      period_key=future, numerator=1, denominator=2)
    with pytest.raises(ValidationError, match="chưa đến"):
        progress.save_update(user=world.officer, task=world.task, period_key="2099-Q1", data={"percent": 10})


def test_future_period_refused_by_api(client, world):
    from theodoi.portal.tokens import issue_token

    _row, token = issue_token(world.officer, "kiểm thử")
    resp = client.post(f"/api/v1/tasks/{world.task.uid}/updates", {"period_key": "2099-06", "percent": 5},
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert resp.status_code == 422 and "chưa đến" in " ".join(resp.json()["errors"])
    assert not ProgressUpdate.objects.filter(period_key="2099-06").exists()


def test_nothing_to_report_in_one_tap_from_home(login, world):
    prev = _open(world).previous()
    ProgressUpdate.objects.create(task=world.task, unit=world.vhxh, period_key=prev.key, period_end=prev.end,
                                  percent=Decimal("40"), disbursed_total=Decimal("1000000"),
                                  state=ReviewState.APPROVED)
    client = login(world.officer)
    home = client.get(reverse("home")).content.decode()
    assert 'name="nothing"' in home
    key = _open(world).key
    resp = client.post(reverse("task_update", args=[world.task.uid]),
                       {"period": key, "version": "", "next": "home", "nothing": "1"})
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("home"))
    row = ProgressUpdate.objects.get(task=world.task, period_key=key)
    assert row.state == ReviewState.SUBMITTED and row.percent == Decimal("40")
    assert row.work_done == progress.NOTHING_TO_REPORT and row.disbursed_total == Decimal("1000000")
    assert "Gửi muộn" not in client.get(reverse("task_detail", args=[world.task.uid])).content.decode()


def test_nothing_sent_over_a_newer_save_is_refused_and_changes_nothing(login, world):
    key = _open(world).key
    row = ProgressUpdate.objects.create(task=world.task, unit=world.vhxh, period_key=key, period_end=_open(world).end,
                                        percent=Decimal("55"), work_done="Đã lắp đặt", state=ReviewState.DRAFT)
    client = login(world.officer)
    stale = row.version - 1 if row.version else -1
    resp = client.post(reverse("task_update", args=[world.task.uid]),
                       {"period": key, "version": str(stale), "nothing": "1"}, follow=True)
    page = resp.content.decode()
    assert resp.status_code == 200 and "người khác" in page.lower()
    row.refresh_from_db()
    assert (row.work_done, row.state) == ("Đã lắp đặt", ReviewState.DRAFT)


def test_nothing_for_a_figure_keeps_the_last_approved_one(login, world):
    prev = _open(world).previous()
    Measurement.objects.create(target=world.target, unit=world.vhxh, period_key=prev.key, period_end=prev.end,
                               numerator=Decimal("45"), denominator=Decimal("100"), state=ReviewState.APPROVED)
    client = login(world.officer)
    key = _open(world).key
    resp = client.post(reverse("target_figure", args=[world.target.uid]),
                       {"period": key, "unit": world.vhxh.slug, "nothing": "1"})
    assert resp.status_code == 302
    row = Measurement.objects.get(target=world.target, unit=world.vhxh, period_key=key)
    assert (row.numerator, row.denominator, row.state) == (Decimal("45"), Decimal("100"), ReviewState.SUBMITTED)


def test_nothing_without_a_previous_figure_asks_for_one(login, world):
    client = login(world.officer)
    resp = client.post(reverse("target_figure", args=[world.target.uid]),
                       {"period": _open(world).key, "unit": world.vhxh.slug, "nothing": "1"})
    assert resp.status_code == 200 and "Chưa có số liệu đã duyệt của kỳ trước" in resp.content.decode()


def test_nothing_for_a_summed_indicator_is_zero(world):
    ind = world.indicator
    ind.kind, ind.across_time = "count", "sum"
    ind.save()
    row = measurements.report_nothing(user=world.officer, target=world.target, unit=world.vhxh,
                                      period_key=_open(world).key)
    assert row.value == 0 and row.state == ReviewState.SUBMITTED


def test_home_lists_last_months_missing_items_as_late(login, world):
    html = login(world.officer).get(reverse("home")).content.decode()
    assert 'id="report-late"' in html and world.task.title[:40] in html
