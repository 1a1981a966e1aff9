"""DOCX and PDF versions of the seeds, and re-encoded text, extract like the text."""

from __future__ import annotations

import pytest
from builders import SEEDS, build_docx, build_pdf, find_font, paragraphs_of, to_cp1258

from theodoi.extraction import extract_bytes, read_document

SEED_FILES = sorted(SEEDS.glob("*.txt"))
KEYS = ("meta", "targets", "tasks", "assignments", "reporting")


def _same(a: dict, b: dict) -> None:
    for key in KEYS:
        assert a[key] == b[key], key


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem[:3])
def test_docx_round_trip(path) -> None:
    expected = extract_bytes(path.read_bytes(), path.name)
    data = build_docx(paragraphs_of(path), targets_table=path.name.startswith("003"))
    got = extract_bytes(data, path.stem + ".docx")
    assert read_document(data, "x.docx").kind == "docx"
    _same(expected, got)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem[:3])
def test_pdf_round_trip(path) -> None:
    font = find_font()
    if font is None:
        pytest.skip("no TTF font with Vietnamese glyphs on this machine")
    expected = extract_bytes(path.read_bytes(), path.name)
    data = build_pdf(paragraphs_of(path), font)
    source = read_document(data, "x.pdf")
    assert source.kind == "pdf"
    assert "\n1\n" not in source.text  # page numbers dropped
    _same(expected, extract_bytes(data, path.stem + ".pdf"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-16-le", "cp1258"])
def test_encodings(encoding: str) -> None:
    path = SEED_FILES[2]
    text = path.read_text(encoding="utf-8")
    expected = extract_bytes(path.read_bytes(), path.name)
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    _same(expected, extract_bytes(data, path.name))


def test_docx_word_numbering_is_rendered() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Phát triển chuyển đổi số năm 2027")
    document.add_paragraph("II. MỤC TIÊU")
    document.add_paragraph("Mục tiêu cụ thể", style="List Number")
    document.add_paragraph("- 90% hồ sơ được số hóa.")
    document.add_paragraph("III. NHIỆM VỤ")
    document.add_paragraph("Hạ tầng số", style="List Number")
    buf = io.BytesIO()
    document.save(buf)
    text = read_document(buf.getvalue(), "n.docx").text
    assert "\n1. Mục tiêu cụ thể\n" in text
    assert "\n2. Hạ tầng số" in text
