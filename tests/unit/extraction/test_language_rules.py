"""Rules of the language of plans found on plans nobody tuned for (issue 14), each on a
small plan written the way such plans are written."""

from __future__ import annotations

from theodoi.extraction import extract_bytes

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 05 tháng 3 năm 2025\n"
        "KẾ HOẠCH\nPhát triển khoa học, công nghệ và đổi mới sáng tạo đến năm 2030\n")


def _targets(body: str) -> list[dict]:
    return extract_bytes((HEAD + body).encode(), "plan.txt")["targets"]


def test_several_counts_after_one_verb_are_several_targets() -> None:
    got = _targets("I. MỤC TIÊU\n- Đến năm 2030, có ít nhất 100 doanh nghiệp khoa học và công nghệ, "
                   "50 tổ chức trung gian và 20 trung tâm đổi mới sáng tạo.\n- 100% cơ quan có hạ tầng số, "
                   "95% hồ sơ được số hóa.\nII. NHIỆM VỤ\n1. Hoàn thiện thể chế.\n")
    assert [(t["value"], t["unit"], t["deadline_year"]) for t in got] == [
        (100, "doanh nghiệp", 2030), (50, "tổ chức", 2030), (20, "trung tâm", 2030), (100, "%", 2030),
        (95, "%", 2030)]
    assert got[1]["text"] == "50 tổ chức trung gian"


def test_a_list_of_dates_or_a_figure_inside_a_clause_is_not_split() -> None:
    got = _targets("I. MỤC TIÊU\n- Tỷ lệ người dân có điện thoại thông minh đạt 85%, trong đó nông thôn 70%.\n"
                   "- Có 3.000 km cáp quang, phủ sóng 5G toàn tỉnh.\nII. NHIỆM VỤ\n1. Hoàn thiện thể chế.\n")
    assert len(got) == 2


def test_prose_aims_in_the_targets_section_are_not_targets() -> None:
    aims = ("Phát triển kinh tế số và xã hội số với trọng tâm là các nền tảng số quốc gia, các nền tảng số "
            "dùng chung, thống nhất trong từng ngành, lĩnh vực, là động lực thúc đẩy phát triển kinh tế số, "
            "sử dụng công nghệ số và dữ liệu số làm không gian hoạt động chính của người dân.")
    got = _targets(f"I. MỤC TIÊU\n{aims}\n- Tỷ lệ hồ sơ trực tuyến đạt 80%.\n"
                   "- Bảo đảm hạ tầng cáp quang đến mọi thôn.\nII. NHIỆM VỤ\n1. Hoàn thiện thể chế.\n")
    assert [t["text"] for t in got] == ["Tỷ lệ hồ sơ trực tuyến đạt 80%.", "Bảo đảm hạ tầng cáp quang đến mọi thôn."]


IMPLEMENTATION = """I. MỤC TIÊU
- Tỷ lệ hồ sơ trực tuyến đạt 80%.
II. NHIỆM VỤ
1. Hoàn thiện thể chế.
III. TỔ CHỨC THỰC HIỆN
{lead}Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ngành hướng dẫn, đôn đốc triển khai Kế hoạch.
{second}Sở Tài chính phối hợp với Sở Khoa học và Công nghệ tham mưu bố trí kinh phí thực hiện.
{third}Các sở, ban, ngành, UBND các huyện căn cứ chức năng, nhiệm vụ triển khai thực hiện; định kỳ 6 tháng, \
hằng năm báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Khoa học và Công nghệ); báo cáo đột xuất khi có yêu cầu.
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các sở, ban, ngành, UBND các huyện kịp thời báo cáo \
UBND tỉnh (qua Sở Khoa học và Công nghệ) để xem xét, giải quyết.
"""


def test_one_paragraph_per_body_gives_the_lead_and_coordinating_units() -> None:
    for marks in (("", "", ""), ("1. ", "2. ", "3. ")):  # the same section without and with numbers
        text = HEAD + IMPLEMENTATION.format(lead=marks[0], second=marks[1], third=marks[2])
        out = extract_bytes(text.encode(), "plan.txt")
        roles = {a["unit"]: a["role"] for a in out["assignments"]}
        assert roles == {"Sở Khoa học và Công nghệ": "chủ trì", "Sở Tài chính": "phối hợp",
                         "Các sở, ban, ngành, UBND các huyện": "thực hiện"}, marks


def test_reporting_every_six_months_yearly_and_when_asked_goes_to_the_final_recipient() -> None:
    out = extract_bytes((HEAD + IMPLEMENTATION.format(lead="", second="", third="")).encode(), "plan.txt")
    duties = {(r["unit"], r["to"], r["frequency"]) for r in out["reporting"]}
    unit = "Các sở, ban, ngành, UBND các huyện"
    assert duties == {(unit, "UBND tỉnh", "biannual"), (unit, "UBND tỉnh", "annual"), (unit, "UBND tỉnh", "adhoc")}


def test_sector_names_inside_a_targets_section_are_headings_and_stages_give_their_year() -> None:
    got = _targets("I. MỤC TIÊU\n1. Mục tiêu chung\nĐưa khoa học, công nghệ trở thành động lực chính.\n"
                   "2. Mục tiêu cụ thể\n- Giai đoạn 2025 - 2030:\nKinh tế số\n+ Tỷ trọng kinh tế số đạt 30% GRDP.\n"
                   "+ Có 500 doanh nghiệp công nghệ số.\nChính quyền số\n"
                   "+ 100% hồ sơ công việc được xử lý trên môi trường mạng.\n- Đến hết năm 2040:\n"
                   "+ Tỷ trọng kinh tế số đạt 50% GRDP.\nII. NHIỆM VỤ\n1. Hoàn thiện thể chế.\n")
    assert [(t["value"], t["deadline_year"]) for t in got] == [(30, 2030), (500, 2030), (100, 2030), (50, 2040)]


BLOCK = """I. MỤC TIÊU
- Tỷ lệ hồ sơ trực tuyến đạt 80%.
II. NHIỆM VỤ, GIẢI PHÁP
1. Hoàn thiện cơ chế chính sách về khoa học, công nghệ
{a}Nhiệm vụ: Rà soát, sửa đổi các quy định của tỉnh về khoa học, công nghệ.
{b}Cơ quan thực hiện: Sở Khoa học và Công nghệ.
{c}Thời gian hoàn thành: Quý IV/2025.
2. Phát triển hạ tầng số
{a}Nhiệm vụ: Đầu tư hạ tầng cáp quang đến các thôn.
{b}Cơ quan thực hiện: Sở Thông tin và Truyền thông.
{c}Thời gian thực hiện: 2025 - 2027.
III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.
"""


def test_a_task_written_as_a_block_keeps_its_deadline_and_its_fields_are_not_tasks() -> None:
    for marks in (("- ", "- ", "- "), ("a) ", "b) ", "c) ")):
        text = HEAD + BLOCK.format(a=marks[0], b=marks[1], c=marks[2])
        tasks = [{k: t[k] for k in ("code", "title", "deadline")}
                 for t in extract_bytes(text.encode(), "plan.txt")["tasks"]]
        assert tasks == [
            {"code": "II.1", "title": "Hoàn thiện cơ chế chính sách về khoa học, công nghệ",
             "deadline": "Quý IV/2025"},
            {"code": "II.2", "title": "Phát triển hạ tầng số", "deadline": "Năm 2027"}], marks
