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


# ---- tasks written as blocks --------------------------------------------------------------------

BLOCK = """II. NHIỆM VỤ, GIẢI PHÁP
1. Hoàn thiện cơ chế chính sách về khoa học, công nghệ
{a}Nhiệm vụ: Rà soát, sửa đổi các quy định của tỉnh về khoa học, công nghệ.
{b}Cơ quan chủ trì: Sở Khoa học và Công nghệ.
{c}Cơ quan phối hợp: Sở Tư pháp; các sở, ngành liên quan.
{d}Sản phẩm: Quyết định của UBND tỉnh.
{e}Thời gian hoàn thành: Quý IV/2025.
2. Phát triển hạ tầng số
{a}Nhiệm vụ: Đầu tư hạ tầng cáp quang đến các thôn.
{b}Cơ quan thực hiện: Sở Thông tin và Truyền thông.
{c}Thời gian thực hiện: 2025 - 2027.
3. Đào tạo kỹ năng số cho cán bộ, công chức cấp xã (Sở Nội vụ chủ trì, phối hợp với UBND các huyện; \
hoàn thành trong năm 2026)
III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.
"""


def test_a_block_task_keeps_its_lead_and_coordinating_units_and_output() -> None:
    for marks in ("- ", "+ ", "a) b) c) d) e) "):
        labels = marks.split() if ")" in marks else [marks.strip()] * 5
        fill = {k: f"{labels[i]} " for i, k in enumerate("abcde")}
        tasks = _extract(BLOCK.format(**fill))["tasks"]
        assert [(t["code"], t["title"], t["deadline"], t.get("lead_units"), t.get("coordinating_units"),
                 t.get("outputs")) for t in tasks] == [
            ("II.1", "Hoàn thiện cơ chế chính sách về khoa học, công nghệ", "Quý IV/2025",
             ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp", "các sở, ngành liên quan"], "Quyết định của UBND tỉnh"),
            ("II.2", "Phát triển hạ tầng số", "Năm 2027", ["Sở Thông tin và Truyền thông"], None, None),
            ("II.3", "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã", "Năm 2026", ["Sở Nội vụ"],
             ["UBND các huyện"], None)], marks


def test_the_lead_units_of_block_tasks_are_the_assignments_when_the_section_names_none() -> None:
    # the implementation section names its bodies: it is the plan's list, the leads stay on the tasks
    out = _extract(BLOCK.format(a="- ", b="- ", c="- ", d="- ", e="- "))
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [("Sở Khoa học và Công nghệ", "chủ trì")]
    # a section that names no unit: each task's lead unit is an assignment, its duties the tasks it leads
    body = BLOCK.format(a="- ", b="- ", c="- ", d="- ", e="- ").replace(
        "1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.",
        "Kế hoạch này được triển khai đồng bộ trên địa bàn tỉnh.")
    got = [(a["unit"], a["role"], a["duties"]) for a in _extract(body)["assignments"]]
    assert got == [
        ("Sở Khoa học và Công nghệ", "chủ trì",
         "chủ trì: Hoàn thiện cơ chế chính sách về khoa học, công nghệ (Quý IV/2025)"),
        ("Sở Thông tin và Truyền thông", "chủ trì", "chủ trì: Phát triển hạ tầng số (Năm 2027)"),
        ("Sở Nội vụ", "chủ trì", "chủ trì: Đào tạo kỹ năng số cho cán bộ, công chức cấp xã (Năm 2026)")]


def test_fields_written_after_the_title_on_its_line_are_not_the_title() -> None:
    out = _extract("II. NHIỆM VỤ, GIẢI PHÁP\n"
                   "1. Xây dựng cơ sở dữ liệu khoa học, công nghệ của tỉnh. Cơ quan chủ trì: Sở Khoa học và "
                   "Công nghệ; thời gian hoàn thành: năm 2026.\n"
                   "2. Phát triển hạ tầng số - Đơn vị thực hiện: Sở Thông tin và Truyền thông.\n"
                   "III. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ chủ trì theo dõi thực hiện Kế hoạch.\n")
    assert [(t["title"], t["deadline"], t.get("lead_units")) for t in out["tasks"]] == [
        ("Xây dựng cơ sở dữ liệu khoa học, công nghệ của tỉnh", "Năm 2026", ["Sở Khoa học và Công nghệ"]),
        ("Phát triển hạ tầng số", None, ["Sở Thông tin và Truyền thông"])]


APPENDIX_ONLY = """II. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo.
III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.
Nơi nhận:
- Như trên;
PHỤ LỤC
| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm |
| 1 | Số hóa hồ sơ thủ tục hành chính | Văn phòng UBND tỉnh | Các sở, ngành | Quý II/2026 | Kho dữ liệu |
| 2 | Đào tạo kỹ năng số cho công chức | Sở Nội vụ | Sở Khoa học và Công nghệ | Năm 2026 | Lớp đào tạo |
"""


def test_an_appendix_without_group_rows_gives_one_task_per_row_with_its_units() -> None:
    out = _extract(APPENDIX_ONLY)
    assert out["tasks"] == [
        {"code": "PL.1", "title": "Số hóa hồ sơ thủ tục hành chính", "deadline": "Quý II/2026",
         "lead_units": ["Văn phòng UBND tỉnh"], "coordinating_units": ["Các sở, ngành"], "outputs": "Kho dữ liệu"},
        {"code": "PL.2", "title": "Đào tạo kỹ năng số cho công chức", "deadline": "Năm 2026",
         "lead_units": ["Sở Nội vụ"], "coordinating_units": ["Sở Khoa học và Công nghệ"], "outputs": "Lớp đào tạo"}]
    assert [(a["unit"], a["role"]) for a in out["assignments"]] == [("Sở Khoa học và Công nghệ", "chủ trì")]
    # without an implementation section naming units, the rows' leads are the assignments
    bare = APPENDIX_ONLY.replace("1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.",
                                 "Kế hoạch này được triển khai đồng bộ trên địa bàn tỉnh.")
    assert [(a["unit"], a["role"]) for a in _extract(bare)["assignments"]] == [
        ("Văn phòng UBND tỉnh", "chủ trì"), ("Sở Nội vụ", "chủ trì")]


def test_a_report_sent_to_a_department_to_compile_is_also_the_departments_duty() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. UBND các huyện định kỳ hằng quý gửi báo cáo về Sở Khoa học và Công nghệ để tổng hợp, "
                   "báo cáo UBND tỉnh thông qua Văn phòng UBND tỉnh.\n")
    assert _duties(out) == {("UBND các huyện", "Sở Khoa học và Công nghệ", "quarterly", None),
                            ("Sở Khoa học và Công nghệ", "UBND tỉnh", "quarterly", None)}
    assert out["reporting"][0]["via"] == "Văn phòng UBND tỉnh"


def test_a_relay_with_its_day_between_names_the_department_alone() -> None:
    # the day is when the phòng send to the Văn phòng: the Văn phòng's own report has none stated
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. Các phòng chuyên môn gửi báo cáo kết quả về Văn phòng trước ngày 15 của tháng cuối quý "
                   "để tổng hợp, báo cáo Giám đốc.\n")
    assert _duties(out) == {("Các phòng chuyên môn", "Văn phòng", "quarterly", 15),
                            ("Văn phòng", "Giám đốc", "quarterly", None)}


def test_a_closing_paragraph_after_the_last_item_is_the_duty_of_the_units_it_names() -> None:
    out = _extract("II. NHIỆM VỤ\n1. Hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
                   "1. Sở Khoa học và Công nghệ chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch.\n"
                   "2. Sở Tài chính tham mưu bố trí kinh phí thực hiện.\n"
                   "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các sở, ban, ngành kịp thời báo cáo "
                   "UBND tỉnh (qua Sở Khoa học và Công nghệ) để xem xét, giải quyết.\n")
    # not the last item's unit (Sở Tài chính)
    assert _duties(out) == {("Các sở, ban, ngành", "UBND tỉnh", "adhoc", None)}
