"""LibreOffice opens the DOCX and renders it in one serif family (skipped without LibreOffice).

Why the fontconfig file: LibreOffice replaces Times New Roman by the installed Liberation
Serif. Debian's ``fonts-liberation`` (1.07) has no Vietnamese precomposed letters (Ộ, Ư, ế…),
so LibreOffice falls back to DejaVu Serif for each of them: the page mixes two typefaces inside
words, and pypdf, which reads text in content-stream order, then extracts "C NG HÒA … Ộ".
The DOCX itself names Times New Roman for every script and is not at fault; a machine needs
a Times New Roman substitute that covers Vietnamese. The test gives LibreOffice the vendored
Liberation Serif 2.1 (``reporting/fonts``) and hides the old one, then checks that no fallback
font was used and reads the text by position with ``pdftotext`` when poppler is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from theodoi.reporting import pdf_builder, services

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont>
    <glob>/usr/share/fonts/truetype/liberation/LiberationSerif-*</glob>
  </rejectfont></selectfont>
</fontconfig>
"""


def _fonts_used(pdf: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in pdf.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def _text(path: Path, pdf: PdfReader) -> str:
    if PDFTOTEXT:
        out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], check=True, capture_output=True, text=True)
        return " ".join(out.stdout.split())
    return " ".join(" ".join(p.extract_text() for p in pdf.pages).split())


def _convert(source: Path, tmp_path: Path) -> Path:
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=pdf_builder.FONTS, cache=tmp_path / "fc-cache"), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FONTCONFIG_FILE": str(conf)}
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180, env=env)
    return tmp_path / (source.stem + ".pdf")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice không được cài đặt")
@pytest.mark.parametrize("party", [False, True])
def test_libreoffice_renders_the_docx(rworld, tmp_path, party):
    from theodoi.tenancy.models import Unit, UnitKind

    unit = rworld.xa_a
    if party:
        unit = Unit.objects.create(slug="dang-uy-xa-a", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY,
                                   parent=rworld.xa_a)
    report = services.open_report(unit, "monthly", "2026-05", rworld.admin)
    source = tmp_path / "bc.docx"
    source.write_bytes(services.render(report, "docx"))
    path = _convert(source, tmp_path)
    pdf = PdfReader(path)
    assert _fonts_used(pdf) <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                                "LiberationSerif-BoldItalic"}  # no per-glyph fallback to another typeface
    first = pdf.pages[0].mediabox
    assert (round(float(first.width) / 72 * 25.4), round(float(first.height) / 72 * 25.4)) == (210, 297)
    text = _text(path, pdf)
    expected = (["ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY XÃ AN BÌNH", "-BC/ĐU", "T/M BAN THƯỜNG VỤ"] if party else
                ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN",
                 "/BC-UBND", "TM. ỦY BAN NHÂN DÂN"])
    for words in expected + ["BÁO CÁO", "Nơi nhận:", "BIỂU CHI TIẾT KẾT QUẢ THỰC HIỆN"]:
        assert words in text, words
    assert "An Bình, ngày" in text
    landscape = pdf.pages[-1].mediabox
    assert landscape.width > landscape.height  # the appendix section is landscape
