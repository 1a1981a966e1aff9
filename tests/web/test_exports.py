"""Every list export (CSV and XLSX) with rows in it, read back: the same rows as the JSON twin.

The review queue carries time-zone-aware submission times; openpyxl refuses those, which made
``/review.xlsx`` answer 500 whenever the queue had items.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

EXPORTS = ["plan_list", "task_list", "target_list", "unit_list", "warnings", "overdue", "six_clear",
           "review_queue", "completeness"]


@pytest.fixture
def items(world, progress):
    """Some late tasks, submitted updates and figures, so every list has rows."""
    from django.utils import timezone

    from tests.web.test_lists import _more_rows
    from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState

    _more_rows(world, 3)
    for model in (ProgressUpdate, Measurement):  # submitted now, as the reporting forms stamp it
        model.objects.filter(state=ReviewState.SUBMITTED).update(submitted_at=timezone.now(),
                                                                 submitted_by=world.officer)
    return world


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_has_the_rows_of_its_json_twin(login, items, name):
    client = login(items.leader if name == "review_queue" else items.admin)
    twin = json.loads(client.get(reverse(f"{name}_export", kwargs={"fmt": "json"})).content)
    assert twin["count"] > 0, f"{name}: the fixture should give this list rows"
    labels = [c["label"] for c in twin["columns"]]

    resp = client.get(reverse(f"{name}_export", kwargs={"fmt": "xlsx"}))
    assert resp.status_code == 200, name
    rows = list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    with_id = ["Mã định danh", *labels]
    assert list(rows[0]) in (labels, with_id)
    assert len(rows) - 1 == twin["count"]

    resp = client.get(reverse(f"{name}_export", kwargs={"fmt": "csv"}))
    assert resp.status_code == 200, name
    lines = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == list(rows[0]) and len(lines) - 1 == twin["count"]


def test_csv_has_ids_decimal_commas_no_float_noise_and_whole_texts(login, items):
    """The issue's complaints: no id column, dot decimals, 92.22222222222223, a title cut mid-word."""
    from decimal import Decimal

    from theodoi.planning.models import Measurement, ReviewState

    Measurement.objects.filter(state=ReviewState.SUBMITTED).update(state=ReviewState.APPROVED)
    Measurement.objects.filter(target=items.target, period_key="2026-04").update(
        numerator=Decimal("830"), denominator=Decimal("900"))
    long_title = "Kế hoạch thực hiện chuyển đổi số và phát triển khoa học công nghệ đổi mới sáng tạo năm 2026"
    items.plan.number = ""
    items.plan.title = long_title
    items.plan.save()
    client = login(items.admin)
    text = client.get(reverse("target_list_export", kwargs={"fmt": "csv"})).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][0] == "Mã định danh"
    row = next(r for r in lines[1:] if r[0] == str(items.target.uid))
    assert long_title in row
    assert "92,22" in row and not any("92.2" in cell or "92,222" in cell for cell in row)
    xlsx = client.get(reverse("target_list_export", kwargs={"fmt": "xlsx"})).content
    cells = [c for r in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) for c in r]
    assert 92.22 in cells and str(items.target.uid) in cells


def test_review_xlsx_gives_local_submission_time(login, items):
    """An aware datetime becomes the Vietnam wall time (Excel has no time zones)."""
    import datetime as dt

    from django.utils import timezone

    from theodoi.web.listing import _plain

    aware = dt.datetime(2026, 4, 30, 20, 0, tzinfo=dt.UTC)
    assert _plain(aware) == dt.datetime(2026, 5, 1, 3, 0)
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"
    resp = login(items.leader).get(reverse("review_queue_export", kwargs={"fmt": "xlsx"}))
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    col = [c.value for c in ws[1]].index("Gửi lúc") + 1
    stamps = [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]
    assert stamps and all(isinstance(s, dt.datetime) and s.tzinfo is None for s in stamps)
    now = timezone.localtime().replace(tzinfo=None)
    assert all(abs((now - s).total_seconds()) < 300 for s in stamps)
