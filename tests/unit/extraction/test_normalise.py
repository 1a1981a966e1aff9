"""The normalisation stage: the same clean lines from TXT, DOCX and PDF."""

from __future__ import annotations

import unicodedata

import pytest
from builders import build_docx, build_pdf, find_font

from theodoi.extraction import extract_bytes, read_document
from theodoi.extraction.normalise import normalise_lines


@pytest.mark.parametrize(("lines", "want"), [
    (["III. NHIỆM", "VỤ VÀ GIẢI PHÁP"], ["III. NHIỆM VỤ VÀ GIẢI PHÁP"]),
    (["**IV. TỔ CHỨC**", "**THỰC HIỆN**"], ["IV. TỔ CHỨC THỰC HIỆN"]),
    (["HỘI ĐỒNG NHÂN", "DÂN", "THÀNH PHỐ HÀ NỘI"], ["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]),
    (["ỦY", "BAN NHÂN DÂN", "TỈNH TIỀN GIANG"], ["ỦY BAN NHÂN DÂN", "TỈNH TIỀN GIANG"]),
    (["I. KẾT QUẢ", "ĐẠT ĐƯỢC"], ["I. KẾT QUẢ ĐẠT ĐƯỢC"]),
    # header units stand alone: body / level line, motto, type line, a part label
    (["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"], ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"]),
    (["CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM"], ["CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM"]),
    (["PHẦN THỨ HAI", "MỤC TIÊU"], ["PHẦN THỨ HAI", "MỤC TIÊU"]),
    (["KẾ HOẠCH", "TRIỂN", "KHAI NGHỊ QUYẾT SỐ 57-NQ/TW", "TRÊN ĐỊA BÀN TỈNH", "Căn cứ Luật;"],
     ["KẾ HOẠCH", "TRIỂN KHAI NGHỊ QUYẾT SỐ 57-NQ/TW TRÊN ĐỊA BÀN TỈNH", "Căn cứ Luật;"]),
    (["NGHỊ QUYẾT", "VỀ KẾ HOẠCH NĂM 2025", "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI"],
     ["NGHỊ QUYẾT", "VỀ KẾ HOẠCH NĂM 2025", "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI"]),
])
def test_wrapped_upper_case_headings_are_joined_by_layout(lines, want) -> None:
    assert [ln for ln in normalise_lines(lines) if ln] == want


def test_web_furniture_is_removed() -> None:
    lines = ["Đang tải văn bản...", "Số hiệu:", "344/KH-UBND", "| Loại văn bản | Kế hoạch |",
             "- 1Quyết định 831/QĐ-BYT năm 2017 về mẫu hồ sơ", "648706",
             "Trang xã Xhttps://x.gov.vn/uploads/banner.jpg", "Kế hoạch 1/KH-UBND năm 2025 (tiêu đề trang)",
             "BỘ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", "|",
             "Số: 5349/QĐ-BYT | Hà Nội, ngày 12 tháng 11 năm 2019 |", "![]() |", "Nội dung."]
    assert [ln for ln in normalise_lines(lines) if ln] == [
        "BỘ Y TẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 5349/QĐ-BYT",
        "Hà Nội, ngày 12 tháng 11 năm 2019", "Nội dung."]


def test_header_kept_when_the_number_stands_above_the_motto() -> None:
    lines = ["UỶ BAN NHÂN DÂN", "HUYỆN NAM SƠN", "Số: 215/KH-UBND", "V/v triển khai kế hoạch",
             "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert normalise_lines(lines) == lines


def test_unicode_is_nfc_and_invisible_marks_go() -> None:
    decomposed = unicodedata.normalize("NFD", "Kế hoạch chuyển đổi số")
    assert normalise_lines(["\ufeff" + decomposed + "\u200b"]) == ["Kế hoạch chuyển đổi số"]


# A plan whose headings were wrapped by layout; every reader must give the same plan.
WRAPPED = [
    "ỦY BAN NHÂN DÂN", "XÃ NAM HÀ", "Số: 12/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc", "Nam Hà, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH",
    "Chuyển đổi số xã Nam Hà năm 2026",
    "Căn cứ Kế hoạch số 32-KH/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy;",
    "UBND xã Nam Hà ban hành Kế hoạch như sau:",
    "I. MỤC", "TIÊU", "1. Mục tiêu cụ thể",
    "- 100% hồ sơ công việc được xử lý trên môi trường mạng.",
    "- Tỷ lệ người dân có tài khoản định danh điện tử đạt 90%.",
    "II. NHIỆM", "VỤ VÀ GIẢI PHÁP",
    "1. Phát triển hạ tầng số", "Hoàn thành trong Quý II/2026.",
    "2. Phát triển dữ liệu số",
    "III. TỔ CHỨC", "THỰC HIỆN",
    "1. Phòng Văn hóa - Xã hội", "Chủ trì, theo dõi, đôn đốc; báo cáo UBND xã trước ngày 15 hằng tháng.",
]


def _check(out: dict) -> None:
    assert out["meta"]["issuer"] == "UBND xã Nam Hà"
    assert [t["value"] for t in out["targets"]] == [100, 90]
    assert [t["title"] for t in out["tasks"]] == ["Phát triển hạ tầng số", "Phát triển dữ liệu số"]
    assert [a["unit"] for a in out["assignments"]] == ["Phòng Văn hóa - Xã hội"]
    assert [(r["frequency"], r["due_day"]) for r in out["reporting"]] == [("monthly", 15)]


def test_wrapped_headings_in_text() -> None:
    _check(extract_bytes("\n".join(WRAPPED).encode(), "nam-ha.txt"))


def test_wrapped_headings_in_word() -> None:
    _check(extract_bytes(build_docx(WRAPPED), "nam-ha.docx"))


def test_wrapped_headings_in_pdf() -> None:
    font = find_font()
    if font is None:
        pytest.skip("no TTF font with Vietnamese glyphs on this machine")
    data = build_pdf(WRAPPED, font)
    assert read_document(data, "nam-ha.pdf").kind == "pdf"
    _check(extract_bytes(data, "nam-ha.pdf"))
