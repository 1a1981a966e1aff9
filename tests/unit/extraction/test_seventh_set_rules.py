"""Rules of the language of plans found on the sixth and seventh held-out sets (issue 14, i14w:
tests/data/corpus-heldout6 and corpus-heldout7, whole gazette texts of decisions approving a scheme and
Government action programmes). Each rule is checked on a small plan written the way such documents are
written, with other bodies, places, numbers and words than the held-out texts."""

from __future__ import annotations

from theodoi.extraction import extract_bytes
from theodoi.extraction.assignments import past_basis, split_units
from theodoi.extraction.reporting import reporter_units

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 88/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nGia Lai, ngày 12 tháng 3 năm 2026\nKẾ HOẠCH\n"
        "Phát triển thương mại điện tử năm 2026\nI. NHIỆM VỤ\n1. Xây dựng sàn giao dịch\n"
        "II. TỔ CHỨC THỰC HIỆN\n")


def _read(items: str) -> dict:
    return extract_bytes((HEAD + items).encode(), "plan.txt")


def _duties(got: dict) -> set[tuple[str, str | None, int | None]]:
    return {(r["unit"].lower(), r["frequency"], r["due_day"]) for r in got["reporting"]}


def _units(got: dict) -> list[str]:
    return [a["unit"].lower() for a in got["assignments"]]


# -- reporting --------------------------------------------------------------------------------------
def test_a_relaying_body_does_not_take_the_reporters_day() -> None:
    """"gửi Sở X trước ngày 05 tháng 12 hằng năm để tổng hợp, báo cáo UBND tỉnh": the 5th is when the
    reporters send to Sở X; Sở X's own yearly report states no day."""
    got = _read("1. Ủy ban nhân dân các xã, phường định kỳ hằng năm gửi báo cáo kết quả về Sở Công Thương "
                "trước ngày 05 tháng 12 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.\n")
    assert _duties(got) == {("ủy ban nhân dân các xã, phường", "annual", 5), ("sở công thương", "annual", None)}


def test_a_relaying_body_keeps_its_own_stated_day() -> None:
    """Where the plan gives the relaying body a day of its own ("Sở X … báo cáo UBND tỉnh trước ngày 20
    tháng 12 hằng năm"), that is the day of the report it relays: one duty, with its day."""
    got = _read("1. Sở Công Thương chủ trì theo dõi, đôn đốc; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước "
                "ngày 20 tháng 12 hằng năm.\n2. Các huyện, thị xã định kỳ hằng năm gửi báo cáo kết quả về Sở "
                "Công Thương trước ngày 05 tháng 12 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.\n")
    duties = _duties(got)
    assert ("sở công thương", "annual", 20) in duties
    assert ("sở công thương", "annual", None) not in duties


def test_each_body_a_heading_lists_has_the_duty_written_under_it() -> None:
    """A headed item of the implementation section that lists several bodies ("3. Sở Tài chính, Sở Nội
    vụ, Ủy ban nhân dân các huyện, thị xã") is one assignment, as written; its reporting duty is each
    body's (the huyện and thị xã share their head "Ủy ban nhân dân")."""
    got = _read("1. Sở Công Thương\nChủ trì theo dõi, đôn đốc thực hiện Kế hoạch.\n"
                "2. Sở Tài chính, Sở Nội vụ, Ủy ban nhân dân các huyện, thị xã\n"
                "- Bố trí nguồn lực thực hiện các nhiệm vụ được giao.\n"
                "- Định kỳ hằng quý báo cáo kết quả thực hiện gửi Sở Công Thương.\n")
    assert "sở tài chính, sở nội vụ, ủy ban nhân dân các huyện, thị xã" in _units(got)
    assert {d for d in _duties(got) if d[1] == "quarterly"} == {
        ("sở tài chính", "quarterly", None), ("sở nội vụ", "quarterly", None),
        ("ủy ban nhân dân các huyện, thị xã", "quarterly", None)}


def test_lists_that_name_one_addressee_are_not_split_for_reporting() -> None:
    """Kinds with no name of their own ("Các cơ quan, đơn vị"), kinds sharing one qualifier ("Các phòng,
    đơn vị trực thuộc Trung tâm"), a list with a one-word kind ("Các sở, ban, ngành") and a joint office
    ("Văn phòng HĐND và UBND xã") each report as one; a name with commas ("Sở Văn hóa, Thể thao và Du
    lịch") is one name."""
    for unit in ("Các cơ quan, đơn vị", "Các phòng, đơn vị trực thuộc Trung tâm", "Các sở, ban, ngành",
                 "Văn phòng HĐND và UBND xã", "Sở Văn hóa, Thể thao và Du lịch",
                 "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"):
        assert reporter_units(unit) == [unit]
    assert reporter_units("Các bộ, cơ quan thuộc Chính phủ, địa phương và các đơn vị liên quan") == [
        "Các bộ", "cơ quan thuộc Chính phủ", "địa phương", "các đơn vị liên quan"]


# -- assignments ------------------------------------------------------------------------------------
def test_a_list_led_by_the_ministries_is_one_unit_each() -> None:
    """"Các bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chủ
    động rà soát …": "các bộ" (the ministries) opens a list of addressees, each an assignment, also past
    eighteen words."""
    got = _read("1. Các bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung "
                "ương chủ động rà soát, bổ sung nhiệm vụ vào kế hoạch năm 2026.\n")
    assert _units(got) == ["các bộ", "cơ quan thuộc chính phủ",
                           "ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]


def test_the_manner_words_close_the_subject() -> None:
    """"Các sở, ban, ngành theo chức năng, nhiệm vụ được giao chủ động …", "Ủy ban nhân dân các huyện
    theo nhiệm vụ được giao tổ chức …": the manner is not part of the unit's name."""
    got = _read("1. Các sở, ban, ngành theo chức năng, nhiệm vụ được giao chủ động triển khai Kế hoạch.\n"
                "2. Ủy ban nhân dân các huyện theo nhiệm vụ được giao tổ chức tuyên truyền.\n")
    assert _units(got) == ["các sở, ban, ngành", "ủy ban nhân dân các huyện"]


def test_a_basis_before_the_subject_is_not_the_unit() -> None:
    """"Trên cơ sở nội dung Nghị quyết …, Chương trình hành động của Tỉnh ủy, Sở Y tế, Sở Giáo dục và Đào
    tạo xây dựng …": the subject follows the basis; a basis that lists bodies ("Trên cơ sở đề xuất của
    các sở, …, Sở Tài chính tổng hợp …") names the subject last."""
    got = _read("1. Trên cơ sở nội dung Nghị quyết số 12-NQ/TU, Chương trình hành động của Tỉnh ủy, Sở Y tế, "
                "Sở Giáo dục và Đào tạo xây dựng kế hoạch thực hiện trong quý II năm 2026.\n"
                "2. Trên cơ sở đề xuất của các sở, ngành, Ủy ban nhân dân các huyện, Sở Tài chính tổng hợp, "
                "tham mưu bố trí kinh phí.\n")
    assert _units(got) == ["sở y tế", "sở giáo dục và đào tạo", "sở tài chính"]
    assert past_basis("Trên cơ sở Kế hoạch này, các phòng chủ động thực hiện.") == \
        "các phòng chủ động thực hiện."


def test_a_list_ends_with_and_before_its_last_body() -> None:
    """"Đề nghị Báo Gia Lai, Đài Phát thanh - Truyền hình Gia Lai và các cơ quan báo chí phối hợp …": the
    list's last name follows "và"; each is a unit (a name with "và" of its own stays one)."""
    got = _read("1. Đề nghị Báo Gia Lai, Đài Phát thanh - Truyền hình Gia Lai và các cơ quan báo chí trên địa "
                "bàn phối hợp tuyên truyền về Kế hoạch.\n")
    assert _units(got) == ["báo gia lai", "đài phát thanh - truyền hình gia lai",
                           "các cơ quan báo chí trên địa bàn"]
    assert split_units("Sở Tài chính, Sở Thông tin và Truyền thông") == [
        "Sở Tài chính", "Sở Thông tin và Truyền thông"]


def test_committees_that_share_one_head_are_one_unit() -> None:
    """"Ban Thường vụ Huyện ủy, Thị ủy": the second committee shares the first one's head (the standing
    committees of the district and town Party committees), one addressee."""
    assert split_units("Ban Thường vụ Huyện ủy, Thị ủy") == ["Ban Thường vụ Huyện ủy, Thị ủy"]
    assert split_units("Ban Thường vụ Huyện ủy, Ủy ban nhân dân huyện") == [
        "Ban Thường vụ Huyện ủy", "Ủy ban nhân dân huyện"]


def test_a_heading_that_lists_bodies_is_one_assignment() -> None:
    """"3. Báo Gia Lai, Đài Phát thanh - Truyền hình Gia Lai: …" is the item's heading, given as written:
    one assignment (as "Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, …:" in set 5)."""
    got = _read("1. Báo Gia Lai, Đài Phát thanh - Truyền hình Gia Lai: Mở chuyên mục về thương mại điện tử.\n")
    assert _units(got) == ["báo gia lai, đài phát thanh - truyền hình gia lai"]


# -- meta -------------------------------------------------------------------------------------------
def test_a_target_sentence_that_mentions_its_aim_is_no_stage_of_the_period() -> None:
    """"I. MỤC TIÊU" with numbered target sentences, one of which names its aim and a year ("2. Huy động
    … để đạt mục tiêu phổ cập … vào năm 2029."): a sentence, not a stage heading, so the plan's end stays
    unstated; a numbered heading that names a stage ("2. Mục tiêu đến năm 2028") still gives it."""
    head = ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 90/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nGia Lai, ngày 12 tháng 3 năm 2026\nKẾ HOẠCH\n"
            "Thực hiện Chỉ thị số 09-CT/TU về giáo dục mầm non\nI. MỤC TIÊU\n")
    tail = "II. NHIỆM VỤ\n1. Xây dựng trường lớp\n"
    sentence = (head + "1. Nâng cao chất lượng chăm sóc, giáo dục trẻ em trên địa bàn tỉnh.\n"
                "2. Huy động các nguồn lực xã hội để đạt mục tiêu phổ cập giáo dục mầm non cho trẻ em từ 3 "
                "đến 5 tuổi vào năm 2029.\n" + tail)
    assert extract_bytes(sentence.encode(), "plan.txt")["meta"]["period"] == {"start": 2026, "end": None}
    stage = head + "1. Mục tiêu chung\nNâng cao chất lượng giáo dục.\n2. Mục tiêu đến năm 2028\n" \
        "- Tỷ lệ trẻ em đến trường đạt 98%.\n" + tail
    assert extract_bytes(stage.encode(), "plan.txt")["meta"]["period"] == {"start": 2026, "end": 2028}


def test_an_item_about_activities_names_no_unit() -> None:
    """"3. Các hoạt động của Kế hoạch không có trong Phụ lục được thực hiện theo …": the item speaks of
    the plan's activities, no body carries it."""
    got = _read("1. Sở Công Thương chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.\n"
                "2. Các hoạt động của Kế hoạch không có trong Phụ lục ban hành kèm theo thì được thực hiện theo "
                "Kế hoạch số 40/KH-UBND của tỉnh.\n")
    assert _units(got) == ["sở công thương"]


# -- targets ----------------------------------------------------------------------------------------
def test_a_range_with_the_sign_on_both_ends_and_a_numbered_stage() -> None:
    """"a) Giai đoạn 1 (2026 - 2027)" is a stage whose years stand in parentheses: its targets are due at
    its end; "Phấn đấu 60% - 70% hộ gia đình …" is a range written with the sign on both ends."""
    plan = ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 91/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nGia Lai, ngày 12 tháng 3 năm 2026\nKẾ HOẠCH\n"
            "Phát triển nông nghiệp số giai đoạn 2026 - 2030\nI. MỤC TIÊU\n1. Mục tiêu chung\n"
            "Nâng cao năng lực sản xuất.\n2. Mục tiêu cụ thể\na) Giai đoạn 1 (2026 - 2027)\n"
            "- Phấn đấu 60% - 70% hộ gia đình sản xuất nông nghiệp được tập huấn kỹ năng số.\n"
            "b) Giai đoạn 2 (2028 - 2030)\n- Phấn đấu 90% hợp tác xã sử dụng sàn thương mại điện tử.\n"
            "II. NHIỆM VỤ\n1. Xây dựng nền tảng\n")
    targets = extract_bytes(plan.encode(), "plan.txt")["targets"]
    assert [(t["value"], t["value_max"], t["unit"], t["deadline_year"]) for t in targets] == [
        (60, 70, "%", 2027), (90, None, "%", 2030)]


def test_a_dash_label_over_plus_items_is_no_target() -> None:
    """"- Nhân lực y tế dự phòng" (no colon) over "+ Phấn đấu …" items: the "+" items are one level
    under the dash line, so the line is their group's label, not a target; the "+" mark is kept as read."""
    plan = ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 92/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nGia Lai, ngày 12 tháng 3 năm 2026\nKẾ HOẠCH\n"
            "Phát triển nhân lực y tế đến năm 2030\nI. MỤC TIÊU\n1. Mục tiêu cụ thể\n"
            "- Nhân lực y tế dự phòng\n+ Phấn đấu 100% trạm y tế xã có bác sĩ.\n"
            "+ Đào tạo lại đội ngũ nhân viên y tế thôn, bản.\n- Nhân lực quản lý:\n"
            "+ Tối thiểu 80% cán bộ quản lý được bồi dưỡng.\nII. NHIỆM VỤ\n1. Đào tạo nhân lực\n")
    texts = [t["text"] for t in extract_bytes(plan.encode(), "plan.txt")["targets"]]
    assert texts == ["Phấn đấu 100% trạm y tế xã có bác sĩ.", "Đào tạo lại đội ngũ nhân viên y tế thôn, bản.",
                     "Tối thiểu 80% cán bộ quản lý được bồi dưỡng."]
