"""Hand-written plans in styles the seeds do not use (files in ``plans/``).

A ministry's action plan (targets under "2.1. Đến năm 2027" + "a)", tasks
under "IV. NHIỆM VỤ, GIẢI PHÁP" with "1.1."), a Quyết định with the plan
attached after its signature, a ward Party plan with no targets at all, a
commune plan whose targets and tasks sit in appendix tables ("Biểu số 01/02",
Markdown bold headings), and a provincial Party plan with PDF-style broken
lines. None of their names or sentences come from the seeds.
"""

from __future__ import annotations

from pathlib import Path

from theodoi.extraction import extract_bytes

PLANS = Path(__file__).parent / "plans"


def _extract(name: str) -> dict:
    path = PLANS / name
    return extract_bytes(path.read_bytes(), path.name)


def _targets(out: dict) -> list[tuple]:
    return [(t["section"], t["area"], t["value"], t["value_max"], t["unit"], t["comparator"],
             t["deadline_year"]) for t in out["targets"]]


def test_ministry_action_plan() -> None:
    out = _extract("bo-ke-hoach-hanh-dong.txt")
    meta = out["meta"]
    assert (meta["number"], meta["issuer"], meta["place"], meta["issued_date"]) == (
        "1520/KH-BNNMT", "Bộ Nông nghiệp và Môi trường", "Hà Nội", "2025-06-18")
    assert meta["period"] == {"start": 2025, "end": 2030}
    assert meta["references"] == ["57-NQ/TW", "03/NQ-CP", "35/2025/NĐ-CP"]
    assert _targets(out) == [
        ("II.2.1.a", "CĐS", 100, None, "%", ">=", 2027),
        ("II.2.1.b", "CĐS", 20, None, "bộ, ngành", ">=", 2027),  # the noun pair as written
        ("II.2.1.c", "KHCN", 30, None, "giống cây trồng", ">=", 2027),
        ("II.2.2.a", "KHCN", 30, None, "%", ">", 2030),
        ("II.2.2.b", "TC", 2, None, "%", ">=", 2030),  # "không dưới 2%" is a floor
        ("II.2.2.c", "KHCN", 3, 5, "phòng thí nghiệm", ">=", 2030),
    ]
    assert out["targets"][0]["text"].startswith("100% hồ sơ thủ tục hành chính")
    # "III. LỘ TRÌNH THỰC HIỆN" and "V. KINH PHÍ" read like tasks but are not
    assert [(t["code"], t["deadline"]) for t in out["tasks"]] == [
        ("IV.1", None), ("IV.1.1", "Quý IV/2025"), ("IV.1.2", None), ("IV.2", None),
        ("IV.2.1", "Năm 2026"), ("IV.2.2", None), ("IV.3", None)]
    assert out["tasks"][0]["title"] == "Hoàn thiện thể chế, chính sách"
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [
        ("Vụ Khoa học và Công nghệ", "chủ trì"), ("Cục Chuyển đổi số", "chủ trì"),
        ("Các Cục, Vụ, Viện, Trường thuộc Bộ", "thực hiện")]
    # the closing "phản ánh về … để tổng hợp, báo cáo Bộ trưởng" is not a duty
    assert out["reporting"] == [
        {"unit": "Vụ Khoa học và Công nghệ", "to": "Bộ trưởng", "frequency": "annual", "due_day": 15},
        {"unit": "Cục Chuyển đổi số", "to": "Vụ Khoa học và Công nghệ", "frequency": "biannual",
         "due_day": None},
        {"unit": "Các Cục, Vụ, Viện, Trường thuộc Bộ", "to": "Vụ Khoa học và Công nghệ",
         "frequency": "quarterly", "due_day": 20},
    ]


def test_decision_with_the_plan_attached_after_its_signature() -> None:
    out = _extract("quyet-dinh-kem-ke-hoach.txt")
    meta = out["meta"]
    assert meta["doc_type"] == "QUYẾT ĐỊNH"
    assert meta["number"] == "415/QĐ-UBND"
    assert meta["issuer"] == "ỦY BAN NHÂN DÂN TỈNH HÀ BẮC"  # two header lines, one name
    assert meta["period"] == {"start": 2026, "end": 2026}
    # the attached plan's caption repeats the decision's own number: not a reference
    assert meta["references"] == ["06/QĐ-TTg", "27/TTr-SKHCN"]
    # the decision's "Nơi nhận" does not end the body: the attached plan follows it
    assert [(t["section"], t["value"], t["comparator"]) for t in out["targets"]] == [
        ("II.1", 95, ">="), ("II.1", 80, ">"), ("II.2", 15, ">="), ("II.3", 85, ">=")]
    assert [(t["code"], t["deadline"]) for t in out["tasks"]] == [
        ("III.1", "30/6/2026"), ("III.2", None), ("III.3", None)]
    # Điều 3 (execution clause) is not an assignment
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [
        ("Sở Khoa học và Công nghệ", "chủ trì"),
        ("Các sở, ban, ngành tỉnh; Ủy ban nhân dân các xã, phường", "thực hiện"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "phối hợp")]
    assert [(r["to"], r["frequency"], r["due_day"]) for r in out["reporting"]] == [
        ("Ủy ban nhân dân tỉnh", "monthly", 25), ("Sở Khoa học và Công nghệ", "monthly", 20)]


def test_ward_party_plan_without_targets() -> None:
    out = _extract("phuong-khong-chi-tieu.txt")
    meta = out["meta"]
    assert (meta["number"], meta["place"], meta["issued_date"]) == ("27-KH/ĐU", "Tân Lập", "2026-04-02")
    # the clause names the organ without its place ("Ban Thường vụ Đảng ủy phường"): the header names it
    assert meta["issuer"] == "ĐẢNG ỦY PHƯỜNG TÂN LẬP"
    assert meta["references"] == ["57-NQ/TW", "45-HD/BTGDVTU"]
    assert out["targets"] == []
    # no NHIỆM VỤ section: the "NỘI DUNG …" section holds the work
    assert [t["code"] for t in out["tasks"]] == ["II.1", "II.2"]
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [
        ("Ban Tuyên giáo và Dân vận Đảng ủy phường", "chủ trì"),
        ("Các chi bộ trực thuộc", "thực hiện"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam phường và các tổ chức chính trị - xã hội", "phối hợp")]
    assert [(r["to"], r["frequency"], r["due_day"]) for r in out["reporting"]] == [
        ("Ban Thường vụ Đảng ủy phường", "annual", 15),
        ("Ban Tuyên giáo và Dân vận Đảng ủy phường", "biannual", None)]


def _check_appendix_plan(out: dict) -> None:
    meta = out["meta"]
    assert (meta["number"], meta["issuer"]) == ("58/KH-UBND", "Ủy ban nhân dân xã Na Hang")
    assert meta["title"].startswith("Triển khai nhiệm vụ phát triển khoa học")
    assert meta["references"] == ["301/KH-UBND"]
    # the targets section only points to "Biểu số 01": the table's rows are the targets
    assert [(t["text"], t["section"], t["value"], t["unit"], t["comparator"], t["deadline_year"])
            for t in out["targets"]] == [
        ("Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "II.2", 100, "%", ">=", 2026),
        ("Tỷ lệ người dân trưởng thành có chữ ký số cá nhân", "II.2", 40, "%", ">=", 2026),
        ("Số mô hình ứng dụng khoa học, công nghệ trong sản xuất nông nghiệp", "II.2", 2,
         "mô hình", ">=", 2026),
    ]
    assert [t["area"] for t in out["targets"]] == ["CĐS", "CĐS", "KHCN"]
    assert [(t["code"], t["title"]) for t in out["tasks"]] == [
        ("PL.I", "Chính quyền số"), ("PL.II", "Kinh tế số và xã hội số")]
    rows = [r for r in out["appendix_tasks"] if not r["is_group"]]
    assert [(r["group"], r["lead_units"], r["coordinating_units"], r["deadline"]) for r in rows] == [
        ("PL.I", ["Văn phòng HĐND và UBND xã"], ["Công an xã"], "Tháng 9/2026"),
        ("PL.I", ["Phòng Văn hóa - Xã hội"], ["Bưu điện văn hóa xã"], "Quý III/2026"),
        ("PL.II", ["Phòng Kinh tế"], ["Hội Nông dân xã", "Đoàn Thanh niên xã"], "Năm 2026"),
    ]
    assert rows[2]["outputs"] == "20 hộ tham gia"
    assert [(r["to"], r["frequency"], r["due_day"]) for r in out["reporting"]] == [
        ("Chủ tịch UBND xã", "monthly", 10), ("Văn phòng HĐND và UBND xã", "monthly", 5)]


def test_commune_plan_with_targets_and_tasks_in_appendix_tables() -> None:
    _check_appendix_plan(_extract("xa-bieu-chi-tiet.md"))


def test_the_same_plan_as_a_word_file_with_real_tables() -> None:
    """Markdown tables become Word tables; bold headings become bold runs."""
    from builders import markdown_to_docx

    out = extract_bytes(markdown_to_docx(PLANS / "xa-bieu-chi-tiet.md"), "bieu.docx")
    assert out["source"]["kind"] == "docx"
    _check_appendix_plan(out)


def test_party_plan_with_pdf_style_broken_lines() -> None:
    out = _extract("tinh-uy-dong-ngat.txt")
    meta = out["meta"]
    assert (meta["number"], meta["place"], meta["issued_date"]) == ("19-KH/TU", "Sơn Nguyên", "2025-02-03")
    assert meta["issuer"] == "Ban Thường vụ Tỉnh ủy"
    assert meta["title"] == ("thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột "
                             "phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia")
    assert meta["period"] == {"start": 2025, "end": 2030}
    texts = [t["text"] for t in out["targets"]]
    # a bullet right under a lettered sub-heading is not glued to it, and lines
    # broken mid-word/sentence are rejoined
    assert texts[0] == ("Đóng góp của năng suất các nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế "
                        "đạt trên 50%.")
    assert texts[2:4] == ["Quy mô kinh tế số đạt tối thiểu 20% GRDP",
                          "tỷ lệ người dân trưởng thành sử dụng dịch vụ thanh toán điện tử đạt trên 75%."]
    assert _targets(out) == [
        ("II.2.a", "KHCN", 50, None, "%", ">", 2030),
        ("II.2.a", "KHCN", 50, None, "doanh nghiệp", ">=", 2030),  # the heading names KHCN first
        ("II.2.b", "CĐS", 20, None, "%", ">=", 2030),
        ("II.2.b", "CĐS", 75, None, "%", ">", 2030),
        ("II.2.b", "CĐS", 100, None, "%", ">=", 2030),
    ]
    assert [(t["code"], t["deadline"]) for t in out["tasks"]] == [
        ("III.1", "Quý I/2025"), ("III.2", None), ("III.2.a", None), ("III.2.b", None), ("III.3", None)]
    assert out["tasks"][0]["title"].endswith("đổi mới sáng tạo và chuyển đổi số")
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "chủ trì"),
        ("Đảng ủy Ủy ban nhân dân tỉnh", "thực hiện"),
        ("Văn phòng Tỉnh ủy", "chủ trì")]
    # "định kỳ báo cáo … theo quy định" has no period: no entry
    assert out["reporting"] == [{"unit": "Đảng ủy Ủy ban nhân dân tỉnh", "to": "Ban Thường vụ Tỉnh ủy",
                                 "frequency": "quarterly", "due_day": None}]
