"""The round trip a person makes: export, edit one figure in LibreOffice Calc, save as XLSX, import.

LibreOffice is driven through UNO (``lo_edit.py``, run by the system Python that has
Debian's python3-uno), so the file imported is one LibreOffice wrote, with its own number,
date and text encoding, not one openpyxl wrote.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from theodoi.audit.models import AuditEvent
from theodoi.domain.periods import Period
from theodoi.exchange.exporting import export_file
from theodoi.exchange.importing import import_file
from theodoi.planning.models import Measurement, ProgressUpdate, Task

pytestmark = pytest.mark.django_db
SCRIPT = Path(__file__).with_name("lo_edit.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def _have_uno() -> bool:
    if not shutil.which("soffice") or not os.path.exists(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def libreoffice():
    if not _have_uno():
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice Calc with python3-uno is needed (scripts/ensure-test-tools.sh)")
        pytest.skip("LibreOffice Calc with python3-uno is not installed")

    def edit(src: Path, dst: Path, sheet: str, uid: str, **values) -> None:
        args = []
        for i, (k, v) in enumerate(values.items()):
            args += [k, uid, str(v)] if i == 0 else [k, str(v)]
        done = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), str(src), str(dst), sheet, *args],
                              capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stderr
        assert dst.is_file()

    return edit


def test_libreoffice_round_trip_stores_exactly_one_new_figure(filled, libreoffice, tmp_path):
    exported = tmp_path / "xa-a.xlsx"
    exported.write_bytes(export_file(filled.admin, filled.xa_a, "xlsx", period=Period.parse("2026-06")))
    edited = tmp_path / "xa-a-libreoffice.xlsx"
    libreoffice(exported, edited, "Số liệu", str(filled.target.uid), numerator=45, denominator=50)
    assert b"LibreOffice" in _app_properties(edited.read_bytes())

    before_figures = Measurement.objects.count()
    before_updates = list(ProgressUpdate.objects.values_list("pk", "version"))
    before_tasks = list(Task.objects.values_list("pk", "version"))
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = import_file(user=filled.admin, data=edited.read_bytes(), filename=edited.name)
    assert result.applied and not result.errors, [(r.where, r.errors) for r in result.errors]
    changed = [(r.where, r.subject, [(c.label, c.old, c.new) for c in r.changes]) for r in result.rows if r.changes]
    assert len(changed) == 1, changed  # dates, money, multi-line and "="/"-" texts survived LibreOffice
    assert Measurement.objects.count() == before_figures + 1
    m = Measurement.objects.get(period_key="2026-06")
    assert (m.target_id, m.unit_id, m.numerator, m.denominator) == (filled.target.pk, filled.vhxh.pk, 45, 50)
    assert list(ProgressUpdate.objects.values_list("pk", "version")) == before_updates
    assert list(Task.objects.values_list("pk", "version")) == before_tasks
    events = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
    assert [(e.action, e.object_type, e.object_id) for e in events] == [
        ("create", "planning.measurement", str(m.pk)), ("import", "exchange.bulkfile", result.sha256[:16])]
    assert events[0].actor_id == filled.admin.pk and events[0].after["numerator"] in ("45.0000", 45, "45")

    again = import_file(user=filled.admin, data=edited.read_bytes(), filename=edited.name)
    assert again.applied and again.changed == 0
    assert AuditEvent.objects.filter(id__gt=events[-1].id).count() == 0


def test_libreoffice_keeps_numbers_and_dates_typed(filled, libreoffice, tmp_path):
    exported = tmp_path / "a.xlsx"
    exported.write_bytes(export_file(filled.admin, filled.xa_a, "xlsx", period=Period.parse("2026-05")))
    edited = tmp_path / "b.xlsx"
    libreoffice(exported, edited, "Tiến độ", str(filled.task.uid), percent=55)
    ws = load_workbook(io.BytesIO(edited.read_bytes()))["Nhiệm vụ (6 rõ)"]
    header = [str(c.value) for c in ws[1]]
    row = [c.value for c in ws[2]]
    values = dict(zip(header, row, strict=False))
    import datetime as dt

    assert isinstance(values["Hạn hoàn thành [due_date]"], dt.datetime)
    assert values["Kinh phí dự kiến (đồng) [budget_planned]"] == 50000000
    result = import_file(user=filled.admin, data=edited.read_bytes(), filename=edited.name)
    assert result.changed == 1 and ProgressUpdate.objects.get(task=filled.task).percent == 55


def _app_properties(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("docProps/app.xml")


assert sys.version_info >= (3, 11)
