"""Eight more hand-written plans, each with its expected extraction
(``plans/<name>.expected.json``), written from plan-schema.md's rules before the
extractor was run on them.

Styles: a ministry's "KẾ HOẠCH HÀNH ĐỘNG" with "Mục tiêu đến năm 2030/2035" and
"a)" targets; a Tỉnh ủy "CHƯƠNG TRÌNH HÀNH ĐỘNG" whose list is "II. CHỈ TIÊU"
beside a prose "I. MỤC TIÊU", with several quantities per "- Đến năm 2030, …"
sentence; a city plan in Markdown with "(1)" targets, bold lettered task
headings and a header table; a Sở plan whose issuer is split over two header
lines and whose tasks are "Nhiệm vụ 1:"; a commune Quyết định phê duyệt with the
plan attached after "Nơi nhận"; a ward plan with stage headings, "Phấn đấu",
"Không dưới", "tối đa", "Giảm"; a commune Party plan in PDF-style broken lines
with ranges, thousands and decimals; a province plan with "MỤC TIÊU, CHỈ TIÊU"
and "Unit: duties" implementation items. No sentence comes from the seeds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from theodoi.extraction import extract_bytes

PLANS = Path(__file__).parent / "plans"
EXPECTED = sorted(PLANS.glob("*.expected.json"))


def source_of(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    return next(p for p in PLANS.iterdir() if p.stem == stem and not p.name.endswith(".json"))


def comparable(out: dict) -> dict:
    """The parts of an extraction the expectations pin down."""
    return {
        "meta": out["meta"],
        "targets": out["targets"],
        "tasks": out["tasks"],
        "assignments": [{"unit": a["unit"], "role": a["role"]} for a in out["assignments"]],
        # the schema's fields; ``via`` ("qua Sở X", the way a report goes) is an extra the schema leaves open
        "reporting": [{k: r[k] for k in ("unit", "to", "frequency", "due_day")} for r in out["reporting"]],
    }


def test_there_are_at_least_eight_expectations() -> None:
    assert len(EXPECTED) >= 8


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[0])
@pytest.mark.parametrize("part", ["meta", "targets", "tasks", "assignments", "reporting"])
def test_fixture_extracts_as_expected(expected: Path, part: str) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    source = source_of(expected)
    got = comparable(extract_bytes(source.read_bytes(), source.name))
    assert got[part] == want[part]


def test_split_pieces_keep_the_year_that_opens_the_sentence() -> None:
    # "Đến năm 2028, A 100%; B 95%": the plan runs to 2030, both pieces are due in 2028
    source = PLANS / "tinh-uy-chuong-trinh-chi-tieu.txt"
    out = extract_bytes(source.read_bytes(), source.name)
    assert out["meta"]["period"]["end"] == 2030
    due = {t["value"]: t["deadline_year"] for t in out["targets"] if t["value"] in (100, 95)}
    assert due == {100: 2028, 95: 2028}


def test_a_baseline_year_is_not_the_deadline() -> None:
    source = PLANS / "so-nhiem-vu-so.txt"
    out = extract_bytes(source.read_bytes(), source.name)
    reduced = next(t for t in out["targets"] if "so với năm 2025" in t["text"])
    assert reduced["deadline_year"] == 2026


@pytest.mark.parametrize(("text", "unit", "comparator"), [
    ("kết nối với ít nhất 20 bộ, ngành.", "bộ, ngành", ">="),       # a noun pair keeps its comma
    ("Tối thiểu 30 giống cây trồng mới được công nhận.", "giống cây trồng", ">="),
    ("không quá 2 ngày làm việc", "ngày làm việc", "<="),
    ("thuộc top 10 cả nước", "thứ hạng", "<="),                     # "cả nước" is not counted
    ("thuộc nhóm 5 nước dẫn đầu", "nước", "<="),
    ("100 sản phẩm hàng hóa", "sản phẩm", ">="),
])
def test_counted_nouns(text: str, unit: str, comparator: str) -> None:
    from theodoi.extraction.numbers import read_quantity

    q = read_quantity(text)
    assert (q.unit, q.comparator) == (unit, comparator)


@pytest.mark.parametrize(("text", "area"), [
    ("Hằng năm triển khai tối thiểu 10 nhiệm vụ khoa học và công nghệ.", "KHCN"),  # "khai" is not AI
    ("Ứng dụng AI trong 50% quy trình nghiệp vụ.", "CĐS"),
    ("Chỉ số đổi mới sáng tạo (PII) đạt 45,5 điểm.", "ĐMST"),  # "chỉ số" is an index, not digital
    ("1.500 hộ gia đình được cấp địa chỉ số.", "CĐS"),
    ("Số hóa 3.000 hồ sơ lưu trữ.", "CĐS"),
])
def test_subject_areas(text: str, area: str) -> None:
    from theodoi.extraction.areas import subject_area

    assert subject_area(text) == area


@pytest.mark.parametrize(("text", "comparator"), [
    ("Giảm 20% thời gian xử lý hồ sơ.", ">="),   # a reduction of at least 20%: a bare number
    ("Tỷ lệ hộ nghèo giảm xuống còn 5%.", "<="),  # a level to get under: a cap
    ("Tỷ lệ hộ nghèo giảm còn 3%.", "<="),
])
def test_reductions(text: str, comparator: str) -> None:
    from theodoi.extraction.numbers import read_quantity

    assert read_quantity(text).comparator == comparator
