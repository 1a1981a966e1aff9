"""A numbered item of the implementation section whose sentence opens with its circumstance ("Trong quá
trình thực hiện, nếu có khó khăn, vướng mắc, các bộ phận kịp thời báo cáo …") is the duty of the units
it then names: an assignment and an ad hoc reporting duty (issue 14: the hand-written held-out plan's
miss, tests/data/heldout)."""

from __future__ import annotations

import pytest

from theodoi.extraction import extract_bytes

PLAN = ("ỦY BAN NHÂN DÂN\nXÃ NAM HÀ\nSố: 15/KH-UBND\nNam Hà, ngày 2 tháng 3 năm 2026\nKẾ HOẠCH\n"
        "Chuyển đổi số xã Nam Hà năm 2026\nI. NHIỆM VỤ\n1. Phát triển hạ tầng số\nII. TỔ CHỨC THỰC HIỆN\n"
        "1. Công chức Văn phòng - Thống kê chủ trì theo dõi, đôn đốc; báo cáo UBND xã hằng quý.\n"
        "2. {closing}\n")


@pytest.mark.parametrize("closing,unit,to", [
    ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các bộ phận chuyên môn kịp thời báo cáo Chủ tịch "
     "UBND xã để chỉ đạo giải quyết.", "Các bộ phận chuyên môn", "Chủ tịch UBND xã"),
    ("Nếu phát sinh khó khăn, vướng mắc, các tổ công nghệ số cộng đồng kịp thời báo cáo UBND xã.",
     "Các tổ công nghệ số cộng đồng", "UBND xã"),
])
def test_a_closing_item_gives_its_units_an_assignment_and_an_ad_hoc_duty(closing: str, unit: str, to: str) -> None:
    out = extract_bytes(PLAN.format(closing=closing).encode(), "plan.txt")
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [
        ("Công chức Văn phòng - Thống kê", "chủ trì"), (unit, "thực hiện")]
    assert (unit, to, "adhoc") in [(r["unit"], r["to"], r["frequency"]) for r in out["reporting"]]


def test_a_closing_item_without_a_unit_gives_none() -> None:
    out = extract_bytes(PLAN.format(closing="Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời "
                                            "phản ánh về UBND xã.").encode(), "plan.txt")
    assert [a["unit"] for a in out["assignments"]] == ["Công chức Văn phòng - Thống kê"]
