"""Golden files: the text of the demo's reports, read back from DOCX and PDF, against reviewed copies.

A change of wording, of a figure or of the frame shows up in review as a diff of
``tests/data/reports/*.txt``. After a deliberate change, regenerate them and read the diff:

    THEODOI_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/integration/reporting/test_golden.py

The demo is loaded for a fixed day and the reports are dated on a fixed day, so the texts do
not change with the calendar.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.demo_snapshot import demo_of

TODAY = dt.date(2026, 11, 22)
ISSUED = dt.date(2026, 11, 20)
GOLDEN = Path(__file__).resolve().parents[2] / "data" / "reports"
REGENERATE = os.environ.get("THEODOI_REGENERATE_GOLDEN") == "1"
CASES = [
    ("xa-binh-lu", "monthly", "2026-11"), ("xa-binh-lu", "quarterly", "2026-Q3"), ("xa-binh-lu", "half", "2026-H2"),
    ("xa-binh-lu", "annual", "2026"),
    ("xa-bum-nua-dang-uy", "monthly", "2026-11"), ("xa-bum-nua-dang-uy", "annual", "2026"),
    ("lai-chau-thanh-tra", "monthly", "2026-11"), ("lai-chau-thanh-tra", "annual", "2026"),
    ("lai-chau-so-khcn", "monthly", "2026-11"), ("lai-chau-so-khcn", "annual", "2026"),
    ("lai-chau-tinh-uy", "monthly", "2026-11"), ("lai-chau-tinh-uy", "annual", "2026"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        demo_of(tmp_path_factory, TODAY)  # from empty: the session's demo of that day (tests/demo_snapshot.py)
        yield
        call_command("flush", "--no-input", verbosity=0)


def docx_text(content: bytes) -> str:
    """The DOCX's text in reading order: body paragraphs and table cells, one line each."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = Document(io.BytesIO(content))
    lines: list[str] = []

    def walk(parent, element) -> None:
        for child in element.iterchildren():
            if child.tag.endswith("}p"):
                lines.append(Paragraph(child, parent).text)
            elif child.tag.endswith("}tbl"):
                table = Table(child, parent)
                for row in table.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell, cell._tc)

    for section in d.sections[:1]:
        for header in (section.first_page_header, section.header):
            lines += [p.text for p in header.paragraphs]
    walk(d, d.element.body)
    return _clean(lines)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    lines: list[str] = []
    for i, page in enumerate(PdfReader(io.BytesIO(content)).pages, 1):
        lines.append(f"--- trang {i} ---")
        lines += (page.extract_text() or "").splitlines()
    return _clean(lines)


def _clean(lines: list[str]) -> str:
    out = [re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip() for line in lines]
    return "\n".join(line for line in out if line) + "\n"


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "kind", "key"), CASES, ids=[f"{s}-{k}" for s, k, _ in CASES])
def test_demo_report_text_matches_the_reviewed_copy(demo, slug, kind, key):
    from theodoi.reporting import services
    from theodoi.tenancy.models import Unit

    report = services.open_report(Unit.objects.get(slug=slug), kind, key)
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        text = read(services.render(report, fmt, ISSUED))
        path = GOLDEN / f"{slug}-{kind}.{fmt}.txt"
        if REGENERATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"{path.name} thiếu: chạy THEODOI_REGENERATE_GOLDEN=1 rồi đọc lại tệp"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{path.name} khác bản đã duyệt (THEODOI_REGENERATE_GOLDEN=1 để cập nhật)"
