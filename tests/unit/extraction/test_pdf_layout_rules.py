"""What LibreOffice's layout does to a plan typed into Word and exported as PDF (issue 14, third pass:
the development corpus as `--format lopdf`), each undone by a rule of the text layer or of the line
joining, checked on lines written for the test."""

from __future__ import annotations

from theodoi.extraction.pdf_reader import _join_paragraphs, _unglue
from theodoi.extraction.reading import _continues


def test_a_glyph_drawn_in_a_fallback_font_gives_its_word_space_back() -> None:
    """"Ứ" drawn in a fallback font covers the space after it: "CĂN CỨLẬP" → "CĂN CỨ LẬP"; a
    consonant that ends a syllable with "Ư" ("ỨNG", "THỨC", "NỨT") stays glued."""
    assert _unglue("I. CĂN CỨLẬP KẾ HOẠCH") == "I. CĂN CỨ LẬP KẾ HOẠCH"
    assert _unglue("NGHIÊN CỨUKHOA HỌC") == "NGHIÊN CỨUKHOA HỌC"  # "ỨU" is a syllable's end: not guessed
    for word in ("ỨNG DỤNG", "PHƯƠNG THỨC", "VẾT NỨT", "NGHIÊN CỨU", "THỨ TƯ"):
        assert _unglue(word) == word


def test_a_span_of_years_wrapped_at_its_dash_is_one_line() -> None:
    assert _continues("I- MỤC TIÊU VÀ CÁC CHỈ TIÊU CHỦ YẾU GIAI ĐOẠN 2020", "- 2025", None)
    assert not _continues("- Tỷ lệ hộ nghèo năm 2020 còn 8%.", "- 2021: giảm còn 6%", None)  # a list of years


def test_a_figure_wrapped_after_the_colon_of_its_indicator_ends_that_sentence() -> None:
    assert _continues("7. Tỷ lệ tăng thu ngân sách bình quân hàng năm:", "12%. 8. Tổng số doanh nghiệp", None)
    assert not _continues("a) Mục tiêu đến năm 2027:", "100% dịch vụ công trực tuyến toàn trình.", None)


def test_a_heading_line_ending_in_a_bare_marker_goes_on() -> None:
    assert _continues("CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2025-2030 I.", "Về kinh tế (3 chỉ tiêu)", None)
    assert not _continues("Số xã đạt chuẩn nông thôn mới là 12.", "Tỷ lệ hộ nghèo giảm còn 2%.", None)
    assert _join_paragraphs(["CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2025-2030 I.", "Về kinh tế (3 chỉ tiêu) 1. Thu nhập"])[0] \
        .startswith("CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2025-2030 I. Về kinh tế")
