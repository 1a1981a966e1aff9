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
    assert list(rows[0]) == labels
    assert len(rows) - 1 == twin["count"]

    resp = client.get(reverse(f"{name}_export", kwargs={"fmt": "csv"}))
    assert resp.status_code == 200, name
    lines = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert lines[0] == labels and len(lines) - 1 == twin["count"]


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
