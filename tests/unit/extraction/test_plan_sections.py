"""Rules of the language of plans for the tasks, "Tổ chức thực hiện" and reporting sections
(issue 14, second half): each on a small plan written the way such plans are written, never with
one real plan's words, and each the same as TXT, DOCX and PDF where the format matters."""

from __future__ import annotations

from theodoi.extraction import extract_bytes

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 05 tháng 3 năm 2025\n"
        "KẾ HOẠCH\nPhát triển khoa học, công nghệ và đổi mới sáng tạo đến năm 2030\n"
        "I. MỤC TIÊU\n- Tỷ lệ hồ sơ trực tuyến đạt 80%.\n")


def _extract(body: str) -> dict:
    return extract_bytes((HEAD + body).encode(), "plan.txt")


def _duties(out: dict) -> set[tuple]:
    return {(r["unit"], r["to"], r["frequency"], r["due_day"]) for r in out["reporting"]}


# ---- reporting duties -------------------------------------------------------------------------

def test_six_months_then_a_bare_year_is_two_duties() -> None:
    # "định kỳ 6 tháng, năm" (and "6 tháng và 01 năm"): the year after the half-year is yearly
    for period in ("định kỳ 6 tháng, năm", "định kỳ 6 tháng và 01 năm"):
        out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                       f"1. UBND các huyện triển khai thực hiện; {period} báo cáo kết quả về UBND tỉnh.\n")
        assert _duties(out) == {("UBND các huyện", "UBND tỉnh", "biannual", None),
                                ("UBND các huyện", "UBND tỉnh", "annual", None)}, period


def test_six_months_of_a_year_named_is_not_a_yearly_duty() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. UBND các huyện báo cáo kết quả 6 tháng, năm 2025 về UBND tỉnh.\n")
    assert {r["frequency"] for r in out["reporting"]} == {"biannual"}


def test_the_intermediary_is_kept_as_the_way_not_the_recipient() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. Các sở, ngành định kỳ hằng quý báo cáo UBND tỉnh (qua Sở Khoa học và Công nghệ) "
                   "trước ngày 20 tháng cuối quý.\n")
    [duty] = out["reporting"]
    assert (duty["unit"], duty["to"], duty["frequency"], duty["due_day"], duty["via"]) == (
        "Các sở, ngành", "UBND tỉnh", "quarterly", 20, "Sở Khoa học và Công nghệ")


def test_a_reporting_section_gives_the_duty_of_the_unit_each_sentence_names() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. Sở Khoa học và Công nghệ chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch.\n"
                   "2. Chế độ báo cáo\n"
                   "Định kỳ 6 tháng, hằng năm, các sở, ban, ngành, UBND các huyện báo cáo kết quả thực hiện "
                   "về UBND tỉnh (qua Sở Khoa học và Công nghệ); Sở Khoa học và Công nghệ tổng hợp, "
                   "báo cáo UBND tỉnh.\n"
                   "Báo cáo đột xuất khi có yêu cầu.\n")
    units = "Các sở, ban, ngành, UBND các huyện"
    assert _duties(out) == {(units, "UBND tỉnh", "biannual", None), (units, "UBND tỉnh", "annual", None),
                            ("Sở Khoa học và Công nghệ", "UBND tỉnh", "biannual", None),
                            ("Sở Khoa học và Công nghệ", "UBND tỉnh", "annual", None)}
    # "Chế độ báo cáo" is a rule for all, not a body with duties
    assert [a["unit"] for a in out["assignments"]] == ["Sở Khoa học và Công nghệ"]


def test_a_later_sentence_with_its_own_subject_is_that_units_duty() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. Sở Khoa học và Công nghệ chủ trì, hướng dẫn triển khai Kế hoạch. Định kỳ hằng năm, "
                   "các cơ quan, đơn vị gửi báo cáo về Sở Khoa học và Công nghệ trước ngày 10 tháng 12.\n")
    assert _duties(out) == {("Các cơ quan, đơn vị", "Sở Khoa học và Công nghệ", "annual", 10)}


# ---- implementation section ---------------------------------------------------------------------

def test_a_group_heading_over_lettered_units_gives_the_units() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. Trách nhiệm của các sở, ban, ngành\n"
                   "a) Sở Khoa học và Công nghệ: chủ trì, phối hợp với các sở, ngành hướng dẫn triển khai.\n"
                   "b) Sở Tài chính: tham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
                   "2. Ủy ban nhân dân các huyện, thành phố\n"
                   "Xây dựng kế hoạch triển khai tại địa phương.\n"
                   "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh\n"
                   "Tuyên truyền, vận động Nhân dân tham gia thực hiện.\n")
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [
        ("Sở Khoa học và Công nghệ", "chủ trì"), ("Sở Tài chính", "thực hiện"),
        ("Ủy ban nhân dân các huyện, thành phố", "thực hiện"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "phối hợp")]


def test_a_heading_naming_one_unit_keeps_it_without_its_prefix() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. Trách nhiệm của Sở Khoa học và Công nghệ\n"
                   "a) Là cơ quan thường trực, theo dõi, đôn đốc thực hiện Kế hoạch.\n"
                   "b) Tổng hợp kết quả thực hiện.\n")
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [("Sở Khoa học và Công nghệ", "chủ trì")]
