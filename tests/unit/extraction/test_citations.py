"""What a citing sentence says of the cited document: issuer, date, what it implements, replacement."""

from theodoi.extraction.references import Citation, citations


def test_issuer_date_and_what_the_cited_document_implements():
    text = ("Thực hiện Kế hoạch số 2391/KH-UBND ngày 03/4/2026 của UBND tỉnh Lai Châu về thực hiện Nghị quyết\n"
            "số 10-NQ/TU ngày 05/3/2026 của Ban Chấp hành Đảng bộ tỉnh về đột phá phát triển khoa học.")
    found = citations(text)
    assert found["2391/KH-UBND"] == Citation("2391/KH-UBND", "UBND tỉnh Lai Châu", "03/4/2026", "10-NQ/TU")
    assert found["10-NQ/TU"] == Citation("10-NQ/TU", "Ban Chấp hành Đảng bộ tỉnh", "05/3/2026")


def test_the_issuer_stops_where_the_body_name_ends():
    text = ("Các nội dung đã thực hiện theo Kế hoạch số 200/KH-TTr ngày 25/02/2025 của Thanh tra tỉnh tiếp tục được "
            "triển khai. Văn bản số 519/BKHCN-CĐSQG ngày 28/01/2026 của Bộ Khoa học và Công nghệ và các thiết bị.")
    found = citations(text)
    assert found["200/KH-TTr"].issuer == "Thanh tra tỉnh"
    assert found["519/BKHCN-CĐSQG"].issuer == "Bộ Khoa học và Công nghệ"


def test_replaces_and_amends_by_the_plan_or_by_another_cited_document():
    text = ("Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung Nghị quyết số 03/NQ-CP "
            "ngày 09/01/2025 của Chính phủ;\nKế hoạch này thay thế Kế hoạch số 200/KH-TTr ngày 25/02/2025.")
    found = citations(text)
    assert found["71/NQ-CP"].issuer == "Chính phủ" and not found["71/NQ-CP"].relation
    assert (found["03/NQ-CP"].relation, found["03/NQ-CP"].by) == ("amends", "71/NQ-CP")
    assert (found["200/KH-TTr"].relation, found["200/KH-TTr"].by) == ("replaces", "")


def test_own_number_and_plain_mentions_say_nothing():
    text = "Số: 12/KH-UBND\nTuyên truyền nội dung Nghị quyết số 57-NQ/TW; Nghị quyết số 71/NQ-CP."
    found = citations(text, own="12/KH-UBND")
    assert "12/KH-UBND" not in found
    assert found["57-NQ/TW"] == Citation("57-NQ/TW") and found["71/NQ-CP"] == Citation("71/NQ-CP")
