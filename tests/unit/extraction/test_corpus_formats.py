"""The development corpus of real public plans (tests/data/corpus) keeps its scores, and its plans
read the same when they arrive as a PDF exported by LibreOffice, the form most plans are published
in. The held-out plans (tests/data/corpus-heldout4) are not used here: they are scored only by
``bench/bench_corpus.py --corpus tests/data/corpus-heldout4`` (its NOTES.md)."""

from __future__ import annotations

import json

import builders
import pytest
from builders import ROOT, scorer
from test_libreoffice_formats import _convert, _soffice

from theodoi.extraction import extract_bytes
from theodoi.extraction.pdf_reader import _join_paragraphs, _page_number

CORPUS = ROOT / "tests" / "data" / "corpus"




def test_the_development_corpus_keeps_its_scores() -> None:
    """A floor under the figures of SCORES.md, so a later rule cannot quietly undo them."""
    score = scorer()
    total = score.new_tally()
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = CORPUS / "docs" / f"{gold['doc_id']}.txt"
        score.score_doc(gold, extract_bytes(doc.read_bytes(), doc.name), total)
    assert total["targets"].f1() >= 0.97
    assert total["value"].value() >= 0.97
    assert total["references"].f1() >= 0.97
    assert total["meta"].value() >= 0.97


def test_a_year_alone_after_a_wrapped_title_is_not_a_page_number() -> None:
    lines = ["3", "KẾ HOẠCH", "PHÁT TRIỂN CHÍNH QUYỀN SỐ GIAI ĐOẠN 2026-", "2030", "ĐẾN NĂM", "2035", "Căn cứ …", "12"]
    assert [i for i in range(len(lines)) if _page_number(lines, i)] == [0, 7]


def test_a_list_item_after_a_finished_sentence_starts_a_paragraph() -> None:
    assert _join_paragraphs(["(19) Chi bộ hằng năm đạt: hoàn thành tốt nhiệm vụ.", "(20) Mặt trận và các đoàn",
                             "thể hằng năm đạt: hoàn thành tốt.", "", "- Tỷ lệ hộ nghèo giảm"]) == [
        "(19) Chi bộ hằng năm đạt: hoàn thành tốt nhiệm vụ.",
        "(20) Mặt trận và các đoàn thể hằng năm đạt: hoàn thành tốt.", "- Tỷ lệ hộ nghèo giảm"]


# a symbol broken at its hyphen by the line end, a title's year on its own line, list items on a page
# without space between them: what LibreOffice's layout did to these three pages
PAGES = ["chinh-phu-14-nq-cp", "bac-ninh-186-kh-ubnd", "xa-son-lang-chi-tieu-2025"]


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory: pytest.TempPathFactory):
    soffice = _soffice()
    tmp = tmp_path_factory.mktemp("corpus-pdf")
    word = tmp / "word"
    word.mkdir()
    for name in PAGES:
        doc = CORPUS / "docs" / f"{name}.txt"
        (word / f"{name}.docx").write_bytes(builders.build_docx(builders.paragraphs_of(doc)))
    return _convert(soffice, tmp, "pdf", sorted(word.glob("*.docx")), None)


@pytest.mark.parametrize("name", PAGES)
def test_a_libreoffice_pdf_of_a_corpus_page_reads_like_its_text(libreoffice_pdfs, name) -> None:
    doc = CORPUS / "docs" / f"{name}.txt"
    want = extract_bytes(doc.read_bytes(), doc.name)
    pdf = libreoffice_pdfs / f"{name}.pdf"
    got = extract_bytes(pdf.read_bytes(), pdf.name)
    assert got["source"]["kind"] == "pdf"
    for key in ("doc_type", "number", "issuer", "issued_date", "period", "references"):
        assert got["meta"][key] == want["meta"][key], key
    assert [t["text"] for t in got["targets"]] == [t["text"] for t in want["targets"]]
