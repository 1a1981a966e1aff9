"""Scanned plans (a PDF without a text layer) are read by OCR (tesseract, Vietnamese).

The scans are seed plans rendered to PDF, rasterised at 200 dpi, turned by 0.6° and
sprinkled with specks (builders.build_scan); their targets must match the extraction of
the plan's own text with F1 ≥ 0.90 (the shared scorer's matching). Without tesseract the
scan gets the "scanned document" refusal it always had. Tests needing tesseract skip when
it is missing, except under CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from builders import SEEDS, build_scan, find_font, paragraphs_of, scorer

from theodoi.extraction import ExtractionError, extract_bytes, ocr


def _need_tesseract() -> None:
    if not ocr.available():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("tesseract-ocr with tesseract-ocr-vie is required under CI")
        pytest.skip("tesseract-ocr with its Vietnamese data is not installed")




@pytest.fixture(scope="module")
def font() -> Path:
    found = find_font()
    if found is None:
        pytest.skip("no TTF font with Vietnamese glyphs")
    return found


@pytest.mark.parametrize("seed", ["000", "002"])
def test_a_scanned_seed_reaches_the_targets_of_its_text(seed: str, font: Path) -> None:
    _need_tesseract()
    plan = next(SEEDS.glob(f"{seed}_*.txt"))
    scan = build_scan(paragraphs_of(plan), font)
    pages: list[tuple[int, int]] = []
    got = extract_bytes(scan, "scan.pdf", progress=lambda page, total: pages.append((page, total)))
    want = extract_bytes(plan.read_bytes(), plan.name)
    assert got["source"]["kind"] == "ocr"
    total = pages[0][1]
    assert pages == [(n, total) for n in range(1, total + 1)] and total >= 2  # every page, in order
    score = scorer()
    tally = score.new_tally()
    score.score_doc(want, got, tally)
    assert tally["targets"].f1() >= 0.90, tally["targets"].f1()


def test_a_scan_over_the_page_cap_is_refused_before_any_ocr(font: Path, monkeypatch) -> None:
    _need_tesseract()
    monkeypatch.setenv("THEODOI_OCR_MAX_PAGES", "1")
    scan = build_scan(paragraphs_of(next(SEEDS.glob("000_*.txt")))[:60], font)
    calls: list[int] = []
    with pytest.raises(ExtractionError, match="giới hạn 1 trang"):
        extract_bytes(scan, "scan.pdf", progress=lambda page, total: calls.append(page))
    assert calls == []


def test_part_headings_misread_by_ocr_are_repaired() -> None:
    lines = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. MỤC TIÊU", "II NHIỆM VỤ VÀ GIẢI PHÁP",
             "lV. TỔ CHỨC THỰC HIỆN", "V Tên viết thường", "Số 12 ngày"]
    assert ocr.repair_headings(lines) == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. MỤC TIÊU",
                                          "III. NHIỆM VỤ VÀ GIẢI PHÁP", "IV. TỔ CHỨC THỰC HIỆN",
                                          "V Tên viết thường", "Số 12 ngày"]


def test_without_tesseract_a_scan_gets_the_scanned_document_refusal(font: Path, monkeypatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    scan = build_scan(paragraphs_of(next(SEEDS.glob("003_*.txt")))[:20], font)
    with pytest.raises(ExtractionError) as err:
        extract_bytes(scan, "scan.pdf")
    assert "bản quét" in str(err.value) and "\n" not in str(err.value)


def test_a_part_heading_whose_space_ocr_lost_is_repaired() -> None:
    """"I.MỤC TIÊU" (no space after the numeral's dot) is a part heading too, so the next part's misread
    numeral is still repaired by the sequence; a word after a dot in lower case is not a part heading."""
    lines = ["I.MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II.MỤC TIÊU", "II NHIỆM VỤ", "I.Mục tiêu chung"]
    assert ocr.repair_headings(lines) == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. MỤC TIÊU", "III. NHIỆM VỤ",
                                          "I.Mục tiêu chung"]
