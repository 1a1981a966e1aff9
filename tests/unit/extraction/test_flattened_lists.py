"""Targets lists as web pages and newspapers publish them (issue 14, third pass: the Như Xuân page of
tests/data/corpus): the whole list run together on one line, a site's date stamp before it, sectors
counting their indicators ("I. Về kinh tế (11 chỉ tiêu)"), breakdowns opened by "trong đó:", figures in
parentheses, spans of years and a copy cut inside its last item. Each rule on a list written for the test."""

from __future__ import annotations

from theodoi.extraction import extract_bytes
from theodoi.extraction.normalise import normalise_lines, split_run_list
from theodoi.extraction.numbers import read_quantity
from theodoi.extraction.targets import split_outcomes

ONE_LINE = ("CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2025-2030 I. Về kinh tế (3 chỉ tiêu) 1. Thu nhập bình quân đầu người "
            "đến năm 2030: 90 triệu đồng. 2. Tổng vốn đầu tư toàn xã hội giai đoạn 2026-2030: 3.200 tỷ đồng. 3. Tỷ "
            "lệ xã đạt chuẩn nông thôn mới nâng cao đạt 60% (9/15 xã, tăng 4 xã). II. Về xã hội (2 chỉ tiêu) 4. Tỷ "
            "lệ hộ nghèo giảm còn dưới 2%. 5. Tỷ lệ trường đạt chuẩn quốc gia: 85%. 6. Tỷ lệ người dân tham gia")


def _targets(text: str) -> list[dict]:
    return extract_bytes(text.encode(), "page.txt")["targets"]


def test_a_list_run_together_on_one_line_is_split_at_its_counting_markers() -> None:
    lines = split_run_list(ONE_LINE)
    assert [line.split(" ", 1)[0] for line in lines] == ["CÁC", "I.", "1.", "2.", "3.", "II.", "4.", "5.", "6."]


def test_a_sentence_with_a_number_and_a_full_stop_is_not_a_list() -> None:
    text = ("Năm 2025, toàn huyện có 12 xã đạt chuẩn. 2 xã còn lại phấn đấu đạt chuẩn vào năm 2026 theo Quyết định "
            "số 15/QĐ-UBND ngày 3/3/2025 của UBND huyện; các xã đã đạt chuẩn tiếp tục nâng cao chất lượng các tiêu "
            "chí, trong đó tiêu chí 1. Quy hoạch được rà soát lại theo hướng dẫn của Sở Xây dựng.")
    assert split_run_list(text) == [text]


def test_a_pages_date_stamp_is_not_part_of_the_heading() -> None:
    assert normalise_lines([" date 2024-11 CÁC CHỈ TIÊU CHỦ YẾU", "1. Tỷ lệ hộ nghèo giảm còn dưới 2%."]) == [
        "CÁC CHỈ TIÊU CHỦ YẾU", "1. Tỷ lệ hộ nghèo giảm còn dưới 2%."]


def test_every_item_of_the_flattened_list_is_a_target_with_the_terms_year() -> None:
    got = _targets(" date 2025-09 " + ONE_LINE)
    assert [(t["value"], t["unit"], t["comparator"], t["deadline_year"]) for t in got] == [
        (90, "triệu đồng", ">=", 2030), (3200, "tỷ đồng", ">=", 2030), (60, "%", ">=", 2030),
        (2, "%", "<=", 2030), (85, "%", ">=", 2030), (None, None, None, 2030)]
    assert got[-1]["text"] == "Tỷ lệ người dân tham gia"  # the copy ends inside its last item: kept as cut
    assert got[2]["text"].endswith("(9/15 xã, tăng 4 xã).")


def test_a_cut_heading_is_not_a_target() -> None:
    assert _targets("I. MỤC TIÊU\n1. Mục tiêu chung\n- Phát triển kinh tế số là động lực tăng trưởng.\n"
                    "2. Mục tiêu cụ t") == []


def test_a_breakdown_list_opened_by_trong_do_stays_with_its_whole() -> None:
    sentence = "Tăng trưởng bình quân đạt 9%, trong đó: nông nghiệp tăng 4%; công nghiệp tăng 12%; dịch vụ tăng 10%."
    assert split_outcomes(sentence) == [sentence]
    # without the list's colon, clauses joined by ";" each carry their outcome
    assert split_outcomes("Tỷ lệ hộ có internet đạt 90%; tỷ lệ người dùng điện thoại thông minh đạt 85%.") == [
        "Tỷ lệ hộ có internet đạt 90%", "tỷ lệ người dùng điện thoại thông minh đạt 85%."]


def test_figures_in_parentheses_detail_their_outcome() -> None:
    q = read_quantity("Tỷ lệ thôn đạt chuẩn văn hóa 75% (30/40 thôn, tăng 6 thôn).")
    assert (q.value, q.unit) == (75, "%")
    assert read_quantity("Số thôn đạt chuẩn: 30/40 thôn.").value == 30  # a fraction outside parentheses counts


def test_a_span_of_years_is_not_a_range_of_the_outcome() -> None:
    q = read_quantity("Tổng vốn đầu tư giai đoạn 2026-2030: 3.200 tỷ đồng.")
    assert (q.value, q.value_max, q.unit) == (3200, None, "tỷ đồng")
    q = read_quantity("Mỗi năm có 2 - 3 sáng kiến.")
    assert (q.value, q.value_max) == (2, 3)


def test_a_figure_wrapped_to_its_own_line_is_no_numbered_item() -> None:
    """A PDF line "80 %." under "… đến năm 2025 đạt" goes on with its item, not a heading numbered 80."""
    from theodoi.extraction.outline import parse_outline
    from theodoi.extraction.pdf_reader import _join_paragraphs

    assert parse_outline(["80 %."])[0].kind == "text"
    assert parse_outline(["2. Tỷ lệ hộ nghèo giảm."])[0].kind == "arabic"
    assert _join_paragraphs(["(4). Tỷ lệ người dân tham gia bảo hiểm y tế đến năm 2025 đạt", "80 %.",
                             "(5). Tỷ lệ hộ nghèo giảm còn 2%."]) == [
        "(4). Tỷ lệ người dân tham gia bảo hiểm y tế đến năm 2025 đạt 80 %.", "(5). Tỷ lệ hộ nghèo giảm còn 2%."]
