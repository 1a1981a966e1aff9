"""domain.child_plans: a duty owes a plan when it asks to build one and gives a date for it."""

import pytest

from theodoi.domain.child_plans import owed_plan_deadline


@pytest.mark.parametrize("duties, phrase", [
    ("tổ chức phổ biến, quán triệt và xây dựng kế hoạch cụ thể thực hiện Nghị quyết số 57-NQ/TW và Kế hoạch "
     "này (hoàn thành trong tháng 4/2025); định kỳ sơ kết", "hoàn thành trong tháng 4/2025"),
    ("Các xã xây dựng, ban hành kế hoạch thực hiện trước ngày 30/6/2026.", "trước ngày 30/6/2026"),
    ("Xây dựng chương trình hành động, hoàn thành trong quý III/2026", "hoàn thành trong quý III/2026"),
    ("xây dựng kế hoạch cụ thể thực hiện; tham mưu thành lập Ban Chỉ đạo", None),
    ("tuyên truyền Nghị quyết; hoàn thành trong tháng 4/2025", None),  # a date, but for no plan
    ("xây dựng kế hoạch thực hiện phù hợp; hoàn thành trong tháng 4/2025", None),  # the date is another clause's
    ("", None),
])
def test_owed_plan_deadline(duties, phrase):
    assert owed_plan_deadline(duties) == phrase
