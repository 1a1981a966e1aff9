"""Bulk export and import in one format: round trips, all-or-nothing, the version check."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from theodoi.audit.models import AuditEvent
from theodoi.exchange.exporting import export_file, template_file
from theodoi.exchange.importing import ERROR, import_file
from theodoi.planning.models import Measurement, ProgressUpdate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 20)


def _sheet(data: bytes, name: str):
    return load_workbook(io.BytesIO(data))[name]


def _column(ws, key: str) -> int:
    return next(c.column for c in ws[1] if str(c.value).endswith(f"[{key}]"))


def _find(ws, key: str, value) -> int:
    col = _column(ws, key)
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == value)


def _export(world, fmt="xlsx", period="2026-05", **kw):
    from theodoi.domain.periods import Period

    return export_file(world.admin, world.xa_a, fmt, period=Period.parse(period) if period else None,
                       today=TODAY, **kw)


def test_xlsx_keeps_numbers_and_dates_and_whole_texts(filled):
    data = _export(filled)
    tasks = _sheet(data, "Nhiệm vụ (6 rõ)")
    r = _find(tasks, "uid", str(filled.task.uid))
    assert tasks.cell(r, _column(tasks, "due_date")).value == dt.datetime(2026, 6, 30)
    assert tasks.cell(r, _column(tasks, "due_date")).number_format == "DD/MM/YYYY"
    assert tasks.cell(r, _column(tasks, "budget_planned")).value == 50000000
    progress = _sheet(data, "Tiến độ")
    r = _find(progress, "uid", str(filled.task.uid))
    assert progress.cell(r, _column(progress, "percent")).value == 40.5
    assert progress.cell(r, _column(progress, "work_done")).value == "- Đã số hóa 400 hồ sơ; = tiếp tục"
    figures = _sheet(data, "Số liệu")
    r = _find(figures, "uid", str(filled.target.uid))
    assert figures.cell(r, _column(figures, "numerator")).value == 83
    assert figures.cell(r, _column(figures, "unit")).value == "xa-a-vhxh"


def test_unchanged_reimport_changes_nothing(filled):
    for fmt in ("xlsx", "csv"):
        data = _export(filled, fmt)
        events = AuditEvent.objects.count()
        versions = sorted(ProgressUpdate.objects.values_list("version", flat=True))
        result = import_file(user=filled.admin, data=data, filename=f"x.{fmt}")
        assert result.applied and not result.errors, [r.errors for r in result.errors]
        assert result.changed == 0, [(r.where, r.changes) for r in result.rows if r.changes]
        assert AuditEvent.objects.count() == events
        assert sorted(ProgressUpdate.objects.values_list("version", flat=True)) == versions


def test_csv_is_for_vietnamese_excel(filled):
    data = _export(filled, "csv")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Loại [kind];Mã định danh [uid];")
    assert ";40,5;" in text and "'- Đã số hóa 400 hồ sơ; = tiếp tục" in text
    assert "30/06/2026" in text and "50000000" in text


def test_one_changed_figure_stores_one_figure_audited(filled):
    data = _export(filled)
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Số liệu"]
    ws.append([])  # nothing: blank rows are skipped
    r = ws.max_row + 1
    row = {"kind": "so-lieu", "uid": str(filled.target.uid), "unit": "xa-a-ban-1", "period": "2026-05",
           "numerator": 40, "denominator": 50}
    for key, value in row.items():
        ws.cell(r, _column(ws, key)).value = value
    out = io.BytesIO()
    wb.save(out)
    before = Measurement.objects.count()
    events = AuditEvent.objects.count()
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    preview = import_file(user=filled.admin, data=out.getvalue(), filename="x.xlsx", dry_run=True)
    assert preview.changed == 1 and not preview.applied
    assert Measurement.objects.count() == before and AuditEvent.objects.count() == events
    result = import_file(user=filled.admin, data=out.getvalue(), filename="x.xlsx")
    assert result.applied and result.changed == 1
    assert Measurement.objects.count() == before + 1
    m = Measurement.objects.get(unit=filled.ban, period_key="2026-05")
    assert (m.numerator, m.denominator, m.state) == (40, 50, "draft")
    actions = list(AuditEvent.objects.filter(id__gt=last).order_by("id").values_list("action", "object_type"))
    assert actions == [("create", "planning.measurement"), ("import", "exchange.bulkfile")]
    from theodoi.audit.verify import verify

    assert verify().ok


def test_one_bad_row_stores_nothing_and_names_the_row(filled):
    data = _export(filled)
    wb = load_workbook(io.BytesIO(data))
    progress = wb["Tiến độ"]
    r = _find(progress, "uid", str(filled.task.uid))
    progress.cell(r, _column(progress, "percent")).value = 55  # a good change
    r2 = _find(progress, "uid", str(filled.task2.uid))
    progress.cell(r2, _column(progress, "percent")).value = "nhiều"  # a bad one
    out = io.BytesIO()
    wb.save(out)
    events = AuditEvent.objects.count()
    result = import_file(user=filled.admin, data=out.getvalue(), filename="x.xlsx")
    assert not result.applied
    bad = result.errors
    assert [b.where for b in bad] == [f"Tiến độ, dòng {r2}"]
    assert "không phải là số" in bad[0].errors[0]
    assert ProgressUpdate.objects.get(task=filled.task).percent == Decimal("40.5")
    assert AuditEvent.objects.count() == events


def test_stale_version_and_approved_figure_are_refused(filled):
    data = _export(filled)
    upd = ProgressUpdate.objects.get(task=filled.task)
    ProgressUpdate.objects.filter(pk=upd.pk).update(version=upd.version + 1, percent=Decimal("45"))
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Tiến độ"]
    ws.cell(_find(ws, "uid", str(filled.task.uid)), _column(ws, "percent")).value = 60
    figures = wb["Số liệu"]
    figures.cell(_find(figures, "uid", str(filled.target.uid)), _column(figures, "numerator")).value = 84
    out = io.BytesIO()
    wb.save(out)
    result = import_file(user=filled.admin, data=out.getvalue(), filename="x.xlsx")
    messages = {r.where.split(",")[0]: " ".join(r.errors) for r in result.rows if r.action == ERROR}
    assert "phiên bản" in messages["Tiến độ"]
    assert "đã được duyệt" in messages["Số liệu"]


def test_permissions_come_from_the_services(filled):
    data = _export(filled)
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Nhiệm vụ (6 rõ)"]
    ws.cell(_find(ws, "uid", str(filled.task.uid)), _column(ws, "outputs")).value = "Kho hồ sơ số"
    out = io.BytesIO()
    wb.save(out)
    result = import_file(user=filled.officer, data=out.getvalue(), filename="x.xlsx")
    assert [" ".join(r.errors) for r in result.errors] == ["Bạn không có quyền sửa nhiệm vụ này."]
    result = import_file(user=filled.admin, data=out.getvalue(), filename="x.xlsx")
    assert result.applied and result.changed == 1
    filled.task.refresh_from_db()
    assert filled.task.outputs == "Kho hồ sơ số"


def test_templates_import_as_nothing_to_do(world):
    for kind in ("nhiem-vu", "tien-do", "so-lieu"):
        for fmt in ("xlsx", "csv"):
            with pytest.raises(Exception, match="không có dòng"):
                import_file(user=world.admin, data=template_file(kind, fmt), filename=f"t.{fmt}")


def test_not_this_format_is_a_clear_error(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Mã định danh"):
        import_file(user=world.admin, data=b"a;b\n1;2\n", filename="x.csv")
    with pytest.raises(ValidationError, match="Excel"):
        import_file(user=world.admin, data=b"PK\x03\x04garbage", filename="x.xlsx")
