"""The failures issue 14 names, each checked against the extractor as a rule of the language of plans
(a small plan written for the test, with its own places and words): a part heading whose ordinal lost
its space in a PDF's text layer, a Party plan's issuer, stages written as dash bullets, "≥" written as
a sign, the counted noun kept whole."""

from __future__ import annotations

import pytest

from theodoi.extraction import extract_bytes
from theodoi.extraction.numbers import read_quantity
from theodoi.extraction.outline import BARE_PART, parse_outline

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH NAM SƠN\nSố: 12/KH-UBND\nNam Sơn, ngày 3 tháng 3 năm 2025\nKẾ HOẠCH\n"
        "Chuyển đổi số tỉnh Nam Sơn đến năm 2030\n")
TASKS = "II. NHIỆM VỤ\n1. Phát triển hạ tầng số\n"


def _extract(text: str) -> dict:
    return extract_bytes(text.encode(), "plan.txt")


def _years(body: str) -> list[tuple[int | None, int | None]]:
    return [(t["value"], t["deadline_year"]) for t in _extract(HEAD + body + TASKS)["targets"]]


# -- "PHẦN THỨTƯ": the ordinal glued to "thứ" ----------------------------------------------------
@pytest.mark.parametrize("line", ["PHẦN THỨTƯ", "PHẦN THỨ TƯ", "Phần thứhai", "PHẦN THỨNĂM:"])
def test_a_part_heading_whose_ordinal_lost_its_space_is_a_part(line: str) -> None:
    assert BARE_PART.match(line)
    node = parse_outline([line.rstrip(":") + ": TỔ CHỨC THỰC HIỆN"])[0]
    assert node.kind == "roman" and node.text == "TỔ CHỨC THỰC HIỆN"


def test_only_ordinal_words_are_read_glued() -> None:
    """"PHẦN THỨC ĂN" is no part heading: only the ordinal words may lose their space."""
    assert not BARE_PART.match("PHẦN THỨC ĂN")
    assert parse_outline(["Phần thứcăn: gạo"])[0].kind != "roman"


def test_the_implementation_part_after_a_glued_ordinal_gives_no_tasks() -> None:
    text = (HEAD + "PHẦN THỨ NHẤT\nMỤC TIÊU\n1. Mục tiêu cụ thể\n- Tỷ lệ hồ sơ được số hóa đạt 80%.\n"
            "PHẦN THỨ HAI\nNHIỆM VỤ\n1. Hạ tầng số\n2. Dữ liệu số\nPHẦN THỨBA\n"
            "TỔ CHỨC THỰC HIỆN\n1. Sở Thông tin và Truyền thông chủ trì, theo dõi, đôn đốc.\n")
    out = _extract(text)
    assert [(t["code"], t["title"]) for t in out["tasks"]] == [("II.1", "Hạ tầng số"), ("II.2", "Dữ liệu số")]
    assert [a["unit"] for a in out["assignments"]] == ["Sở Thông tin và Truyền thông"]


# -- a Party plan's issuer -------------------------------------------------------------------------
PARTY = ("ĐẢNG BỘ TỈNH NAM SƠN\nHUYỆN ỦY BẮC HÀ\n*\nSố 31-KH/HU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
         "Bắc Hà, ngày 5 tháng 5 năm 2025\nKẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị\n"
         "Thực hiện Kế hoạch số 20-KH/TU của Tỉnh ủy, {who} ban hành Kế hoạch thực hiện như sau:\n"
         "I. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt sâu sắc.\n" + TASKS)


@pytest.mark.parametrize("who", ["Ban Thường vụ Huyện ủy", "Ban Chấp hành Đảng bộ huyện", "Thường trực Huyện ủy"])
def test_a_party_organ_named_without_its_place_is_the_committee_of_the_header(who: str) -> None:
    assert _extract(PARTY.format(who=who))["meta"]["issuer"] == "HUYỆN ỦY BẮC HÀ"


def test_an_issuing_clause_naming_the_place_is_kept() -> None:
    assert _extract(PARTY.format(who="Ban Thường vụ Huyện ủy Bắc Hà"))["meta"]["issuer"] == \
        "Ban Thường vụ Huyện ủy Bắc Hà"


def test_without_a_header_the_clause_is_the_issuer() -> None:
    text = ("Triển khai Nghị quyết 57 của Bộ Chính trị\nBan Thường vụ Tỉnh ủy ban hành Chương trình hành động "
            "thực hiện Nghị quyết số 57-NQ/TW như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt.\n" + TASKS)
    assert _extract(text)["meta"]["issuer"] == "Ban Thường vụ Tỉnh ủy"


# -- stages written as dash bullets give their year to the targets under them ---------------------
def test_stage_bullets_over_plus_items() -> None:
    assert _years("I. MỤC TIÊU\n1. Mục tiêu cụ thể\n- Giai đoạn 2025 - 2027:\n+ Tỷ lệ hồ sơ số hóa đạt 80%.\n"
                  "+ Có 20 mô hình thôn thông minh.\n- Đến hết năm 2040:\n+ Tỷ lệ hồ sơ số hóa đạt 100%.\n") == [
        (80, 2027), (20, 2027), (100, 2040)]


def test_stage_lines_over_dash_items() -> None:
    assert _years("I. MỤC TIÊU\n1. Mục tiêu cụ thể\nĐến hết năm 2027:\n- Tỷ lệ hồ sơ số hóa đạt 80%.\n"
                  "Giai đoạn 2028 - 2035:\n- Tỷ lệ hồ sơ số hóa đạt 100%.\n") == [(80, 2027), (100, 2035)]


def test_a_stage_label_opening_the_target_gives_its_end_year() -> None:
    assert _years("I. MỤC TIÊU\n1. Mục tiêu cụ thể\n- Giai đoạn 2025-2027: tỷ lệ hồ sơ số hóa đạt 80%.\n"
                  "- Đến hết năm 2040: tỷ lệ hồ sơ số hóa đạt 100%.\n") == [(80, 2027), (100, 2040)]


def test_a_stage_compared_against_is_a_baseline_not_the_year() -> None:
    assert _years("I. MỤC TIÊU\n1. Mục tiêu cụ thể\n- Số sáng kiến tăng 20% so với giai đoạn 2021 - 2025.\n") == [
        (20, 2030)]


# -- "≥ 95%" with the sign ----------------------------------------------------------------------------
@pytest.mark.parametrize("text,value,unit", [
    ("Tỷ lệ dịch vụ công trực tuyến toàn trình ≥ 95%.", 95, "%"),
    ("Tỷ lệ người dân có tài khoản định danh ≥95%.", 95, "%"),
    ("Số doanh nghiệp công nghệ số đạt ≥ 500 doanh nghiệp.", 500, "doanh nghiệp"),
])
def test_the_sign_is_at_least(text: str, value: int, unit: str) -> None:
    q = read_quantity(text)
    assert (q.value, q.unit, q.comparator) == (value, unit, ">=")


def test_the_cap_sign_is_at_most() -> None:
    q = read_quantity("Tỷ lệ hộ nghèo ≤ 2%.")
    assert (q.value, q.unit, q.comparator) == (2, "%", "<=")


# -- the counted noun is kept whole -----------------------------------------------------------------
@pytest.mark.parametrize("text,unit", [
    ("Có ít nhất 30 doanh nghiệp khoa học và công nghệ.", "doanh nghiệp"),   # the head noun (schema)
    ("Xây dựng ít nhất 02 khu công nghệ thông tin tập trung.", "khu công nghệ thông tin tập trung"),
    ("Hỗ trợ 200 hộ kinh doanh chuyển đổi số.", "hộ kinh doanh"),
    ("Có 100 điểm truy cập Wi-Fi công cộng.", "điểm truy cập"),
    ("Đạt 10 sản phẩm OCOP 4 sao.", "sản phẩm OCOP"),
    ("Đạt 12 cán bộ nghiên cứu trên một vạn dân.", "cán bộ nghiên cứu trên một vạn dân"),
    ("Phát triển 3 triệu thuê bao băng rộng.", "triệu thuê bao"),
    ("Có 20 làng nghề được số hóa.", "làng nghề"),
])
def test_the_counted_noun_is_not_cut_to_its_first_word(text: str, unit: str) -> None:
    assert read_quantity(text).unit == unit
