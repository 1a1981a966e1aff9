"""Each extracted item carries how sure the extractor is (extraction/confidence.py)."""

from __future__ import annotations

from builders import SEEDS

from theodoi.extraction import confidence, extract_bytes


def test_every_item_has_a_confidence_in_its_order() -> None:
    for plan in sorted(SEEDS.glob("*.txt")):
        out = extract_bytes(plan.read_bytes(), plan.name)
        for part in ("targets", "tasks", "assignments", "reporting"):
            sure = out["confidence"][part]
            assert len(sure) == len(out[part]) and all(0 <= c <= 1 for c in sure)


def test_a_measured_target_is_surer_than_a_qualitative_one_or_a_heading() -> None:
    measured = {"text": "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 95%", "value": 95, "unit": "%",
                "comparator": ">=", "deadline_year": 2030}
    qualitative = {"text": "Đảm bảo trung tâm xã có hạ tầng cáp quang ổn định.", "value": None}
    heading = {"text": "Về hạ tầng số:", "value": None}
    several = {"text": "Có 100 doanh nghiệp, 50 tổ chức trung gian, 20 trung tâm và 10 quỹ", "value": 100,
               "unit": "doanh nghiệp"}
    scores = [confidence.target(t, "txt") for t in (measured, qualitative, heading)]
    assert scores[0] >= confidence.UNSURE > scores[1] > scores[2]
    assert confidence.target(several, "txt") < confidence.target(measured, "txt")
    assert confidence.target(measured, "ocr") < confidence.target(measured, "txt")


def test_a_unit_that_names_a_body_is_surer_than_a_sentence() -> None:
    body = {"unit": "Phòng Văn hóa - Xã hội", "role": "chủ trì", "duties": "Tham mưu triển khai"}
    sentence = {"unit": "trên cơ sở kết quả rà soát các nhiệm vụ đã giao, đề xuất điều chỉnh nội dung, kinh phí,",
                "role": "thực hiện", "duties": ""}
    assert confidence.assignment(body, "txt") >= confidence.UNSURE > confidence.assignment(sentence, "txt")
