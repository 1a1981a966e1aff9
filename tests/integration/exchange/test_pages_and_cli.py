"""The exchange page (upload, preview with per-row errors, confirm) and `theodoi bulk`."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from theodoi.planning.models import Measurement

pytestmark = pytest.mark.django_db


def _edited_export(client, world, numerator) -> bytes:
    resp = client.get(reverse("exchange:export"), {"unit": "xa-a", "period": "2026-05", "fmt": "xlsx",
                                                   "kinds": ["tien-do", "so-lieu"]})
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["Tiến độ", "Số liệu"]
    ws = wb["Số liệu"]
    cols = {str(c.value).rsplit("[", 1)[-1].rstrip("]"): c.column for c in ws[1]}
    ws.cell(2, cols["numerator"]).value = numerator
    ws.cell(2, cols["denominator"]).value = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_upload_preview_confirm(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("exchange:index")).status_code == 200
    data = _edited_export(client, world, 70)
    resp = client.post(reverse("exchange:upload"), {"file": SimpleUploadedFile("so-lieu.xlsx", data)})
    assert resp.status_code == 302
    preview = client.get(resp["Location"])
    page = preview.content.decode()
    assert "Xem trước" in page and "Thêm mới" in page and "Tử số" in page
    assert Measurement.objects.count() == 0
    done = client.post(resp["Location"], {"confirm": "1"})
    assert done.status_code == 200 and "Đã lưu" in done.content.decode()
    assert Measurement.objects.get().numerator == 70


def test_preview_names_the_bad_row_in_vietnamese(client, world):
    client.force_login(world.admin)
    data = _edited_export(client, world, "bảy mươi")
    resp = client.post(reverse("exchange:upload"), {"file": SimpleUploadedFile("x.xlsx", data)})
    page = client.get(resp["Location"]).content.decode()
    assert "Số liệu, dòng 2" in page and "không phải là số" in page
    assert 'name="confirm"' not in page
    assert Measurement.objects.count() == 0


def test_templates_download(client, world):
    client.force_login(world.officer)
    resp = client.get(reverse("exchange:template", args=["so-lieu", "xlsx"]))
    assert load_workbook(io.BytesIO(resp.content)).sheetnames == ["Số liệu", "Hướng dẫn"]
    resp = client.get(reverse("exchange:template", args=["tien-do", "csv"]))
    assert resp.content.decode("utf-8-sig").startswith("Loại [kind];Mã định danh [uid];Mã đơn vị [unit];Kỳ")


def test_a_wrong_file_is_refused(client, world):
    client.force_login(world.admin)
    resp = client.post(reverse("exchange:upload"), {"file": SimpleUploadedFile("x.docx", b"abc")})
    assert resp.status_code == 400 and "Chỉ nhận tệp .xlsx hoặc .csv" in resp.content.decode()


def test_cli_export_then_import(world, tmp_path, capsys):
    out = tmp_path / "xa-a.csv"
    call_command("bulk", "export", "--unit", "xa-a", "--period", "2026-05", "-o", str(out), "--as-user", "admin_a")
    text = out.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    figure = next(i for i, line in enumerate(lines) if line.startswith("so-lieu;"))
    cells = lines[figure].split(";")
    header = [h.rsplit("[", 1)[-1].rstrip("]") for h in lines[0].split(";")]
    cells[header.index("numerator")] = "12,5"
    cells[header.index("denominator")] = "50"
    lines[figure] = ";".join(cells)
    out.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    call_command("bulk", "import", str(out), "--dry-run", "--as-user", "admin_a")
    assert Measurement.objects.count() == 0
    call_command("bulk", "import", str(out), "--as-user", "admin_a")
    assert str(Measurement.objects.get().numerator) == "12.5000"
    assert "Thêm mới 1" in capsys.readouterr().out
