"""Every bad input of the importer, through the three doors: the import service,
``theodoi import`` and the upload page. Each gets one clear line and nothing is
stored (no document, no stub, no staged file)."""

import pytest
from builders import SMALL_LIMIT, bad_inputs
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from theodoi.planning.importing.service import import_plan
from theodoi.planning.models import Document
from theodoi.tenancy.models import Membership, Role, Unit, User

CASES = bad_inputs()


@pytest.fixture
def small_limit(monkeypatch, settings):
    monkeypatch.setenv("THEODOI_MAX_UPLOAD_BYTES", str(SMALL_LIMIT))
    settings.THEODOI_MAX_UPLOAD_BYTES = SMALL_LIMIT


def _staged(settings) -> list:
    from pathlib import Path

    folder = Path(settings.DATA_DIR) / "staging"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("case", sorted(CASES))
def test_service_refuses(case, lai_chau, small_limit):
    from django.core.exceptions import ValidationError

    data, name, needle = CASES[case]
    with pytest.raises(ValidationError) as exc:
        import_plan(data, name)
    (message,) = exc.value.messages
    assert "\n" not in message and needle.lower() in message.lower()
    assert not Document.objects.exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_import_refuses(case, lai_chau, small_limit, tmp_path):
    data, name, needle = CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as exc:
        call_command("import_plan", str(path))
    message = str(exc.value)
    assert "\n" not in message and needle.lower() in message.lower()
    assert exc.value.returncode != 0
    assert not Document.objects.exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_upload_page_shows_the_message(case, lai_chau, client, small_limit, settings):
    user = User.objects.create_user("vp", password="mat-khau-dai-cho-thu-nghiem")
    Membership.objects.create(user=user, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    client.force_login(user)
    data, name, needle = CASES[case]
    staged_before = _staged(settings)
    response = client.post(reverse("importing:upload"), {"file": SimpleUploadedFile(name, data)})
    if case == "scanned_pdf" and response.status_code == 302:  # tesseract is installed: read in the background
        _refused_in_the_background(client, response["Location"], needle, settings)
        return
    assert response.status_code == 200
    errors = response.context["form"].errors
    text = " ".join(str(e) for field in errors.values() for e in field)
    # "empty" is caught by Django's own file field, in the project's Vietnamese ("… không có nội dung.")
    empty = ("rỗng", "không có nội dung")
    assert needle.lower() in text.lower() or (case == "empty" and any(e in text.lower() for e in empty))
    assert text in response.content.decode() or any(e in response.content.decode() for e in empty)
    assert not Document.objects.exists()
    assert _staged(settings) == staged_before


def _refused_in_the_background(client, url: str, needle: str, settings) -> None:
    """A scan is queued, and the job's refusal is the one line the progress page shows; the file is
    not kept (only the reason, for the page) and nothing is stored."""
    from theodoi.extraction import ocr
    from theodoi.jobs.services import run_pending

    assert ocr.available()
    (job,) = run_pending()
    page = client.get(url).content.decode()
    assert needle.lower() in page.lower() and 'role="alert"' in page
    assert not Document.objects.exists()
    from pathlib import Path

    token = url.rstrip("/").rsplit("/", 1)[1]
    assert not (Path(settings.DATA_DIR) / "staging" / token / "file.bin").exists()
