"""domain.self_measured: the targets the system can measure itself, recognised by their wording."""

import pytest

from theodoi.domain.self_measured import SCIENCE_ON_PLATFORM, TASK_UPDATES, measure_of


@pytest.mark.parametrize("text, unit, measure", [
    ("Tối thiểu 90% nhiệm vụ thực hiện cập nhật tiến độ định kỳ hằng tháng.", "%", TASK_UPDATES),
    ("100% nhiệm vụ được cập nhật tiến độ hằng tháng trên hệ thống", "%", TASK_UPDATES),
    ("100% nhiệm vụ khoa học, công nghệ được quản lý, theo dõi trên nền tảng số", "%", SCIENCE_ON_PLATFORM),
    ("100% nhiệm vụ KHCN được cập nhật trên nền tảng số", "%", SCIENCE_ON_PLATFORM),
    ("100% hồ sơ công việc được xử lý trên môi trường mạng", "%", None),
    ("Tối thiểu 90% nhiệm vụ thực hiện cập nhật tiến độ hằng tháng", "nhiệm vụ", None),  # not a share
    ("100% thông tin kết quả và tài chính của nhiệm vụ được minh bạch hóa trên nền tảng số", "%", None),
])
def test_measure_of(text, unit, measure):
    assert measure_of(text, unit) == measure
