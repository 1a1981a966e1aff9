"""List twins (JSON, CSV, XLSX), diacritic-insensitive search, query counts, formats, charts."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_json_twin_by_suffix_and_query(login, world, progress):
    client = login(world.officer)
    a = json.loads(client.get(reverse("task_list_export", kwargs={"fmt": "json"})).content)
    b = json.loads(client.get(reverse("task_list") + "?format=json").content)
    assert a == b
    titles = {r["title"] for r in a["results"]}
    assert titles == {"Số hóa hồ sơ thủ tục hành chính", "Tuyên truyền chuyển đổi số"}
    row = next(r for r in a["results"] if r["code"] == "III.1")
    assert row["percent"] == 40 and row["url"] == f"/tasks/{world.task.uid}/"


def test_json_is_permission_filtered(login, world):
    data = json.loads(login(world.outsider).get(reverse("task_list") + "?format=json").content)
    assert data["count"] == 0


@pytest.mark.parametrize("query", ["chuyen doi so", "CHUYỂN ĐỔI SỐ", "chuyển đổi"])
def test_search_ignores_diacritics(login, world, query):
    data = json.loads(login(world.officer).get(reverse("task_list"), {"q": query, "format": "json"}).content)
    assert [r["title"] for r in data["results"]] == ["Tuyên truyền chuyển đổi số"]
    plans = json.loads(login(world.officer).get(reverse("plan_list"), {"q": query, "format": "json"}).content)
    assert [r["number"] for r in plans["results"]] == ["12/KH-UBND"]


def test_csv_export(login, world, progress):
    resp = login(world.officer).get(reverse("task_list") + "?format=csv")
    assert resp["Content-Type"].startswith("text/csv")
    text = resp.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã định danh;Mã;Nhiệm vụ;Chủ trì")
    assert "Số hóa hồ sơ thủ tục hành chính" in text


def test_xlsx_export(login, world, progress):
    from openpyxl import load_workbook

    resp = login(world.reader).get(reverse("target_list_export", kwargs={"fmt": "xlsx"}))
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã định danh", "Mã", "Chỉ tiêu")
    assert rows[1][0] == str(world.target.uid) and rows[1][2] == "Tỷ lệ số hóa hồ sơ đạt 100%."


def test_export_neutralises_formulas(login, world):
    world.task2.title = "=HYPERLINK(\"http://x\")"
    world.task2.save()
    text = login(world.officer).get(reverse("task_list") + "?format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


LIST_PAGES = ["plan_list", "task_list", "target_list", "unit_list", "warnings", "overdue", "six_clear",
              "review_queue", "completeness", "dashboard", "home"]


def _more_rows(world, n: int) -> None:
    """``n`` more tasks, each with a submitted update, and ``n`` more targets with a figure."""
    import datetime as dt
    from decimal import Decimal

    from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState, Target, Task

    for i in range(n):
        t = Task.objects.create(document=world.plan, code=f"IV.{i}", title=f"Nhiệm vụ thêm {i}", lead_unit=world.vhxh,
                                due_date=dt.date(2026, 1, 1) if i % 2 else None)
        ProgressUpdate.objects.create(task=t, unit=world.vhxh, period_key="2026-04", period_end=dt.date(2026, 4, 14),
                                      percent=Decimal(i), work_done="x", state=ReviewState.SUBMITTED)
        g = Target.objects.create(document=world.plan, code=f"CT{i}", text=f"Chỉ tiêu thêm {i}", value=Decimal(10),
                                  responsible_unit=world.vhxh)
        Measurement.objects.create(target=g, unit=world.vhxh, period_key="2026-04", period_end=dt.date(2026, 4, 14),
                                   value=Decimal(i), state=ReviewState.APPROVED)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_query_count_does_not_grow(login, world, progress, django_assert_max_num_queries, name):
    """No N+1: fifteen more tasks, updates, targets and figures cost not one more query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.admin if name not in ("home", "review_queue") else world.leader)
    url = reverse(name)
    from theodoi.planning.selectors.texts import forget_names

    client.get(url)  # warm caches (content types, sessions)
    forget_names()  # the shared unit names are read again by both requests (their cache has a time limit)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code in (200, 302)
    _more_rows(world, 15)
    forget_names()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code in (200, 302)


def test_vietnamese_number_and_date_filters():
    import datetime as dt
    from decimal import Decimal

    from theodoi.web.templatetags.vn import vndate, vnmoney, vnnum

    assert vnnum(Decimal("1234.5")) == "1.234,5"
    assert vndate(dt.date(2026, 10, 15)) == "15/10/2026"
    assert vnmoney(50000000).startswith("50.000.000")
    assert vnnum(None) == "—"


def test_charts_escape_labels():
    from theodoi.web import charts

    svg = charts.bar_chart([charts.Bar("<script>alert(1)</script>", 3, url="/x?a=1&b=2")], title="T<1>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;b=2" in svg
    donut = charts.donut([charts.Bar("a\"b", 1)], title="d", center="<b>")
    assert "<b>" not in donut.replace("<b>", "", 0) or "&lt;b&gt;" in donut
    line = charts.line_chart([charts.Point("<x>", 1), charts.Point("y", 2)], title="l", target=3)
    assert "&lt;x&gt;" in line and "<x>" not in line


def test_user_text_is_escaped_on_pages(login, world):
    world.task.title = "<img src=x onerror=alert(1)>"
    world.task.save()
    client = login(world.officer)
    for url in (reverse("task_list"), reverse("plan_detail", args=[world.plan.uid]),
                reverse("task_detail", args=[world.task.uid]), reverse("home")):
        html = client.get(url).content.decode()
        assert "<img src=x" not in html, url
