"""A warning carries a code and parameters; its text is rendered at the edge, so the same warning
reads in Vietnamese or in English (page, JSON twin, API)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

AUGUST_3 = dt.date(2026, 8, 3)  # task III.1 was due on 30/06/2026; July's report was due on 15/07


@pytest.fixture
def late_update(world):
    from theodoi.planning.models import ProgressUpdate, ReviewState

    return ProgressUpdate.objects.create(task=world.task, unit=world.vhxh, period_key="2026-05",
                                         period_end=dt.date(2026, 5, 14), percent=Decimal("40"),
                                         work_done="Đã số hóa 400 hồ sơ", state=ReviewState.SUBMITTED)


@pytest.mark.django_db
def test_the_same_warning_reads_in_vietnamese_and_in_english(world, late_update):
    from theodoi.planning.selectors.warnings import compute_warnings

    found = {w.code: w for w in compute_warnings(AUGUST_3) if w.task == world.task}
    overdue, missing = found["overdue"], found["no_update"]
    assert overdue.reason_vi.params["days"] == 34 and overdue.reason_vi.params["due"] == "30/06/2026"
    assert missing.reason_vi.as_json()["params"]["period"] == "2026-07"
    with translation.override("vi"):
        assert overdue.reason == ("Quá hạn 34 ngày (hạn 30/06/2026), tiến độ báo cáo gần nhất 40% "
                                  "(chưa được duyệt).")
        assert missing.reason.startswith("Chưa gửi báo cáo tiến độ tháng 7/2026 (hạn 15/07/2026); "
                                         "báo cáo gần nhất: tháng 5/2026")
    with translation.override("en"):
        assert overdue.reason == ("Overdue by 34 days (due 30/06/2026), latest reported progress 40% "
                                  "(not yet approved).")
        assert missing.reason.startswith("Progress report for 7/2026 not sent (due 15/07/2026); latest report: 5/2026")
        assert overdue.to_dict()["reason"] == overdue.reason and overdue.to_dict()["label"] == "Overdue task"
    assert str(overdue.reason_vi) == overdue.to_dict()["reason_vi"]  # the Vietnamese text, as the CLI prints it


@pytest.mark.django_db
def test_the_warnings_page_and_its_json_twin_follow_the_chosen_language(client, world, late_update, settings):
    client.force_login(world.admin)
    with mock.patch("theodoi.web.views.warnings.today", return_value=AUGUST_3):
        vi = client.get(reverse("warnings")).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        en = client.get(reverse("warnings")).content.decode()
        twin = client.get(reverse("warnings_export", args=["json"])).json()["results"]
    assert "Quá hạn 34 ngày" in vi and "Overdue by 34 days" not in vi
    assert "Overdue by 34 days" in en and "Quá hạn 34 ngày" not in en
    assert any(r["reason"].startswith("Overdue by 34 days") for r in twin)
