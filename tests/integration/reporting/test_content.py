"""What a report says, drafted from the data as an officer writes it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from theodoi.reporting import builders, data, draft, periods

MAY = periods.parse("monthly", "2026-05")


def _text(snap) -> str:
    from theodoi.reporting.document import compose

    doc = compose(snap, {}, issued=dt.date(2026, 5, 20))
    return "\n".join(t for _s, t in doc.blocks)


def test_values_keep_the_precision_of_the_plan_and_no_english_unit(rworld):
    from theodoi.planning.models import Measurement, ReviewState, Target

    w = rworld
    hdi = Target.objects.create(document=w.plan, text="Chỉ số phát triển con người (HDI) duy trì trên 0,623",
                                comparator=">", value=Decimal("0.623"), unit_of_measure="index", position=5)
    Measurement.objects.create(target=hdi, unit=w.xa_a, period_key="2026-05", period_end=MAY.end,
                               value=Decimal("0.625"), state=ReviewState.APPROVED)
    text = _text(data.gather(w.xa_a, "monthly", MAY))
    line = next(x for x in text.splitlines() if "HDI" in x)
    assert "0,625 (mục tiêu > 0,623)" in line and "index" not in line


def test_a_contradictory_figure_is_footnoted_with_what_and_why(rworld):
    from theodoi.planning.models import Measurement, ReviewState

    w = rworld
    Measurement.objects.filter(target=w.target, unit=w.ban, period_key="2026-05").update(
        numerator=Decimal(252), denominator=Decimal(240), state=ReviewState.APPROVED)
    snap = data.gather(w.xa_a, "monthly", MAY)
    assert snap["flagged"] and snap["flagged"][0]["figure"] == "252/240"
    text = _text(snap)
    assert "xem ghi chú" in text
    note = next(x for x in text.splitlines() if x.startswith("Ghi chú:"))
    assert "Bản Một xã An Bình" in note and "252/240" in note and "tử số 252 lớn hơn mẫu số 240" in note


def test_a_plan_heading_is_never_printed_as_a_task(rworld):
    from theodoi.planning.models import Task

    w = rworld
    Task.objects.create(document=w.plan, title="Nhiệm vụ cụ thể: (có biểu chi tiết kèm theo)", lead_unit=w.vhxh,
                        position=9)
    snap = data.gather(w.xa_a, "monthly", MAY)
    titles = [r["title"] for g in snap["task_groups"] for r in g["tasks"]]
    assert titles and not any(t.startswith("Nhiệm vụ cụ thể") for t in titles)
    assert not any("Nhiệm vụ cụ thể" in n["task"] for n in snap["next_tasks"])
    assert data.is_heading("Nhiệm vụ cụ thể:") and not data.is_heading("Số hóa hồ sơ")


def test_the_units_own_plan_is_cited_and_sections_say_something(rworld):
    from theodoi.planning.models import DocStatus, DocType, Document, DocumentLink

    w = rworld
    above = Document.objects.create(doc_type=DocType.KE_HOACH, number="978/KH-UBND", issuer=w.lai_chau,
                                    issuer_name="UBND tỉnh Lai Châu", title="Kế hoạch thực hiện Nghị quyết 57",
                                    status=DocStatus.ACTIVE, issued_date=dt.date(2026, 2, 6))
    DocumentLink.objects.create(source=w.plan, target=above, kind="implements")
    snap = data.gather(w.xa_a, "monthly", MAY)
    text = draft.default_narrative(snap)
    assert "Kế hoạch số 978/KH-UBND ngày 06/02/2026 của UBND tỉnh Lai Châu" in text["intro"]
    assert "Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND xã An Bình" in text["intro"]
    # difficulties and proposals are gathered from the units' updates, with who sent them
    assert "Máy quét hỏng, thiếu nhân lực nhập liệu (Phòng Văn hóa - Xã hội)." in text["limits"]
    assert text["proposals"] == "Đề nghị tỉnh hỗ trợ máy quét (Phòng Văn hóa - Xã hội)."
    assert "Phòng Văn hóa - Xã hội: " in text["tasks"] and "…" not in text["tasks"]
    assert text["money"] == "Các đơn vị tiếp tục đẩy nhanh tiến độ giải ngân kinh phí được giao."


def test_an_empty_section_says_what_was_looked_at(rworld):
    w = rworld
    snap = data.gather(w.xa_b, "monthly", periods.parse("monthly", "2026-04"))
    text = draft.default_narrative(snap)
    assert text["proposals"] == "Trong kỳ, các đơn vị chưa có kiến nghị, đề xuất."
    assert "chưa có số liệu được duyệt" in text["limits"] or "không phản ánh khó khăn" in text["limits"]


def test_the_report_files_carry_the_drafted_text(rworld):
    from theodoi.reporting import services

    w = rworld
    report = services.open_report(w.xa_a, "monthly", "2026-05")
    doc = builders.compose_report(report, services.current_data(report), dt.date(2026, 5, 20))
    assert doc.draft and any(s == "para" and t.startswith("Thực hiện Nghị quyết số 57-NQ/TW") for s, t in doc.blocks)


def test_the_annual_report_has_a_conformity_section_worded_as_the_warnings(rworld):
    """The annual report says how each plan stands against the plans it implements: the findings of
    ``selectors.conformity`` in the words of the stored warnings (``message_of``); other reports do not."""
    from theodoi.planning.models import DocStatus, DocType, Document, DocumentLink, LinkKind, Target
    from theodoi.planning.selectors.warnings import live_warnings

    w = rworld
    province = Document.objects.create(doc_type=DocType.KE_HOACH, number="2273/KH-UBND", issuer=w.lai_chau,
                                       title="Kế hoạch của tỉnh", status=DocStatus.ACTIVE,
                                       issued_date=dt.date(2025, 5, 22))
    Target.objects.create(document=province, text="Tỷ lệ số hóa hồ sơ đạt 100%", comparator=">=", value=Decimal(100),
                          unit_of_measure="%", deadline=dt.date(2026, 12, 31), indicator=w.indicator)
    for plan in (w.plan, w.plan_b):
        DocumentLink.objects.create(source=plan, target=province, kind=LinkKind.IMPLEMENTS)
    Target.objects.filter(pk=w.target.pk).update(value=Decimal(95))
    year = periods.parse("annual", "2026")
    snap = data.gather(w.xa_a, "annual", year)
    [own] = snap["conformity"]
    assert own["own"] and own["parents"] == ["2273/KH-UBND"] and own["codes"][0] == "weaker"
    warned = {str(x.reason_vi) for x in live_warnings(dt.date(2026, 6, 20)) if x.document == w.plan}
    assert set(own["findings"]) == warned
    text = _text(snap)
    assert "Đối chiếu với văn bản cấp trên" in text
    assert ("Chỉ tiêu “Tỷ lệ số hóa hồ sơ đạt 100%” đặt mức ≥ 95%, thấp hơn mức ≥ 100% của 2273/KH-UBND."
            in text.splitlines())
    # the province's report covers its communes: xã Bình Yên's plan asks what the province asks
    province_snap = data.gather(w.lai_chau, "annual", year)
    lines = {p["plan"]: p for p in province_snap["conformity"]}
    binh_yen = next(p for label, p in lines.items() if "7/KH-UBND" in label)
    assert not [c for c in binh_yen["codes"] if c in ("weaker", "later", "missing")]
    assert any("thấp hơn mức ≥ 100%" in f for p in lines.values() for f in p["findings"])
    # a monthly report has no such section
    assert "conformity" not in data.gather(w.xa_a, "monthly", MAY)
    assert "Đối chiếu với văn bản cấp trên" not in _text(data.gather(w.xa_a, "monthly", MAY))


def test_an_annual_report_without_parent_plans_says_there_is_nothing_to_compare(rworld):
    snap = data.gather(rworld.xa_a, "annual", periods.parse("annual", "2026"))
    assert snap["conformity"] == []
    assert "Chưa có văn bản cấp trên của kế hoạch trên hệ thống theo dõi để đối chiếu." in _text(snap)
