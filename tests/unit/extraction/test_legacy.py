"""Legacy Vietnamese encodings (TCVN3/ABC, VNI) are detected and converted in the
normalisation stage, whatever the reader: a seed plan written in either reads the same
as its Unicode text from a .txt file, a Word document or a PDF's text layer."""

from __future__ import annotations

import pytest
from builders import SEEDS, build_docx, build_pdf, find_font, legacy_ready, to_tcvn3, to_vni

from theodoi.extraction import extract_bytes, read_document
from theodoi.extraction.legacy import detect, plausibility, recase_line, tcvn3_to_unicode, to_unicode, vni_to_unicode

PLANS = sorted(SEEDS.glob("*.txt"))
ENCODERS = {"tcvn3": to_tcvn3, "vni": to_vni}


def _summary(out: dict) -> dict:
    return {"meta": out["meta"], "targets": [(t["text"], t.get("value"), t.get("deadline_year"))
                                             for t in out["targets"]],
            "tasks": [(t["code"], t["title"]) for t in out["tasks"]],
            "assignments": out["assignments"], "reporting": out["reporting"]}


@pytest.mark.parametrize(("word", "unicode"), [
    ("KÕ ho¹ch", "Kế hoạch"), ("ph¸t triÓn", "phát triển"), ("c«ng nghÖ", "công nghệ"),
    ("vµ ®æi míi s¸ng t¹o", "và đổi mới sáng tạo"), ("chuyÓn ®æi sè", "chuyển đổi số"),
    ("c¸c \xadu tiªn", "các ưu tiên"), ("®æi míi", "Đổi mới"),  # a text's first letter is a capital
])
def test_tcvn3_letters(word: str, unicode: str) -> None:
    assert tcvn3_to_unicode(word) == unicode


@pytest.mark.parametrize(("word", "unicode"), [
    ("Keá hoaïch", "Kế hoạch"), ("phaùt trieån", "phát triển"), ("coâng ngheä", "công nghệ"),
    ("ñoåi môùi saùng taïo", "đổi mới sáng tạo"), ("öu tieân", "ưu tiên"), ("VIEÄT NAM", "VIỆT NAM"),
    ("Ñaûng", "Đảng"), ("thaúng", "thẳng"), ("tyû leä", "tỷ lệ"), ("kyõ naêng", "kỹ năng"),
])
def test_vni_letters(word: str, unicode: str) -> None:
    assert vni_to_unicode(word) == unicode


def test_tcvn3_capitals_drawn_by_the_second_font_are_restored() -> None:
    assert recase_line(tcvn3_to_unicode("III. NHIÖM Vô")) == "III. NHIỆM VỤ"
    assert tcvn3_to_unicode("KÕ HO¹CH") == "KẾ HOẠCH"
    assert tcvn3_to_unicode("hµng hãa. ¸p dông") == "hàng hóa. Áp dụng"
    assert tcvn3_to_unicode("§Ò nghÞ ñy ban MÆt trËn") == "Đề nghị Ủy ban Mặt trận"
    assert tcvn3_to_unicode("Sè: 12/KH-TTr") == "Số: 12/KH-TTr"  # a symbol typed in ASCII stays


@pytest.mark.parametrize("text", [
    "Kế hoạch triển khai Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ " * 20,
    "Café crème, déjà vu, über alles, naïve façade, Øresund, São Paulo. " * 20,
    "Plain ASCII text of a report with numbers 1, 2, 3. " * 20,
])
def test_unicode_and_western_text_are_left_alone(text: str) -> None:
    assert detect(text) is None and to_unicode(text) == text


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
@pytest.mark.parametrize("plan", PLANS, ids=[p.name[:3] for p in PLANS])
def test_a_legacy_txt_plan_reads_as_its_unicode_text(plan, encoding: str) -> None:
    text = legacy_ready(plan.read_text(encoding="utf-8"))
    legacy = ENCODERS[encoding](text)
    assert detect(legacy) == encoding and plausibility(legacy) < plausibility(text)
    want = _summary(extract_bytes(text.encode(), "plan.txt"))
    assert _summary(extract_bytes(legacy.encode("cp1252"), "plan.txt")) == want  # Windows file
    assert _summary(extract_bytes(legacy.encode("utf-8"), "plan.txt")) == want  # copied as UTF-8


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_legacy_word_document_reads_as_its_unicode_text(encoding: str) -> None:
    for plan in PLANS:
        paras = list(read_document(legacy_ready(plan.read_text(encoding="utf-8")).encode(), "p.txt").paragraphs)
        want = _summary(extract_bytes(build_docx(paras), "plan.docx"))
        got = _summary(extract_bytes(build_docx([ENCODERS[encoding](p) for p in paras]), "plan.docx"))
        assert got == want, plan.name


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_legacy_pdf_text_layer_reads_as_its_unicode_text(encoding: str) -> None:
    font = find_font()
    if font is None:
        pytest.skip("no TTF font with Vietnamese glyphs")
    plan = PLANS[3]
    paras = read_document(legacy_ready(plan.read_text(encoding="utf-8")).encode(), "p.txt").paragraphs
    want = _summary(extract_bytes(build_pdf(paras, font), "plan.pdf"))
    got = _summary(extract_bytes(build_pdf([ENCODERS[encoding](p) for p in paras], font), "plan.pdf"))
    assert got["targets"] == want["targets"] and got["meta"] == want["meta"]
    assert got["tasks"] == want["tasks"] and got["assignments"] == want["assignments"]
