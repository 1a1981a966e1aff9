"""Bad inputs raise ExtractionError with a one-line Vietnamese message, and
``theodoi extract`` exits non-zero with that one line on stderr.

The catalogue lives in ``builders.bad_inputs`` and is shared with the import
service, ``theodoi import`` and upload-page tests."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from builders import SMALL_LIMIT, bad_inputs

from theodoi.extraction import ExtractionError, extract_bytes, max_bytes

CASES = bad_inputs()


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setenv("THEODOI_MAX_UPLOAD_BYTES", str(SMALL_LIMIT))


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected(case: str, small_limit) -> None:
    data, name, needle = CASES[case]
    with pytest.raises(ExtractionError) as info:
        extract_bytes(data, name)
    message = str(info.value)
    assert "\n" not in message and needle.lower() in message.lower()


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_extract_exits_non_zero_with_one_line(case: str, tmp_path) -> None:
    data, name, needle = CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    env = {**os.environ, "THEODOI_MAX_UPLOAD_BYTES": str(SMALL_LIMIT)}
    proc = subprocess.run([sys.executable, "-m", "theodoi.cli", "extract", str(path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi:") and needle.lower() in lines[0].lower()


def test_size_limit_follows_the_setting(monkeypatch) -> None:
    monkeypatch.delenv("THEODOI_MAX_UPLOAD_BYTES", raising=False)
    assert max_bytes() == 20 * 1024 * 1024
    monkeypatch.setenv("THEODOI_MAX_UPLOAD_BYTES", "1000")
    assert max_bytes() == 1000
    monkeypatch.setenv("THEODOI_MAX_UPLOAD_BYTES", "abc")
    assert max_bytes() == 20 * 1024 * 1024


def test_plan_without_targets_is_not_an_error() -> None:
    text = ("KẾ HOẠCH\nTuyên truyền về chuyển đổi số năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n"
            "Nâng cao nhận thức.\nII. NHIỆM VỤ\n1. Tổ chức hội nghị quán triệt\n"
            "Hoàn thành trong tháng 3/2026.\nIII. TỔ CHỨC THỰC HIỆN\n"
            "1. Phòng Văn hóa - Xã hội chủ trì triển khai kế hoạch.\n")
    out = extract_bytes(text.encode(), "p.txt")
    assert out["targets"] == []
    assert out["tasks"] == [{"code": "II.1", "title": "Tổ chức hội nghị quán triệt",
                             "deadline": "3/2026"}]
