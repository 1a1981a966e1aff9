"""The province leader's dashboard: a period picker, who is late and why, a scorecard, trends, downloads."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.domain.periods import Period
from theodoi.planning.models import Task
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.web.selectors import leader

pytestmark = pytest.mark.django_db


def test_the_period_picker_reads_months_quarters_and_years():
    today = dt.date(2026, 12, 3)
    assert leader.pick_period(None, today).key == "2026-12"
    assert leader.pick_period("2026-Q3", today).key == "2026-Q3"
    assert leader.pick_period("2026", today).key == "2026"
    assert leader.pick_period("2027-Q1", today).key == "2026-12"  # not started yet
    assert leader.pick_period("khong-phai-ky", today).key == "2026-12"
    assert leader.pick_period("2026-H1", today).key == "2026-12"  # halves are the reports' business
    assert leader.previous_of_kind(Period.parse("2026-12"), "quarter").key == "2026-Q3"
    assert leader.as_of(Period.parse("2026-Q3"), today) == dt.date(2026, 9, 14)
    groups = dict(leader.period_options(Period.parse("2026-Q3"), today))
    assert [o.key for o in groups["Quý"]][:2] == ["2026-Q4", "2026-Q3"]
    assert [o.key for o in groups["Quý"] if o.selected] == ["2026-Q3"]


def test_the_leader_reads_who_is_late_and_why(login, world, progress):
    page = login(world.reader).get(reverse("dashboard_unit", args=["lai-chau"])).content.decode()
    late = page.split('id="late"', 1)[1].split("</section>", 1)[0]
    assert "Xã An Bình" in late and "nhiệm vụ quá hạn, lâu nhất" in late and "Số hóa hồ sơ" in late
    assert "Quý trước (Quý III/2026)" in page and 'name="period"' in page
    assert reverse("dashboard_export", args=["lai-chau", "xlsx"]) in page


def test_the_scorecard_links_each_cell_to_its_figures(login, world, progress):
    page = login(world.reader).get(reverse("dashboard_unit", args=["lai-chau"])).content.decode()
    card = page.split('id="scorecard"', 1)[1].split("</section>", 1)[0]
    assert "Tỷ lệ số hóa hồ sơ" in card and "Xã An Bình" in card
    assert f'href="{world.target.get_absolute_url()}#figures"' in card


def test_a_past_quarter_reads_as_it_stood_then(login, world, progress):
    page = login(world.reader).get(reverse("dashboard_unit", args=["lai-chau"]) + "?period=2026-Q2").content.decode()
    assert "Quý II/2026" in page and "số liệu đến ngày 14/03/2026" not in page
    assert "số liệu đến ngày 14/06/2026" in page
    # the task is due 30/06/2026: not yet overdue on 14/06/2026
    late = page.split('id="late"', 1)[1].split("</section>", 1)[0] if 'id="late"' in page else ""
    assert "quá hạn" not in late


def test_trends_come_with_their_numbers_in_a_table(login, world, progress):
    page = login(world.reader).get(reverse("dashboard_unit", args=["lai-chau"])).content.decode()
    trends = page.split('id="trends"', 1)[1].split("</section>", 1)[0]
    assert '<svg class="chart"' in trends and 'role="img"' in trends and "<table" in trends
    assert "Điểm (0–100) cuối mỗi tháng" in trends and "Tháng 12/2026" in trends


def test_the_dashboard_downloads_as_xlsx_and_pdf(login, world, progress):
    from openpyxl import load_workbook

    client = login(world.reader)
    resp = client.get(reverse("dashboard_export", args=["lai-chau", "xlsx"]) + "?period=2026-Q4")
    assert resp.status_code == 200 and "bang-dieu-hanh-lai-chau-2026-Q4.xlsx" in resp["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.content))
    cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert any("Xã An Bình" in c for c in cells) and any("Quý IV/2026" in c for c in cells)
    pdf = client.get(reverse("dashboard_export", args=["lai-chau", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/dashboard/lai-chau/export.docx").status_code == 404
    # another province's dashboard stays closed, downloads too
    assert client.get(reverse("dashboard_export", args=["dien-bien", "pdf"])).status_code == 403


def test_queries_do_not_grow_with_the_units(login, world, progress):
    client = login(world.reader)
    url = reverse("dashboard_unit", args=["lai-chau"])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(6):
        commune = Unit.objects.create(slug=f"xa-them-{i}", name=f"Xã Thêm {i}", kind=UnitKind.COMMUNE,
                                      parent=world.lai_chau)
        Task.objects.create(document=world.plan, code=f"IX.{i}", title=f"Nhiệm vụ thêm {i}", lead_unit=commune,
                            due_date=dt.date(2026, 3, 31))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) <= len(before.captured_queries) + 2, [
        q["sql"][:120] for q in after.captured_queries]
