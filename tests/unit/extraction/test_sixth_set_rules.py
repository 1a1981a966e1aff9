"""Rules of the language of plans found on the sixth held-out set (issue 14, i14z:
tests/data/corpus-heldout6, whole texts of the official gazette's PDFs: decisions carrying a plan or
approving a scheme, a Government action programme, a directive). Each rule is checked on a small plan
written the way such documents are written, with other bodies, places, numbers and words than the
held-out texts."""

from __future__ import annotations

from theodoi.extraction import extract_bytes
from theodoi.extraction.normalise import normalise_lines

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def _read(text: str) -> dict:
    return extract_bytes(text.encode(), "plan.txt")


# -- reading ----------------------------------------------------------------------------------------
def test_the_rule_printed_under_the_header_name_keeps_the_issuer() -> None:
    """A PDF's text layer keeps the short rule under the issuer's name as a line of its own
    ("BỘ XÂY DỰNG" / "__________" / "Số: …"): the rule is not text, and the name above it stays the
    document's header, so the issuer is read."""
    got = _read("BỘ XÂY DỰNG\n__________\n \nSố: 412/KH-BXD\n" + MOTTO +
                "Hà Nội, ngày 09 tháng 3 năm 2026\nKẾ HOẠCH\nPhát triển nhà ở xã hội năm 2026\n"
                "I. MỤC TIÊU\n1. Hoàn thành 20.000 căn hộ.\nII. NHIỆM VỤ\n1. Rà soát quỹ đất\n")
    assert got["meta"]["issuer"].lower() == "bộ xây dựng"
    assert got["meta"]["number"] == "412/KH-BXD"


def test_the_gazette_running_header_and_the_signature_stamp_are_not_text() -> None:
    """Every page of a gazette PDF opens with "CÔNG BÁO/Số …/Ngày …" and its page number, and the first
    carries the stamp of its digital signature ("Ký bởi: …", "Cơ quan: …", "Ngày ký: …"): they are removed,
    so a sentence broken by a page goes on and no page number becomes a figure."""
    lines = ["- Phấn đấu có 300 hợp tác xã kiểu mới, doanh thu bình quân của các hợp tác xã đạt",
             "", "CÔNG BÁO/Số 145/Ngày 03-02-2026 ", "57", " ", " ",
             "tối thiểu 5 tỷ đồng/năm.", "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Cơ quan: VĂN PHÒNG CHÍNH PHỦ", "Ngày ký: 2026-02-03 08:15:00 +07:00", "Điều 2. Tổ chức thực hiện"]
    out = [ln for ln in normalise_lines(lines) if ln.strip()]
    assert not any("CÔNG BÁO" in ln or ln.strip() == "57" or ln.startswith(("Ký bởi", "Cơ quan:", "Ngày ký"))
                   for ln in out)
    assert out[-1] == "Điều 2. Tổ chức thực hiện"
    # a body naming an agency ("Cơ quan: …") is kept where no signature stamp precedes it
    assert normalise_lines(["Cơ quan: Sở Nội vụ"]) == ["Cơ quan: Sở Nội vụ"]
    got = _read(MOTTO + "Số: 77/KH-UBND\nHải Hà, ngày 05 tháng 1 năm 2026\nKẾ HOẠCH\nPhát triển hợp tác xã "
                "năm 2026\nI. MỤC TIÊU\n" + "\n".join(lines[:7]) + "\nII. NHIỆM VỤ\n1. Hỗ trợ vốn\n")
    assert [t["value"] for t in got["targets"]] == [300, 5]
    assert got["targets"][1]["text"].endswith("đạt tối thiểu 5 tỷ đồng/năm.")


# -- targets ----------------------------------------------------------------------------------------
def test_a_vision_under_the_specific_targets_is_not_a_target_list() -> None:
    """"2. Mục tiêu cụ thể" / "a) Đến năm 2030" / "b) Tầm nhìn đến 2040" (with or without "năm"): the vision's
    bullets are prose about the long run, not targets; the stage before it keeps its own."""
    got = _read(MOTTO + "Số: 31/ĐA-UBND\nCà Lâm, ngày 12 tháng 2 năm 2026\nĐỀ ÁN\nPhát triển nông nghiệp "
                "công nghệ cao đến năm 2030\nI. MỤC TIÊU\n1. Mục tiêu chung\nNông nghiệp hiện đại.\n"
                "2. Mục tiêu cụ thể\na) Đến năm 2030\n- Có 40 vùng sản xuất ứng dụng công nghệ cao.\n"
                "b) Tầm nhìn đến 2040\n- Có 100 vùng sản xuất ứng dụng công nghệ cao.\n"
                "- Nông nghiệp là ngành kinh tế mũi nhọn.\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Quy hoạch vùng\n")
    assert [t["value"] for t in got["targets"]] == [40]


# -- assignments ------------------------------------------------------------------------------------
def test_an_article_naming_the_implementation_holds_the_assignments() -> None:
    """A decision approving a scheme carries its implementation as an article ("Điều 2. Tổ chức thực hiện")
    with numbered items, one per body: each is an assignment and its reporting duty is read; the
    one-paragraph execution clause ("Điều 3. … chịu trách nhiệm thi hành") is not."""
    got = _read("ỦY BAN NHÂN DÂN\nTỈNH SƠN HÀ\nSố: 250/QĐ-UBND\n" + MOTTO +
                "Sơn Hà, ngày 10 tháng 3 năm 2026\nQUYẾT ĐỊNH\nPhê duyệt Đề án phát triển du lịch nông thôn "
                "giai đoạn 2026 - 2030\nỦY BAN NHÂN DÂN TỈNH SƠN HÀ\nQUYẾT ĐỊNH:\n"
                "Điều 1. Phê duyệt Đề án với các nội dung sau:\nI. MỤC TIÊU\n1. Đón 500 nghìn lượt khách.\n"
                "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Quảng bá điểm đến\n2. Đào tạo nhân lực\n"
                "Điều 2. Tổ chức thực hiện\n1. Sở Văn hóa, Thể thao và Du lịch\n"
                "a) Chủ trì triển khai Đề án.\nb) Báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh trước ngày 10 "
                "tháng 12 hằng năm.\n2. Sở Tài chính\nBố trí kinh phí thực hiện Đề án.\n"
                "3. Ủy ban nhân dân các xã\nTổ chức thực hiện trên địa bàn.\n"
                "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở chịu trách nhiệm thi hành "
                "Quyết định này./.\n")
    assert [a["unit"] for a in got["assignments"]] == [
        "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Ủy ban nhân dân các xã"]
    assert [(r["unit"], r["frequency"], r["due_day"]) for r in got["reporting"]] == [
        ("Sở Văn hóa, Thể thao và Du lịch", "annual", 10)]


def test_an_article_of_one_paragraph_is_a_clause_not_a_section() -> None:
    """"Điều 3. Tổ chức thực hiện: Chánh Văn phòng … chịu trách nhiệm thi hành" has no items of its own: no
    assignment comes from it."""
    got = _read(MOTTO + "Số: 12/QĐ-UBND\nĐông Sơn, ngày 02 tháng 4 năm 2026\nQUYẾT ĐỊNH\nBan hành Kế hoạch "
                "chuyển đổi số năm 2026\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch "
                "chuyển đổi số năm 2026.\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.\n"
                "Điều 3. Tổ chức thực hiện: Chánh Văn phòng Ủy ban nhân dân xã, công chức các bộ phận chịu "
                "trách nhiệm thi hành Quyết định này./.\n")
    assert got["assignments"] == []


# -- reporting --------------------------------------------------------------------------------------
def test_a_date_in_the_sixth_month_is_not_a_half_year() -> None:
    """"trước ngày 06 tháng 7 năm 2026" is a date: no six-monthly duty; "định kỳ 6 tháng" still is one."""
    got = _read(MOTTO + "Số: 08/KH-UBND\nTân Lập, ngày 02 tháng 5 năm 2026\nKẾ HOẠCH\nSắp xếp tổ dân phố năm "
                "2026\nI. NHIỆM VỤ\n1. Rà soát tổ dân phố\nII. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội\n"
                "Xây dựng báo cáo tổng thể kết quả thực hiện, trình Ủy ban nhân dân xã trước ngày 06 tháng 7 năm "
                "2026.\n2. Công an xã\nĐịnh kỳ 6 tháng báo cáo kết quả về Ủy ban nhân dân xã.\n")
    assert [(r["unit"], r["frequency"]) for r in got["reporting"]] == [("Công an xã", "biannual")]


def test_an_ad_hoc_report_takes_no_day_of_the_month() -> None:
    """"báo cáo đột xuất theo yêu cầu, báo cáo định kỳ hằng năm trước ngày 20 tháng 11 gửi Sở Nội vụ tổng
    hợp, báo cáo UBND tỉnh": the day is the yearly report's (the relay's own duty has no day: the day is when
    the sở, ngành send to Sở Nội vụ, see test_seventh_set_rules); the ad hoc report has none."""
    got = _read(MOTTO + "Số: 19/KH-UBND\nLâm Hà, ngày 06 tháng 1 năm 2026\nKẾ HOẠCH\nCải cách hành chính năm "
                "2026\nI. NHIỆM VỤ\n1. Đơn giản hóa thủ tục\nII. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành\n"
                "Thực hiện báo cáo đột xuất theo yêu cầu, báo cáo định kỳ hằng năm trước ngày 20 tháng 11 gửi Sở "
                "Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh.\n")
    duties = {(r["unit"], r["frequency"], r["due_day"]) for r in got["reporting"]}
    assert ("Các sở, ban, ngành", "annual", 20) in duties
    assert ("Các sở, ban, ngành", "adhoc", None) in duties
    assert ("Sở Nội vụ", "annual", None) in duties
    assert all(r["due_day"] is None for r in got["reporting"] if r["frequency"] == "adhoc")
