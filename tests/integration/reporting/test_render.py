"""Optional: LibreOffice opens the DOCX and renders it (skipped when LibreOffice is not installed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from theodoi.reporting import services

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice không được cài đặt")
def test_libreoffice_renders_the_docx(rworld, tmp_path):
    report = services.open_report(rworld.xa_a, "monthly", "2026-05", rworld.admin)
    source = tmp_path / "bc.docx"
    source.write_bytes(services.render(report, "docx"))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = PdfReader(tmp_path / "bc.pdf")
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
    landscape = pdf.pages[-1].mediabox
    assert landscape.width > landscape.height  # the appendix section is landscape
