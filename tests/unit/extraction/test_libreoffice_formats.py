"""Fixture plans made into real DOCX and PDF files by LibreOffice (what users
upload) extract exactly like their text.

DOCX: LibreOffice's own text import saved as Word. PDF: a Word file in Times New
Roman exported by LibreOffice. Without ``soffice`` the tests skip, except under
CI (``CI=true``), where a missing LibreOffice is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import typed_docx

from theodoi.extraction import extract_bytes

PLANS = Path(__file__).parent / "plans"
NAMES = ["bo-muc-tieu-2030-2035", "so-nhiem-vu-so", "quyet-dinh-phe-duyet-ke-hoach",
         "tinh-uy-chuong-trinh-chi-tieu"]
KEYS = ("meta", "targets", "tasks", "assignments", "reporting")


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("LibreOffice (soffice) is required under CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def _convert(soffice: str, tmp: Path, target: str, files: list[Path], infilter: str | None) -> Path:
    out = tmp / target
    out.mkdir(exist_ok=True)
    cmd = [soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", target, "--outdir", str(out), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    soffice = _soffice()
    tmp = tmp_path_factory.mktemp("libreoffice")
    texts = [PLANS / f"{n}.txt" for n in NAMES]
    docx_dir = _convert(soffice, tmp, "docx", texts, "Text (encoded):UTF8,LF,,,")
    word = tmp / "word"
    word.mkdir()
    for path in texts:  # a Word file as officers write them, then "Export as PDF"
        (word / f"{path.stem}.docx").write_bytes(typed_docx(path))
    pdf_dir = _convert(soffice, tmp, "pdf", sorted(word.glob("*.docx")), None)
    return {"docx": docx_dir, "pdf": pdf_dir}


def _check(converted: dict[str, Path], kind: str, name: str) -> None:
    text = PLANS / f"{name}.txt"
    expected = extract_bytes(text.read_bytes(), text.name)
    made = converted[kind] / f"{name}.{kind}"
    got = extract_bytes(made.read_bytes(), made.name)
    assert got["source"]["kind"] == kind
    for key in KEYS:
        assert got[key] == expected[key], key


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_docx_extracts_like_the_text(converted: dict[str, Path], name: str) -> None:
    _check(converted, "docx", name)


# LibreOffice's PDF export puts the characters outside WinAnsi ("Ộ", "Ụ", "ố" …)
# in a second font subset drawn apart from the rest of the line (drawing order
# "B GIÁO D C … OỘ Ụ"); the reader places glyphs by position and reads the line.
@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_pdf_extracts_like_the_text(converted: dict[str, Path], name: str) -> None:
    _check(converted, "pdf", name)
