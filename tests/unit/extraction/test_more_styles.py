"""Rules added for the styles of the 2026 fixtures (files in ``plans/``):
a commune Party Nghị quyết ("Ban Chấp hành Đảng bộ xã ra Nghị quyết", "II. MỤC
TIÊU, CHỈ TIÊU" / "2. Chỉ tiêu chủ yếu đến năm 2030", lettered sentences
under tasks), a Sở plan numbered "Phần I … Phần IV" with "1.1.1." task codes
and "trước ngày 15 của tháng cuối quý" reporting. Their whole expected
extractions are checked by test_fixture_plans.py; these pin the single rules.
"""

from __future__ import annotations

import pytest

from theodoi.extraction.assignments import CHAIR
from theodoi.extraction.meta import _ISSUING
from theodoi.extraction.outline import classify


@pytest.mark.parametrize(("raw", "label", "text"), [
    ("Phần II. MỤC TIÊU", "II", "MỤC TIÊU"),
    ("PHẦN III. NHIỆM VỤ, GIẢI PHÁP", "III", "NHIỆM VỤ, GIẢI PHÁP"),
    ("IV. TỔ CHỨC THỰC HIỆN", "IV", "TỔ CHỨC THỰC HIỆN"),
])
def test_part_headings_are_roman(raw: str, label: str, text: str) -> None:
    assert classify(raw)[:3] == ("roman", label, text)


def test_a_word_phan_without_a_numeral_is_not_a_heading() -> None:
    assert classify("Phần lớn các xã đã có cáp quang.")[0] == "text"


@pytest.mark.parametrize(("clause", "who"), [
    ("Ban Chấp hành Đảng bộ xã ra Nghị quyết như sau:", "Ban Chấp hành Đảng bộ xã"),
    ("Ban Thường vụ Huyện ủy ban hành Chỉ thị như sau:", "Ban Thường vụ Huyện ủy"),
    ("Ủy ban nhân dân xã ban hành Kế hoạch như sau:", "Ủy ban nhân dân xã"),
])
def test_issuing_clauses(clause: str, who: str) -> None:
    assert _ISSUING.search(clause).group("who") == who


def test_a_cited_resolution_is_not_an_issuing_clause() -> None:
    assert _ISSUING.search("Hội đồng nhân dân tỉnh ban hành Nghị quyết số 12/2025/NQ-HĐND") is None


@pytest.mark.parametrize(("duty", "chairs"), [
    ("Đảng ủy xã lãnh đạo, chỉ đạo việc tổ chức thực hiện Nghị quyết.", True),
    ("Là đầu mối theo dõi, đôn đốc các phòng thực hiện Kế hoạch.", True),
    ("Ban cán sự đảng lãnh đạo cụ thể hóa Chương trình thành kế hoạch.", False),
    ("Tham mưu bố trí kinh phí thực hiện Kế hoạch.", False),
])
def test_leading_roles(duty: str, chairs: bool) -> None:
    assert bool(CHAIR.search(duty)) is chairs


@pytest.mark.parametrize(("raw", "kind", "label"), [
    ("C. TỔ CHỨC THỰC HIỆN", "upper", "C"),        # after "A.", "B.": a letter, not Roman 100
    ("1. 100% văn bản đi, đến được ký số.", "arabic", "1"),  # item 1 whose sentence opens with a number
    ("1.000 doanh nghiệp ứng dụng nền tảng số.", "text", ""),  # a number, not item 1
])
def test_markers(raw: str, kind: str, label: str) -> None:
    assert classify(raw)[:2] == (kind, label)


def test_a_plan_whose_title_is_its_subject_line() -> None:
    from theodoi.extraction.meta import find_title

    paras = ["UBND HUYỆN X", "Số: 5/KH-UBND", "V/v triển khai chuyển đổi số năm 2025",
             "X, ngày 10 tháng 02 năm 2025", "KẾ HOẠCH", "Căn cứ Kế hoạch số 46/KH-UBND của UBND tỉnh;"]
    assert find_title(paras, 4) == "triển khai chuyển đổi số năm 2025"


@pytest.mark.parametrize(("text", "want"), [
    ("Phòng A tổng hợp, báo cáo UBND huyện và Sở Thông tin và Truyền thông trước ngày 10 của tháng cuối quý.",
     [("UBND huyện", "quarterly", 10), ("Sở Thông tin và Truyền thông", "quarterly", 10)]),
    ("Báo cáo về Văn phòng HĐND và UBND xã trước ngày 05 hằng tháng.",
     [("Văn phòng HĐND và UBND xã", "monthly", 5)]),  # one joint office
    ("Các phòng báo cáo định kỳ trước ngày 20 hằng tháng về Văn phòng Sở.",
     [("Văn phòng Sở", "monthly", 20)]),
])
def test_reporting_recipients_and_quarters(text: str, want: list) -> None:
    from theodoi.extraction.reporting import extract_reporting

    got = extract_reporting([("Phòng A", text)])
    assert [(r["to"], r["frequency"], r["due_day"]) for r in got] == want


def test_a_word_table_of_targets_in_the_targets_section() -> None:
    """The Markdown plan with its targets table as a real Word table gives the same targets."""
    import json
    from pathlib import Path

    from builders import markdown_to_docx

    from theodoi.extraction import extract_bytes

    plans = Path(__file__).parent / "plans"
    want = json.loads((plans / "phuong-bang-chi-tieu-than.expected.json").read_text(encoding="utf-8"))
    docx = markdown_to_docx(plans / "phuong-bang-chi-tieu-than.md")
    assert extract_bytes(docx, "bang.docx")["targets"] == want["targets"]


@pytest.mark.parametrize(("raw", "label", "text"), [
    ("Phần thứ nhất. MỤC ĐÍCH, YÊU CẦU", "I", "MỤC ĐÍCH, YÊU CẦU"),
    ("PHẦN THỨ HAI: MỤC TIÊU", "II", "MỤC TIÊU"),
    ("Phần thứ ba - NHIỆM VỤ, GIẢI PHÁP", "III", "NHIỆM VỤ, GIẢI PHÁP"),
    ("PHẦN THỨ TƯ. TỔ CHỨC THỰC HIỆN", "IV", "TỔ CHỨC THỰC HIỆN"),
    ("Phần thứ bốn. KINH PHÍ", "IV", "KINH PHÍ"),
    ("Phần thứ sáu. ĐIỀU KHOẢN THI HÀNH", "VI", "ĐIỀU KHOẢN THI HÀNH"),
])
def test_ordinal_parts_are_roman(raw: str, label: str, text: str) -> None:
    assert classify(raw)[:3] == ("roman", label, text)


def test_an_ordinal_word_in_prose_is_not_a_heading() -> None:
    assert classify("Phần thứ hai của báo cáo nêu các tồn tại.")[0] == "text"
    assert classify("Phần thứ mấy: chưa rõ")[0] == "text"  # not an ordinal


@pytest.mark.parametrize(("lines", "want"), [
    (["PHẦN THỨ HAI", "MỤC TIÊU", "1. Mục tiêu cụ thể"], ["PHẦN THỨ HAI. MỤC TIÊU", "1. Mục tiêu cụ thể"]),
    (["PHẦN III", "NHIỆM VỤ VÀ GIẢI PHÁP"], ["PHẦN III. NHIỆM VỤ VÀ GIẢI PHÁP"]),
    (["Phần thứ nhất:", "Mục đích, yêu cầu"], ["Phần thứ nhất. Mục đích, yêu cầu"]),
    # a numbered line or a sentence after a bare part is not its title
    (["PHẦN I", "1. Bối cảnh"], ["PHẦN I", "1. Bối cảnh"]),
    (["PHẦN II", "Kế hoạch gồm các nội dung sau."], ["PHẦN II", "Kế hoạch gồm các nội dung sau."]),
])
def test_a_bare_part_takes_its_title_from_the_next_line(lines: list[str], want: list[str]) -> None:
    from theodoi.extraction.reading import rejoin

    assert rejoin(lines) == want
    assert classify(rejoin(lines)[0])[0] == ("roman" if len(want) < len(lines) else "text")


def test_a_target_table_with_several_year_columns_takes_the_plan_end_year() -> None:
    from pathlib import Path

    from theodoi.extraction import extract_bytes

    source = Path(__file__).parent / "plans" / "xa-bang-chi-tieu-nhieu-nam.md"
    out = extract_bytes(source.read_bytes(), source.name)
    assert out["meta"]["period"] == {"start": 2026, "end": 2030}
    got = [(t["section"], t["value"], t["unit"], t["comparator"], t["deadline_year"]) for t in out["targets"]]
    assert got == [("I.2", 70, "%", ">=", 2030), ("I.2", 6, "hợp tác xã", ">=", 2030),
                   ("I.2", 8, "điểm", ">=", 2026)]  # left blank for 2030: its 2026 value


@pytest.mark.parametrize(("head", "period_end", "value", "year"), [
    (["Chỉ tiêu", "Đơn vị tính", "Năm 2030", "Năm 2026"], 2030, 90, 2030),   # column order does not matter
    (["Chỉ tiêu", "Đơn vị tính", "Năm 2025", "Năm 2026"], 2026, 60, 2026),
    (["Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Năm 2030"], None, 60, 2030),   # no period: the latest year
    (["Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Giai đoạn 2026-2030"], 2030, 60, 2030),
])
def test_year_columns(head: list[str], period_end: int | None, value: int, year: int) -> None:
    from theodoi.extraction.targets import table_targets

    row = ["Tỷ lệ hồ sơ trực tuyến", "%", "90", "60"] if head[2] == "Năm 2030" else \
        ["Tỷ lệ hồ sơ trực tuyến", "%", "40", "60"]
    (t,) = table_targets([head, row], "II.2", period_end)
    assert (t["value"], t["deadline_year"]) == (value, year)
