"""Uploads: size and type limits, names that try to leave the folder, storage outside the static
root, and downloads only through permission-checked views, as attachments that never render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(world):
    from theodoi.planning.models import ProgressUpdate

    return ProgressUpdate.objects.create(task=world.task, unit=world.vhxh, period_key="2026-05",
                                         period_end=dt.date(2026, 5, 14), percent=Decimal(10))


def _attach(world, update, name, body=b"bien ban hop", content_type="text/plain"):
    from theodoi.planning.services.evidence import attach_evidence

    return attach_evidence(user=world.officer, file=SimpleUploadedFile(name, body, content_type), update=update)


@pytest.mark.parametrize("name", ["../../../etc/passwd.txt", "..\\..\\win.ini.txt", "/etc/cron.d/x.txt",
                                  "a\x00b.txt", "....//....//x.txt", ".htaccess.txt"])
def test_a_crafted_name_stays_in_the_evidence_folder(world, update, settings, name):
    ev = _attach(world, update, name)
    media = Path(settings.MEDIA_ROOT).resolve()
    stored = Path(ev.file.path).resolve()
    assert stored.is_relative_to(media / "evidence") and stored.read_bytes() == b"bien ban hop"
    assert "/" not in ev.original_name and "\\" not in ev.original_name and "\x00" not in ev.original_name
    assert not ev.original_name.startswith(".")
    assert ".." not in Path(ev.file.name).parts


@pytest.mark.parametrize("name", ["trang.html", "anh.svg", "chay.exe", "x.js", "tep", "a.php"])
def test_only_document_image_and_archive_types_are_accepted(world, update, name):
    with pytest.raises(ValidationError, match="không được chấp nhận"):
        _attach(world, update, name, b"<html><script>alert(1)</script></html>", "text/html")


def test_evidence_is_size_limited(world, update, settings):
    settings.THEODOI_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="quá lớn"):
        _attach(world, update, "to.pdf", b"%PDF" + b"x" * 1000, "application/pdf")
    with pytest.raises(ValidationError, match="rỗng"):
        _attach(world, update, "rong.pdf", b"", "application/pdf")


def test_files_are_stored_outside_the_static_root_and_not_served_from_it(client, world, update, settings):
    ev = _attach(world, update, "bien-ban.txt")
    media, static = Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()
    assert not media.is_relative_to(static) and not static.is_relative_to(media)
    client.force_login(world.officer)
    for url in (f"/static/{ev.file.name}", f"/files/{ev.file.name}", f"/static/../files/{ev.file.name}",
                f"/media/{ev.file.name}"):
        resp = client.get(url)
        assert resp.status_code == 404 or b"bien ban hop" not in resp.content, url


def test_evidence_download_never_renders_in_the_browser(client, world, update):
    """Whatever type the uploader's browser claimed, the file goes out as an attachment with a type
    from its extension, nosniff and a sandboxing policy."""
    ev = _attach(world, update, "ghi-chu.txt", b"<script>alert(1)</script>", "text/html")
    client.force_login(world.officer)
    resp = client.get(f"/evidence/{ev.pk}/")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/plain")
    assert resp["Content-Disposition"].startswith("attachment;")
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in resp["Content-Security-Policy"] and "default-src 'none'" in resp["Content-Security-Policy"]


@pytest.mark.parametrize("name,expected", [("a.pdf", "application/pdf"), ("a.png", "image/png"),
                                           ("a.svg", "application/octet-stream"),
                                           ("a.html", "application/octet-stream"),
                                           ("a.xml", "application/octet-stream"), ("a", "application/octet-stream")])
def test_download_types(name, expected):
    from theodoi.web.views.files import download_type

    assert download_type(name) == expected


def test_evidence_of_another_unit_is_not_found_rather_than_forbidden(client, world, update):
    """Evidence ids are sequential: a refusal would confirm that an id exists."""
    ev = _attach(world, update, "bien-ban.txt")
    for persona in ("outsider", "officer_b", "nobody"):
        client.force_login(getattr(world, persona))
        assert client.get(f"/evidence/{ev.pk}/").status_code == 404
        assert client.get(f"/evidence/{ev.pk + 1000}/").status_code == 404


def test_plan_upload_is_size_and_type_checked(client, world, settings):
    settings.THEODOI_MAX_UPLOAD_BYTES = 2000
    client.force_login(world.admin)
    big = SimpleUploadedFile("ke-hoach.txt", "Kế hoạch ".encode() * 400, "text/plain")
    html = client.post("/import/", {"file": big}).content.decode()
    assert "Tệp quá lớn" in html
    exe = SimpleUploadedFile("ke-hoach.exe", b"MZ\x90\x00" * 10, "application/octet-stream")
    resp = client.post("/import/", {"file": exe})
    assert resp.status_code == 200 and "Định dạng tệp không được hỗ trợ" in resp.content.decode()
    from theodoi.planning.models import Document

    assert not Document.objects.filter(source_name__startswith="ke-hoach").exists()


def test_an_imported_plan_file_with_a_crafted_name_stays_in_its_folder(world, settings):
    from theodoi.planning.importing.service import import_plan

    text = ("ỦY BAN NHÂN DÂN XÃ AN BÌNH\nSố: 15/KH-UBND\nKẾ HOẠCH\nChuyển đổi số năm 2026\n"
            "I. MỤC TIÊU\n1. Tỷ lệ hồ sơ được số hóa đạt 100%.\n").encode()
    media = Path(settings.MEDIA_ROOT).resolve()
    for name in ("../../../../evil-theodoi.txt", "..\\..\\evil-theodoi.txt", "ke\x00hoach.txt"):
        result = import_plan(text, name, issuer=world.xa_a)
        stored = Path(result.document.source_file.path).resolve()
        assert stored.is_relative_to(media / "documents"), stored
        assert "\x00" not in result.document.source_file.name
    outside = [p for p in media.parent.parent.rglob("evil-theodoi*") if not p.resolve().is_relative_to(media)]
    assert not outside


@pytest.mark.parametrize(("name", "kind"), [("bien-ban.docx", "flipped_docx"), ("bien-ban.docx", "truncated_docx"),
                                            ("so-lieu.xlsx", "flipped_xlsx"), ("so-lieu.xlsx", "truncated_xlsx"),
                                            ("bien-ban.pdf", "truncated_pdf")])
def test_damaged_office_and_pdf_evidence_is_refused_and_nothing_stored(world, update, settings, name, kind):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "extraction"))
    from builders import damaged

    from theodoi.planning.models import Evidence

    with pytest.raises(ValidationError) as exc:
        _attach(world, update, name, damaged(kind), "application/octet-stream")
    (message,) = exc.value.messages
    assert "bị hỏng" in message and name in message and "\n" not in message
    assert not Evidence.objects.exists()
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    assert not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


def test_well_formed_office_and_pdf_evidence_is_stored(world, update):
    from tests.samples import tiny_pdf, tiny_xlsx

    assert _attach(world, update, "so-lieu.xlsx", tiny_xlsx()).size > 0
    assert _attach(world, update, "bien-ban.pdf", tiny_pdf()).size > 0
