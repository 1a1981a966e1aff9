"""Rules of the language of plans found on the fifth held-out set (issue 14, i14y:
tests/data/corpus-heldout5, the first set of whole plans: a Party delegation's plan, a Prime Minister's
decision carrying a plan, a Politburo resolution). Each rule is checked on a small plan written the way
such documents are written, with other bodies, places, numbers and words than the held-out texts."""

from __future__ import annotations

from theodoi.extraction import extract_bytes
from theodoi.extraction.assignments import founded_units, split_units, subject_unit
from theodoi.extraction.reading import rejoin

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def _read(text: str) -> dict:
    return extract_bytes(text.encode(), "plan.txt")


# -- meta -------------------------------------------------------------------------------------------
def test_a_party_resolution_is_issued_by_the_organ_its_type_line_names() -> None:
    """"NGHỊ QUYẾT" / "CỦA BAN THƯỜNG VỤ TỈNH ỦY về …" with no issuing clause: the organ the line under the
    type names issues it, not the Party level of the header ("BAN CHẤP HÀNH ĐẢNG BỘ TỈNH")."""
    meta = _read("ĐẢNG BỘ TỈNH NAM HÀ\nBAN CHẤP HÀNH ĐẢNG BỘ TỈNH\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 09-NQ/TU\n"
                 "Nam Hà, ngày 03 tháng 4 năm 2025\nNGHỊ QUYẾT\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề phát triển kinh tế "
                 "số\nI- MỤC TIÊU\n1. Đến năm 2028\n- Kinh tế số đạt 25% GRDP.\nII- NHIỆM VỤ, GIẢI PHÁP\n"
                 "1. Phát triển hạ tầng số\n")["meta"]
    assert meta["issuer"] == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert (meta["number"], meta["issued_date"]) == ("09-NQ/TU", "2025-04-03")


def test_a_stage_heading_of_its_own_ends_the_period() -> None:
    """"1. Đến năm 2028" under MỤC TIÊU is a stage: a title without a year ends the plan there, and the vision
    beside it ("2. Tầm nhìn đến năm 2040") does not."""
    got = _read(MOTTO + "Số: 15/KH-UBND\nBình Sơn, ngày 02 tháng 3 năm 2025\nKẾ HOẠCH\nPhát triển du lịch "
                "cộng đồng\nI. MỤC TIÊU\n1. Đến năm 2028\n- Đón 200 nghìn lượt khách.\n"
                "2. Tầm nhìn đến năm 2040\nDu lịch là ngành kinh tế mũi nhọn.\nII. NHIỆM VỤ\n1. Quảng bá\n")
    assert got["meta"]["period"] == {"start": 2025, "end": 2028}
    assert [t["deadline_year"] for t in got["targets"]] == [2028]


def test_a_web_copy_header_keeps_neither_its_rule_nor_its_split_date_digits() -> None:
    """"| BỘ Y TẾ ------- | CỘNG HÒA … --------------- |" and "ngày 1 4 tháng 0 3 năm 2021": the rule printed
    under the name is not part of the issuer, and a two-digit day or month split by a space is one number."""
    meta = _read("| BỘ Y TẾ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
                 "--------------- |\n|---|---|\n| Số: 412 /QĐ-BYT | Hà Nội, ngày 1 4 tháng 0 3 năm 2021 |\n"
                 "QUYẾT ĐỊNH\n"
                 "BAN HÀNH KẾ HOẠCH TIÊM CHỦNG MỞ RỘNG\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch tiêm "
                 "chủng mở rộng.\nKẾ HOẠCH\nI. MỤC TIÊU\n1. Tỷ lệ tiêm chủng đạt 95%.\nII. NHIỆM VỤ\n"
                 "1. Cung ứng vắc xin\n")["meta"]
    assert meta["issuer"] == "BỘ Y TẾ"
    assert meta["issued_date"] == "2021-03-14"


# -- targets ----------------------------------------------------------------------------------------
def test_a_task_naming_its_aim_is_not_the_targets_section() -> None:
    """"b) Đẩy nhanh … với mục tiêu:" inside "II. NHIỆM VỤ VÀ GIẢI PHÁP" is a task that states its aim: its
    figure is not a target and its year does not end the plan."""
    got = _read(MOTTO + "Số: 88/KH-UBND\nTân An, ngày 05 tháng 5 năm 2022\nKẾ HOẠCH\nCải cách thủ tục "
                "đất đai\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\na) Nâng cao chất lượng phục vụ.\n"
                "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Giải pháp\na) Rà soát thủ tục:\n- Công bố danh mục thủ tục.\n"
                "b) Đẩy nhanh cấp giấy chứng nhận với mục tiêu:\nĐến năm 2024, cấp 98% giấy chứng nhận.\n"
                "III. TỔ CHỨC THỰC HIỆN\n1. Sở Tài nguyên và Môi trường chủ trì triển khai.\n")
    assert got["targets"] == []
    assert got["meta"]["period"] == {"start": 2022, "end": None}


def test_a_measure_with_its_own_figure_after_a_comma_is_another_target() -> None:
    """"… số sáng kiến tăng bình quân 12%/năm, tỷ lệ sáng kiến được áp dụng đạt 60 - 70%.": after a figure,
    a piece that names its own measure and figure is another outcome; a list of subjects before one figure
    ("số lượng hợp tác xã, tổ hợp tác tăng 5%") stays one."""
    got = _read(MOTTO + "Số: 12/KH-UBND\nThái Hòa, ngày 08 tháng 8 năm 2025\nKẾ HOẠCH\nPhong trào sáng kiến "
                "đến năm 2030\nI. MỤC TIÊU\n1. Mục tiêu cụ thể\n- Số sáng kiến cấp tỉnh tăng bình quân 12%/năm, "
                "tỷ lệ sáng kiến được áp dụng đạt 60 - 70%.\n- Số lượng hợp tác xã, tổ hợp tác tăng 5%/năm.\n"
                "II. NHIỆM VỤ\n1. Tuyên truyền\n")
    assert [(t["text"], t["value"], t["value_max"]) for t in got["targets"]] == [
        ("Số sáng kiến cấp tỉnh tăng bình quân 12%/năm", 12, None),
        ("tỷ lệ sáng kiến được áp dụng đạt 60 - 70%.", 60, 70),
        ("Số lượng hợp tác xã, tổ hợp tác tăng 5%/năm.", 5, None)]


# -- tasks ------------------------------------------------------------------------------------------
def test_a_lettered_list_of_sub_headings_keeps_its_one_sentence_items() -> None:
    """Under "2. Giải pháp", most lettered items head their own dash bullets: the list is one of task
    sub-headings, so its one-sentence items are tasks too, titled by the whole sentence (";" included)."""
    got = _read(MOTTO + "Số: 21/KH-UBND\nLong Mỹ, ngày 10 tháng 2 năm 2023\nKẾ HOẠCH\nPhòng chống "
                "thiên tai\nI. MỤC ĐÍCH\n1. Chủ động ứng phó.\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Nhiệm vụ\n"
                "a) Rà soát khu dân cư ven sông.\nb) Củng cố đê bao.\n2. Giải pháp\na) Hoàn thiện phương án:\n"
                "- Cập nhật phương án ứng phó.\nb) Tăng cường tuyên truyền; nâng cao kỹ năng ứng phó của người dân.\n"
                "c) Đầu tư trang thiết bị:\n- Mua sắm xuồng cứu hộ.\nd) Tổ chức diễn tập:\n- Diễn tập cấp xã.\n"
                "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Nông nghiệp chủ trì.\n")
    codes = {t["code"]: t["title"] for t in got["tasks"]}
    assert set(codes) == {"II.1", "II.2", "II.2.a", "II.2.b", "II.2.c", "II.2.d"}  # "1. Nhiệm vụ" a), b): items
    assert codes["II.2.b"] == "Tăng cường tuyên truyền; nâng cao kỹ năng ứng phó của người dân"


# -- assignments ------------------------------------------------------------------------------------
def test_a_long_list_of_office_holders_as_subject_gives_each_its_assignment() -> None:
    """"Các thành viên Ban Chỉ đạo, Chủ nhiệm Ủy ban Kiểm tra, Lãnh đạo các ban đảng, Trưởng các đoàn thể …
    có trách nhiệm …": a capitalised "Lãnh đạo" after a comma goes on the list of units, which may run past
    eighteen words; each holder is one unit."""
    text = ("Các thành viên Ban Chỉ đạo tỉnh, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy, Lãnh đạo các sở, ngành "
            "của tỉnh, Trưởng các đoàn thể chính trị - xã hội tỉnh có trách nhiệm chỉ đạo triển khai.")
    unit = subject_unit(text)
    assert unit is not None
    assert split_units(unit) == ["Các thành viên Ban Chỉ đạo tỉnh", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
                                 "Lãnh đạo các sở, ngành của tỉnh",
                                 "Trưởng các đoàn thể chính trị - xã hội tỉnh"]


def test_bodies_and_organisations_named_together_stay_one_unit() -> None:
    """"các cơ quan, tổ chức liên quan" and "tổ chức xã hội" are nouns, not the verb "tổ chức"; "Các sở, ban,
    ngành" is one unit's own list."""
    assert subject_unit("Sở Nội vụ, các cơ quan, tổ chức liên quan có trách nhiệm phối hợp.") == \
        "Sở Nội vụ, các cơ quan, tổ chức liên quan"
    assert split_units("Sở Nội vụ, các cơ quan, tổ chức liên quan") == ["Sở Nội vụ", "Các cơ quan, tổ chức liên quan"]
    assert split_units("Các sở, ban, ngành tỉnh") == ["Các sở, ban, ngành tỉnh"]
    got = _read(MOTTO + "Số: 30/KH-UBND\nVĩnh Hưng, ngày 01 tháng 7 năm 2024\nKẾ HOẠCH\nChăm sóc người "
                "cao tuổi\nI. MỤC ĐÍCH\n1. Chăm lo đời sống.\nII. NHIỆM VỤ\n1. Khám sức khỏe định kỳ\n"
                "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội chủ trì triển khai.\n"
                "2. Các tổ chức xã hội, doanh nghiệp và cộng đồng.\nKhuyến khích tham gia chăm sóc người cao tuổi.\n")
    assert [a["unit"] for a in got["assignments"]] == ["Phòng Văn hóa - Xã hội",
                                                     "Các tổ chức xã hội, doanh nghiệp và cộng đồng"]


def test_an_item_setting_up_bodies_names_them() -> None:
    """"Thành lập Ban Chỉ đạo … do Chủ tịch làm Trưởng ban. Thành lập Tổ công tác … với sự tham gia …": the
    bodies set up carry out the plan."""
    assert founded_units("Thành lập Ban Chỉ đạo chuyển đổi số, an toàn thông tin của xã, do Chủ tịch UBND xã làm "
                         "Trưởng ban. Thành lập Tổ công tác giúp việc với sự tham gia của các ngành.") == [
        "Ban Chỉ đạo chuyển đổi số, an toàn thông tin của xã", "Tổ công tác giúp việc"]
    assert founded_units("Sở Nội vụ thành lập đoàn kiểm tra.") == []


# -- reporting --------------------------------------------------------------------------------------
_PLAN = (MOTTO + "Số: 40/KH-UBND\nHòa Bình, ngày 09 tháng 9 năm 2024\nKẾ HOẠCH\nPhát triển nghề truyền "
         "thống\nI. MỤC ĐÍCH\n1. Bảo tồn nghề.\nII. NHIỆM VỤ\n1. Đào tạo nghề\n2. Phân công nhiệm vụ\n"
         "a) Trung tâm Khuyến công\n- Tổ chức lớp truyền nghề; định kỳ báo cáo UBND tỉnh khi được yêu cầu.\n"
         "III. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương chủ trì triển khai Kế hoạch.\n"
         "2. Các huyện, thành phố chủ động thực hiện.\nHằng quý, các sở, ngành và Ủy ban nhân dân các huyện báo "
         "cáo kết quả thực hiện về Sở Công Thương tổng hợp, báo cáo Ủy ban nhân dân tỉnh.\n")


def test_several_reporters_and_the_body_that_gathers_their_reports() -> None:
    """"các sở, ngành và Ủy ban nhân dân các huyện báo cáo … về Sở X tổng hợp, báo cáo UBND tỉnh": each
    reporter has its duty, and the relay gives Sở X's own."""
    duties = {(r["unit"], r["to"], r["frequency"]) for r in _read(_PLAN)["reporting"]}
    assert {("Các sở, ngành", "Sở Công Thương", "quarterly"),
            ("Ủy ban nhân dân các huyện", "Sở Công Thương", "quarterly"),
            ("Sở Công Thương", "Ủy ban nhân dân tỉnh", "quarterly")} <= duties


def test_a_duty_on_request_under_a_body_heading_of_the_tasks_section() -> None:
    """"a) Trung tâm Khuyến công" in the tasks section, its bullet "… báo cáo UBND tỉnh khi được yêu cầu": an
    ad hoc duty of that body ("khi được yêu cầu" as "khi có yêu cầu"); the heading gives no assignment."""
    got = _read(_PLAN)
    assert ("Trung tâm Khuyến công", "adhoc") in {(r["unit"], r["frequency"]) for r in got["reporting"]}
    assert "Trung tâm Khuyến công" not in {a["unit"] for a in got["assignments"]}


# -- reading ----------------------------------------------------------------------------------------
def test_a_term_number_wrapped_to_the_next_line_is_not_a_roman_heading() -> None:
    """"… Ban Chấp hành Trung ương khóa" / "XII. Tổng kết …" in a PDF: the Roman numeral is the term's, so the
    line continues the paragraph instead of opening section XII."""
    lines = ["- Thực hiện Kết luận của Ban Chấp hành Trung ương khóa", "XII. Tổng kết việc thực hiện Chỉ thị.",
             "III. TỔ CHỨC THỰC HIỆN"]
    assert rejoin(lines) == ["- Thực hiện Kết luận của Ban Chấp hành Trung ương khóa XII. Tổng kết việc thực "
                             "hiện Chỉ thị.", "III. TỔ CHỨC THỰC HIỆN"]
