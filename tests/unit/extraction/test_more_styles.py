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
