"""Synthetic plans in other styles: the rules must not depend on the seeds."""

from __future__ import annotations

from theodoi.extraction import extract_bytes

STATE_PLAN = """ỦY BAN NHÂN DÂN
TỈNH SÔNG LAM
Số: 125/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sông Lam, ngày 12 tháng 3 năm 2025
KẾ HOẠCH
Phát triển khoa học, công nghệ và chuyển đổi số tỉnh Sông Lam giai đoạn 2025-2027
Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số 71/NQ -CP ngày 01/4/2025 của Chính phủ; Công văn số 519/BKHCN-CĐSQG của Bộ Khoa học và Công nghệ;
Xét đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 133/TTr-SKHCN, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Cụ thể hóa các nhiệm vụ, giải pháp của Trung ương.
II. CHỈ TIÊU CHỦ YẾU
1. Giai đoạn 2025-2026
a) Về chuyển đổi số
- Tỷ lệ dịch vụ công trực tuyến toàn trình đạt tối thiểu 85%.
- Hiện có khoảng 180 trạm BTS trên địa bàn.
- Chỉ số chuyển đổi số cấp tỉnh (DTI) nằm trong top 15 tỉnh dẫn đầu.
b) Về khoa học, công nghệ
- Có ít nhất 05 nhiệm vụ khoa học và công nghệ được ứng dụng vào sản xuất.
2. Đến năm 2027
- Không quá 3% hồ sơ giải quyết quá hạn.
- Thành lập 01 trung tâm đổi mới sáng tạo của tỉnh vào năm 2027.
III. NỘI DUNG
Các nội dung triển khai theo nhiệm vụ tại Mục IV.
IV. NHIỆM VỤ VÀ GIẢI PHÁP
1. Hoàn thiện thể chế
a) Rà soát, sửa đổi các quy định còn chồng chéo
Hoàn thành trong Quý II năm 2025.
b) Ban hành cơ chế thử nghiệm có kiểm soát
2. Phát triển hạ tầng số: Đầu tư mạng 5G đến các khu công nghiệp trong năm 2026.
V. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ
Là cơ quan thường trực, chủ trì theo dõi, đôn đốc thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 20 hằng quý.
2. Các sở, ban, ngành, Ủy ban nhân dân các huyện
Căn cứ chức năng, nhiệm vụ triển khai thực hiện; báo cáo kết quả gửi Sở Khoa học và Công nghệ trước ngày 01/6 và 15/11 hằng năm.
3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh
Phối hợp tuyên truyền, vận động Nhân dân tham gia chuyển đổi số.
Nơi nhận:
- Bộ Khoa học và Công nghệ;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""

DECISION = """ỦY BAN NHÂN DÂN
TỈNH NAM NGUYÊN
Số: 88/QĐ-UBND
Nam Nguyên, ngày 05 tháng 02 năm 2026
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch chuyển đổi số năm 2026
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NAM NGUYÊN
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành Kế hoạch chuyển đổi số năm 2026 với các nội dung sau:
I. MỤC TIÊU
1. Mục tiêu chung
Xây dựng chính quyền số hiện đại, phục vụ Nhân dân.
2. Mục tiêu cụ thể
- 100% văn bản được ký số.
- Trên 60% người trưởng thành có tài khoản định danh điện tử mức độ 2.
II. NHIỆM VỤ
1. Phát triển dữ liệu số
2. Đào tạo kỹ năng số cho cán bộ, công chức
III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì, hướng dẫn thực hiện; báo cáo Chủ tịch Ủy ban nhân dân tỉnh hằng tháng.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này.
"""

APPENDIX_PLAN = """ĐẢNG BỘ TỈNH BẮC HÀ
ĐẢNG ỦY PHƯỜNG HÒA AN
Số: 45-KH/ĐU
Hòa An, ngày 20 tháng 4 năm 2026
KẾ HOẠCH
Thực hiện Chương trình hành động số 12-CTr/TU của Tỉnh ủy
Đảng ủy phường Hòa An ban hành Kế hoạch thực hiện như sau:
I. MỤC ĐÍCH
Tạo chuyển biến trong nhận thức.
II. NHIỆM VỤ CỤ THỂ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.
III. TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân phường xây dựng kế hoạch cụ thể; báo cáo kết quả đột xuất khi có yêu cầu.
Nơi nhận:
- Lưu VT.
PHỤ LỤC
| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Sản phẩm | Thời gian hoàn thành |
|---|---|---|---|---|---|
| I | Công tác tuyên truyền | | | | |
| 1 | Tổ chức hội nghị quán triệt | Ban Tuyên giáo | Văn phòng Đảng ủy; Đoàn Thanh niên | Hội nghị | Quý II/2026 |
| II | Hạ tầng số | | | | |
| 1 | Lắp đặt wifi công cộng | UBND phường | Viettel | 10 điểm | 2026 |
"""


def test_state_plan_other_province() -> None:
    out = extract_bytes(STATE_PLAN.encode(), "song-lam.txt")
    meta = out["meta"]
    assert meta["doc_type"] == "KẾ HOẠCH"
    assert meta["number"] == "125/KH-UBND"
    assert meta["place"] == "Sông Lam"
    assert meta["issued_date"] == "2025-03-12"
    # the clause says only "Ủy ban nhân dân tỉnh": the two-line header names the body in full
    assert meta["issuer"] == "ỦY BAN NHÂN DÂN TỈNH SÔNG LAM"
    assert meta["period"] == {"start": 2025, "end": 2027}
    assert meta["references"] == ["57-NQ/TW", "71/NQ-CP", "519/BKHCN-CĐSQG", "133/TTr-SKHCN"]
    targets = {t["text"]: t for t in out["targets"]}
    assert len(targets) == 5  # the baseline "Hiện có khoảng 180 trạm" is left out
    t = targets["Tỷ lệ dịch vụ công trực tuyến toàn trình đạt tối thiểu 85%."]
    assert (t["section"], t["area"], t["value"], t["unit"], t["comparator"], t["deadline_year"]) \
        == ("II.1.a", "CĐS", 85, "%", ">=", 2026)
    rank = targets["Chỉ số chuyển đổi số cấp tỉnh (DTI) nằm trong top 15 tỉnh dẫn đầu."]
    assert (rank["value"], rank["comparator"]) == (15, "<=")
    sci = targets["Có ít nhất 05 nhiệm vụ khoa học và công nghệ được ứng dụng vào sản xuất."]
    assert (sci["section"], sci["area"], sci["value"], sci["unit"]) == ("II.1.b", "KHCN", 5, "nhiệm vụ")
    cap = targets["Không quá 3% hồ sơ giải quyết quá hạn."]
    assert (cap["comparator"], cap["deadline_year"], cap["section"]) == ("<=", 2027, "II.2")
    centre = targets["Thành lập 01 trung tâm đổi mới sáng tạo của tỉnh vào năm 2027."]
    assert (centre["comparator"], centre["unit"], centre["area"]) == ("=", "trung tâm", "ĐMST")
    tasks = {t["code"]: t for t in out["tasks"]}
    assert list(tasks) == ["IV.1", "IV.1.a", "IV.1.b", "IV.2"]
    assert tasks["IV.1.a"]["deadline"] == "Quý II/2025"
    assert tasks["IV.2"] == {"code": "IV.2", "title": "Phát triển hạ tầng số", "deadline": "Năm 2026"}
    units = [a["unit"] for a in out["assignments"]]
    assert units == ["Sở Khoa học và Công nghệ", "Các sở, ban, ngành, Ủy ban nhân dân các huyện",
                     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    assert out["assignments"][0]["role"] == "chủ trì"
    rep = {(r["unit"], r["frequency"], r["due_day"]) for r in out["reporting"]}
    assert ("Sở Khoa học và Công nghệ", "quarterly", 20) in rep
    assert ("Các sở, ban, ngành, Ủy ban nhân dân các huyện", "biannual", None) in rep


def test_decision_carrying_plan_in_article_1() -> None:
    out = extract_bytes(DECISION.encode(), "qd.txt")
    meta = out["meta"]
    assert meta["doc_type"] == "QUYẾT ĐỊNH"
    assert meta["number"] == "88/QĐ-UBND"
    assert meta["issued_date"] == "2026-02-05"
    assert meta["period"]["end"] == 2026
    assert "88/QĐ-UBND" not in meta["references"]
    assert meta["references"] == ["72/2025/QH15", "749/QĐ-TTg"]
    assert [(t["section"], t["value"], t["comparator"]) for t in out["targets"]] == [
        ("I.2", 100, ">="), ("I.2", 60, ">")]
    assert [t["code"] for t in out["tasks"]] == ["II.1", "II.2"]
    assert [a["unit"] for a in out["assignments"]] == ["Sở Khoa học và Công nghệ"]
    assert out["reporting"][0]["frequency"] == "monthly"


def test_party_plan_with_appendix_table() -> None:
    out = extract_bytes(APPENDIX_PLAN.encode(), "hoa-an.md")
    meta = out["meta"]
    assert (meta["number"], meta["issuer"], meta["place"]) == ("45-KH/ĐU", "Đảng ủy phường Hòa An",
                                                               "Hòa An")
    assert meta["references"] == ["12-CTr/TU"]
    assert out["targets"] == []
    assert [(t["code"], t["title"]) for t in out["tasks"]] == [
        ("PL.I", "Công tác tuyên truyền"), ("PL.II", "Hạ tầng số")]
    row = next(r for r in out["appendix_tasks"] if r["title"] == "Tổ chức hội nghị quán triệt")
    assert row["group"] == "PL.I"
    assert row["lead_units"] == ["Ban Tuyên giáo"]
    assert row["coordinating_units"] == ["Văn phòng Đảng ủy", "Đoàn Thanh niên"]
    assert row["deadline"] == "Quý II/2026"
    assert out["reporting"] == [{"unit": "Ủy ban nhân dân phường", "to": None,
                                 "frequency": "adhoc", "due_day": None}]


def test_markdown_emphasis_and_stage_headings() -> None:
    md = """**KẾ HOẠCH**
### Ứng dụng trí tuệ nhân tạo trong y tế đến năm 2030
## **I. MỤC TIÊU**
### **1. Mục tiêu tổng quát**
Đưa trí tuệ nhân tạo vào khám chữa bệnh.
### **2. Mục tiêu cụ thể**
#### *2.1. Đến hết năm 2027*
- **100%** bệnh viện tuyến tỉnh sử dụng bệnh án điện tử.
#### *2.2. Giai đoạn 2028 - 2030*
- Ít nhất 3 - 5 bệnh viện ứng dụng AI hỗ trợ chẩn đoán¹.
## **II. GIẢI PHÁP**
### **1. Đào tạo nhân lực**
"""
    out = extract_bytes(md.encode(), "ai.md")
    assert out["meta"]["title"] == "Ứng dụng trí tuệ nhân tạo trong y tế đến năm 2030"
    assert [(t["text"], t["section"], t["deadline_year"], t["value"], t["value_max"])
            for t in out["targets"]] == [
        ("100% bệnh viện tuyến tỉnh sử dụng bệnh án điện tử.", "I.2.1", 2027, 100, None),
        ("Ít nhất 3 - 5 bệnh viện ứng dụng AI hỗ trợ chẩn đoán.", "I.2.2", 2030, 3, 5),
    ]
    assert [t["title"] for t in out["tasks"]] == ["Đào tạo nhân lực"]
