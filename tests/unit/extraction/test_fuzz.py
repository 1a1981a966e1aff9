"""Damaged files never crash the extractor or the upload integrity check.

Hypothesis draws a good file (TXT, DOCX, PDF, XLSX built from the seed plans), a mutation
(bytes flipped, cut short, deleted, inserted, repeated, blanked; a zip member damaged and
re-zipped; lines damaged) and its randomness; the extractor must either read a plan or refuse
with one Vietnamese line (ExtractionError). ``make fuzz`` runs the same cases 100,000 times in
parallel with a per-case timeout (bench/fuzz_extract.py).
"""

from __future__ import annotations

import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import KINDS, mutate, outcome, seed_files

from theodoi.extraction import ExtractionError, extract_bytes
from theodoi.extraction.safety import check_integrity

SEEDS = seed_files()


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch):
    """A PDF whose text layer the damage took would go to OCR: seconds a case. The fuzz is
    about the readers; OCR has its own tests (test_ocr.py)."""
    from theodoi.extraction import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)


@settings(max_examples=250, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(SEEDS) - 1), kind=st.sampled_from(KINDS),
       seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 3))
def test_damaged_files_are_read_or_refused_with_one_line(index: int, kind: str, seed: int, rounds: int) -> None:
    data, name = SEEDS[index]
    rng = random.Random(seed)
    for _ in range(rounds):
        data = mutate(data, name, kind, rng)
    result = outcome(data, name)
    assert not result.startswith("crash"), result


@pytest.mark.parametrize(("data", "name"), [s for s in SEEDS if not s[1].endswith(".xlsx")],
                         ids=[s[1] for s in SEEDS if not s[1].endswith(".xlsx")])
def test_good_seed_files_are_read_and_pass_the_integrity_check(data: bytes, name: str) -> None:
    check_integrity(data, name)
    assert extract_bytes(data, name)["meta"]["doc_type"]


@pytest.mark.parametrize("ext", [".docx", ".xlsx", ".pdf"])
def test_truncated_and_flipped_containers_are_refused_by_the_integrity_check(ext: str) -> None:
    data = next(d for d, n in SEEDS if n.endswith(ext))
    check_integrity(data, "f" + ext)
    cut = data[: len(data) * 2 // 3]
    with pytest.raises(ExtractionError):
        check_integrity(cut, "f" + ext)
    if ext != ".pdf":  # a flipped byte inside compressed XML fails its CRC
        with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
            info = max(zf.infolist(), key=lambda i: i.compress_size)
        at = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
        flipped = data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1:]
        with pytest.raises(ExtractionError) as err:
            check_integrity(flipped, "f" + ext)
        assert "\n" not in str(err.value)


def test_truncated_docx_and_pdf_are_refused_by_the_extractor_in_one_line() -> None:
    for data, name in SEEDS:
        if name.endswith((".docx", ".pdf")):
            for cut in (len(data) // 3, len(data) - 10):
                with pytest.raises(ExtractionError) as err:
                    extract_bytes(data[:cut], name)
                assert "\n" not in str(err.value) and str(err.value)


@pytest.mark.parametrize("number", [61991, 95232])
def test_fuzz_cases_that_once_gave_a_two_line_message(number: int) -> None:
    """A flipped byte in a member's name put a line break into the CRC message (make fuzz, seed 0)."""
    from mutations import case

    data, name, _ = case(number, 0)
    assert outcome(data, name) == "refused"
