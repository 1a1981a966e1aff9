"""The frame of every kind of issuing body (Decree 30/2020, Hướng dẫn 36-HD/VPTW), rendered and read back.

The table below is the rule: for each body of the demo and of dvhc-2025, the header lines, the
symbol, the signature lines for its default signer, and what "Nơi nhận" starts with. Each row is
rendered to DOCX and PDF and the text read from the files is checked against it.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from theodoi.reporting import docx_builder, layout, pdf_builder
from theodoi.reporting.document import compose

L = layout.UnitInfo
PROV = "Tỉnh Lai Châu"
# (info, recipient, recipient kind, signer title, sign mode,
#  parent line, issuing lines, number line for number 1, signature lines, first recipient)
TABLE = [
    (L("Xã Bình Lư", "commune", PROV, "province", PROV), PROV, "province", "Chủ tịch UBND xã", "TM",
     "", ["ỦY BAN NHÂN DÂN", "XÃ BÌNH LƯ"], "Số: 01/BC-UBND", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
     "UBND tỉnh Lai Châu (b/c);"),
    (L("Phường Tân Phong", "commune", PROV, "province", PROV), PROV, "province", "Phó Chủ tịch", "TM",
     "", ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN PHONG"], "Số: 01/BC-UBND",
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "UBND tỉnh Lai Châu (b/c);"),
    (L("Xã Phong Thổ", "commune", PROV, "province", PROV), "Sở Khoa học và Công nghệ", "agency", "Chủ tịch", "TM",
     "", ["ỦY BAN NHÂN DÂN", "XÃ PHONG THỔ"], "Số: 01/BC-UBND", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
     "Sở Khoa học và Công nghệ (b/c);"),
    (L(PROV, "province"), "Bộ Khoa học và Công nghệ", "ministry", "Chủ tịch UBND tỉnh", "TM",
     "", ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], "Số: 01/BC-UBND", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
     "Bộ Khoa học và Công nghệ (b/c);"),
    (L("Sở Khoa học và Công nghệ", "agency", PROV, "province", PROV), PROV, "province", "Giám đốc Sở", "",
     "UBND TỈNH LAI CHÂU", ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"], "Số: 01/BC-SKHCN", ["GIÁM ĐỐC"],
     "UBND tỉnh Lai Châu (b/c);"),
    (L("Sở Khoa học và Công nghệ", "agency", PROV, "province", PROV), PROV, "province", "Quyền Giám đốc", "",
     "UBND TỈNH LAI CHÂU", ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"], "Số: 01/BC-SKHCN", ["Q. GIÁM ĐỐC"],
     "UBND tỉnh Lai Châu (b/c);"),
    (L("Thanh tra tỉnh", "agency", PROV, "province", PROV), PROV, "province", "Phó Chánh Thanh tra", "",
     "UBND TỈNH LAI CHÂU", ["THANH TRA TỈNH"], "Số: 01/BC-TTr", ["KT. CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA"],
     "UBND tỉnh Lai Châu (b/c);"),
    (L("Văn phòng UBND tỉnh", "agency", PROV, "province", PROV), PROV, "province", "Chánh Văn phòng", "",
     "UBND TỈNH LAI CHÂU", ["VĂN PHÒNG UBND TỈNH"], "Số: 01/BC-VP", ["CHÁNH VĂN PHÒNG"], "UBND tỉnh Lai Châu (b/c);"),
    (L("Phòng Văn hóa - Xã hội", "office", "Xã Bình Lư", "commune", PROV, "Xã Bình Lư"), "Xã Bình Lư", "commune",
     "Trưởng phòng", "", "UBND XÃ BÌNH LƯ", ["PHÒNG VĂN HÓA - XÃ HỘI"], "Số: 01/BC-VHXH", ["TRƯỞNG PHÒNG"],
     "UBND xã Bình Lư (b/c);"),
    (L("Công an xã", "office", "Xã Bình Lư", "commune", PROV, "Xã Bình Lư"), "Xã Bình Lư", "commune",
     "Trưởng Công an xã", "", "UBND XÃ BÌNH LƯ", ["CÔNG AN XÃ"], "Số: 01/BC-CAX", ["TRƯỞNG CÔNG AN"],
     "UBND xã Bình Lư (b/c);"),
    (L("Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06", "steering",
       "Xã Bình Lư", "commune", PROV, "Xã Bình Lư"), "Xã Bình Lư", "commune", "Trưởng Ban", "",
     "UBND XÃ BÌNH LƯ", None, "Số: 01/BC-BCĐ", ["TRƯỞNG BAN"], "UBND xã Bình Lư (b/c);"),
    (L("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "front", "Xã Bình Lư", "commune", PROV, "Xã Bình Lư"), "Xã Bình Lư",
     "commune", "Chủ tịch", "TM", "ỦY BAN MTTQ VIỆT NAM TỈNH LAI CHÂU", None, "Số: 01/BC-MTTQ",
     ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"], "UBND xã Bình Lư (b/c);"),
    (L("Đảng ủy xã Bum Nưa", "party", "Xã Bum Nưa", "commune", PROV, "Xã Bum Nưa"), "Tỉnh ủy Lai Châu", "party",
     "Bí thư Đảng ủy", "TM", "ĐẢNG BỘ TỈNH LAI CHÂU", ["ĐẢNG ỦY XÃ BUM NƯA"], "Số 01-BC/ĐU",
     ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"], "Ban Thường vụ Tỉnh ủy (b/c),"),
    (L("Đảng ủy phường Đoàn Kết", "party", "Phường Đoàn Kết", "commune", PROV, "Phường Đoàn Kết"),
     "Tỉnh ủy Lai Châu", "party", "Phó Bí thư", "TM", "ĐẢNG BỘ TỈNH LAI CHÂU", ["ĐẢNG ỦY", "PHƯỜNG ĐOÀN KẾT"],
     "Số 01-BC/ĐU", ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"], "Ban Thường vụ Tỉnh ủy (b/c),"),
    (L("Tỉnh ủy Lai Châu", "party", PROV, "province", PROV), layout.CENTRAL_PARTY, "nation", "Bí thư Tỉnh ủy", "TM",
     "", ["TỈNH ỦY LAI CHÂU"], "Số 01-BC/TU", ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"], "Bộ Chính trị, Ban Bí thư (b/c),"),
    (L("Ban Thường vụ Tỉnh ủy", "party", PROV, "province", PROV), layout.CENTRAL_PARTY, "nation", "Phó Bí thư",
     "TM", "", ["TỈNH ỦY LAI CHÂU"], "Số 01-BC/TU", ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"],
     "Bộ Chính trị, Ban Bí thư (b/c),"),
    (L("Huyện ủy Tam Đường", "party", "Huyện Tam Đường", "district", PROV), "Tỉnh ủy Lai Châu", "party", "Bí thư",
     "TM", "ĐẢNG BỘ TỈNH LAI CHÂU", ["HUYỆN ỦY TAM ĐƯỜNG"], "Số 01-BC/HU", ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"],
     "Ban Thường vụ Tỉnh ủy (b/c),"),
    (L("Ban Xây dựng Đảng", "party", "Đảng ủy xã Bum Nưa", "party", PROV, "Xã Bum Nưa"), "Đảng ủy xã Bum Nưa",
     "party", "Trưởng Ban", "", "ĐẢNG BỘ XÃ BUM NƯA", ["BAN XÂY DỰNG ĐẢNG"], "Số 01-BC/BXDĐ", ["TRƯỞNG BAN"],
     "Ban Thường vụ Đảng ủy (b/c),"),
    (L("Ủy ban Kiểm tra Đảng ủy", "party", "Đảng ủy xã Bum Nưa", "party", PROV, "Xã Bum Nưa"), "Đảng ủy xã Bum Nưa",
     "party", "Chủ nhiệm", "TM", "ĐẢNG BỘ XÃ BUM NƯA", ["ỦY BAN KIỂM TRA"], "Số 01-BC/UBKT",
     ["T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM"], "Ban Thường vụ Đảng ủy (b/c),"),
]
SIGNER = "Lò Văn Pọm"


def _data(info: layout.UnitInfo, recipient: str, kind: str) -> dict:
    frame = layout.frame_for(info, recipient, kind).as_dict()
    return {
        "unit": {"name": info.name, "kind": info.kind, "id": 1, "slug": "x"}, "frame": frame, "kind": "monthly",
        "period": {"key": "2026-05", "phrase": "tháng 5 năm 2026"}, "next_period": {"phrase": "tháng 6 năm 2026"},
        "targets": [], "task_groups": [], "task_counts": dict.fromkeys(
            ["total", "hoan_thanh_dung_han", "hoan_thanh_qua_han", "dang_thuc_hien_trong_han",
             "dang_thuc_hien_qua_han", "chua_trien_khai", "tam_dung", "dung"], 0),
        "disbursement": {}, "difficulties": [], "proposals": [], "late": [], "next_tasks": [], "by_unit": [],
    }


def _docx_lines(content: bytes) -> list[str]:
    d = read_docx(io.BytesIO(content))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return [" ".join(x.split()) for x in out if x.strip()]


@pytest.mark.parametrize("row", TABLE, ids=[r[0].name for r in TABLE])
def test_each_kind_of_body_renders_its_frame(row):
    info, recipient, rkind, title, mode, parent, issuing, number, signature, first = row
    data = _data(info, recipient, rkind)
    frame = data["frame"]
    assert frame["parent_body"] == parent
    if issuing is not None:
        assert frame["issuing_body"] == issuing
    assert frame["recipients"][0] == first
    assert not any(r.startswith(info.name + " (b/c)") for r in frame["recipients"])  # never to itself
    assert frame["recipients"][-1].startswith("Lưu")
    doc = compose(data, {}, number="1", issued=dt.date(2026, 5, 20), signer_name=SIGNER, signer_title=title,
                  sign_mode=mode)
    assert doc.number_line == number and doc.signature == signature
    lines = _docx_lines(docx_builder.build(doc))
    pdf = PdfReader(io.BytesIO(pdf_builder.build(doc)))
    pdf_text = " ".join(" ".join((pdf.pages[0].extract_text() or "").split()).split())
    whole_pdf = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    for line in ([parent] if parent else []) + frame["issuing_body"] + [number]:
        assert line in lines, line
        assert line in pdf_text, line
    for line in signature + [SIGNER, "- " + first]:
        assert line in lines, line
        assert line in whole_pdf, line
    if frame["party"]:
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines and "*" in lines
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in lines
    else:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines and "Độc lập - Tự do - Hạnh phúc" in lines


def test_every_rule_of_the_table_is_exercised():
    assert {layout.kind_of(r[0]).key for r in TABLE} >= set(layout.RULES) - {"ubnd_huyen", "trung_tam", "co_quan"}


def test_long_names_break_between_words_that_belong_together():
    assert layout.wrap_name("SỞ KHOA HỌC VÀ CÔNG NGHỆ") == ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]
    lines = layout.wrap_name("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH")
    assert lines[-1].startswith("TỈNH") or all(not x.endswith("CÔNG") for x in lines)
    for name in ("ĐẢNG ỦY XÃ BUM NƯA", "THANH TRA TỈNH", "PHÒNG VĂN HÓA - XÃ HỘI"):
        assert layout.wrap_name(name) == [name]


def test_landscape_appendix_keeps_the_binding_margin_and_page_numbers():
    from docx.shared import Mm
    from openpyxl import load_workbook

    from theodoi.reporting import xlsx_builder

    info, recipient, rkind = TABLE[0][:3]
    doc = compose(_data(info, recipient, rkind), {}, number="3", issued=dt.date(2026, 5, 20), signer_name=SIGNER)
    d = read_docx(io.BytesIO(docx_builder.build(doc)))
    appendix = d.sections[-1]
    assert appendix.page_width > appendix.page_height
    assert abs(appendix.left_margin - Mm(30)) < Mm(0.1) and abs(appendix.right_margin - Mm(15)) < Mm(0.1)
    assert not appendix.header.is_linked_to_previous and "PAGE" in appendix.header._element.xml
    assert d.sections[0].different_first_page_header_footer  # no number on the first page
    wb = load_workbook(io.BytesIO(xlsx_builder.build(doc)))
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage  # A4
        assert round(ws.page_margins.left * 25.4) == 30 and ws.oddHeader.center.text == "&P"
    assert wb.worksheets[1].page_setup.orientation == "landscape" and wb.worksheets[1].print_title_rows == "$4:$4"
