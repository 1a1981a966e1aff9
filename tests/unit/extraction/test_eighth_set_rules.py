"""Rules of the language of plans found on the eighth held-out set (issue 14, i14v:
tests/data/corpus-heldout8, the whole gazette text of a Government resolution issuing its plan). Each rule
is checked on a small plan written the way such documents are written, with other bodies, places and
words than the held-out text."""

from __future__ import annotations

from theodoi.extraction import extract_bytes
from theodoi.extraction.assignments import past_request, split_units

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 41/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nQuảng Trị, ngày 09 tháng 4 năm 2026\nKẾ HOẠCH\n"
        "Phát triển du lịch cộng đồng năm 2026\nI. NHIỆM VỤ\n1. Xây dựng sản phẩm du lịch\n"
        "II. TỔ CHỨC THỰC HIỆN\n")


def _read(items: str) -> dict:
    return extract_bytes((HEAD + items).encode(), "plan.txt")


def _assignments(got: dict) -> dict[str, str]:
    return {a["unit"].lower(): a["role"] for a in got["assignments"]}


def test_a_request_of_the_plans_body_addresses_the_bodies_it_lists() -> None:
    """"Ủy ban nhân dân tỉnh trân trọng đề nghị A, B, C phối hợp …": the issuing body asks; the bodies
    it lists are the item's units, one each, and they support (role "phối hợp"), as an item opening
    with "Đề nghị" does."""
    got = _read("1. Sở Văn hóa, Thể thao và Du lịch chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch.\n"
                "2. Ủy ban nhân dân tỉnh trân trọng đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn "
                "Lao động tỉnh, Hội Nông dân tỉnh phối hợp tuyên truyền, vận động Nhân dân tham gia.\n")
    units = _assignments(got)
    assert {u: units[u] for u in ("ủy ban mặt trận tổ quốc việt nam tỉnh", "liên đoàn lao động tỉnh",
                                  "hội nông dân tỉnh")} == dict.fromkeys(
        ("ủy ban mặt trận tổ quốc việt nam tỉnh", "liên đoàn lao động tỉnh", "hội nông dân tỉnh"), "phối hợp")
    assert not any(u.startswith("ủy ban nhân dân tỉnh") for u in units)
    duties = {a["unit"]: a["duties"] for a in got["assignments"]}
    assert duties["Hội Nông dân tỉnh"].startswith("phối hợp tuyên truyền")


def test_a_request_without_courtesy_words_reads_the_same() -> None:
    """"Ban Thường vụ Huyện ủy đề nghị Ủy ban Kiểm tra Huyện ủy …": the same request, plainly worded."""
    assert past_request("Ban Thường vụ Huyện ủy đề nghị Ủy ban Kiểm tra Huyện ủy giám sát việc thực hiện.") \
        == "Ủy ban Kiểm tra Huyện ủy giám sát việc thực hiện."


def test_a_request_that_addresses_no_body_is_left_as_written() -> None:
    """A unit that proposes something ("Sở Nội vụ đề nghị khen thưởng …") is the subject itself; a request
    whose asker lists bodies with a comma or works ("Sở Y tế tổng hợp, đề nghị …") is not a request of
    the plan's body."""
    for text in ("Sở Nội vụ đề nghị khen thưởng các tập thể có thành tích.",
                 "Sở Y tế tổng hợp, đề nghị Bộ Y tế hỗ trợ trang thiết bị."):
        assert past_request(text) == text
    got = _read("1. Sở Y tế tổng hợp, đề nghị Bộ Y tế hỗ trợ trang thiết bị cho các trạm y tế.\n")
    assert list(_assignments(got)) == ["sở y tế"]


def test_a_body_whose_name_holds_a_comma_stays_one() -> None:
    """"Ban Kinh tế, Ngân sách Hội đồng nhân dân tỉnh" is one body: the words after its comma name no
    kind of body, so they belong to the name before them; the list's other bodies split as before."""
    assert split_units("Ban Kinh tế, Ngân sách Hội đồng nhân dân tỉnh, Sở Tài chính, Kho bạc Nhà nước khu "
                       "vực") == ["Ban Kinh tế, Ngân sách Hội đồng nhân dân tỉnh", "Sở Tài chính",
                                  "Kho bạc Nhà nước khu vực"]


def test_organisations_named_by_their_kind_are_a_body_of_the_list() -> None:
    """"…, Hội Liên hiệp Phụ nữ tỉnh, các tổ chức xã hội - nghề nghiệp": organisations named by their kind
    ("các tổ chức …") are one body of the list, not part of the name before them; a body's own list
    ("các cơ quan, tổ chức có liên quan") still stays whole."""
    assert split_units("Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh, các tổ chức xã hội - nghề nghiệp") == [
        "Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Các tổ chức xã hội - nghề nghiệp"]
    assert split_units("Sở Xây dựng, các cơ quan, tổ chức có liên quan") == [
        "Sở Xây dựng", "Các cơ quan, tổ chức có liên quan"]
