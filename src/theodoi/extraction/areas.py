"""Area of a target: KHCN, ĐMST, CĐS, TC, GS or KHÁC.

A heading decides when it names a field (the field named first wins, as in
"Về khoa học, công nghệ và đổi mới sáng tạo" → KHCN); otherwise the target's
own subject decides.
"""

from __future__ import annotations

import re

_HEADING_KEYS: list[tuple[str, re.Pattern[str]]] = [
    ("TC", re.compile(r"kinh phí|tài chính|ngân sách|nguồn lực tài chính|nguồn vốn|đầu tư công", re.I)),
    ("GS", re.compile(r"theo dõi|giám sát|đánh giá|kiểm tra", re.I)),
    ("ĐMST", re.compile(r"đổi mới sáng tạo|khởi nghiệp|sở hữu trí tuệ", re.I)),
    ("KHCN", re.compile(r"khoa học|(?<!chuyển đổi số, )công nghệ(?! số| thông tin)|nghiên cứu", re.I)),
    # "số" alone is digital, not "dân số" (population), "tổng số", "thiểu số", "đa số", "số lượng"
    ("CĐS", re.compile(r"chuyển đổi số|(?<!(?<!địa )chỉ )(?<!con )(?<!dân )(?<!tổng )(?<!thiểu )(?<!đa )"
                       r"\bsố\b(?! lượng)|"
                       r"số hóa|số hoá|dữ liệu|điện tử|trực tuyến|"
                       r"dịch vụ công|thủ tục hành chính|hạ tầng số|viễn thông|internet|"
                       r"an toàn thông tin|an ninh mạng|công nghệ thông tin|chính quyền số", re.I)),
]
_SUBJECT_TC = re.compile(r"kinh phí|tổng chi|ngân sách|nguồn vốn|vốn đầu tư|chi cho|(?-i:\bNS(?:NN|ĐP|TW)\b)", re.I)
_SUBJECT_GS = re.compile(r"^(?:bảo đảm |đảm bảo )?\d*%?\s*(?:nhiệm vụ )?.{0,40}được theo dõi, giám sát"
                         r"|^theo dõi|^giám sát|^kiểm tra, giám sát", re.I)
_SUBJECT_KEYS: list[tuple[str, re.Pattern[str]]] = [
    ("ĐMST", re.compile(r"đổi mới sáng tạo|khởi nghiệp|sở hữu trí tuệ|sáng kiến|sáng chế", re.I)),
    ("KHCN", re.compile(r"khoa học|nghiên cứu|KH-CN|KH&CN|KHCN|tiềm lực|(?<!ứng dụng )công nghệ"
                        r"(?! số| thông tin)|công nghệ cao|phòng thí nghiệm|giống cây|giống vật nuôi", re.I)),
    ("CĐS", _HEADING_KEYS[4][1]),
    ("CĐS", re.compile(r"5G|4G|6G|cáp quang|phủ sóng|không dùng tiền mặt|thông minh|"
                       r"3D|mạng|phần mềm|băng thông|băng rộng|truy nhập|nền tảng|ứng dụng công nghệ(?! cao)|"
                       r"kinh tế số|xã hội số|(?-i:\bAI\b)|trí tuệ nhân tạo",
                       re.I)),
]


def _earliest(text: str, keys: list[tuple[str, re.Pattern[str]]]) -> str | None:
    best: tuple[int, int, str] | None = None
    for order, (area, rx) in enumerate(keys):
        m = rx.search(text)
        if m and (best is None or (m.start(), order) < best[:2]):
            best = (m.start(), order, area)
    return best[2] if best else None


def heading_area(heading: str) -> str | None:
    """Area named by a heading, or None when it names no field."""
    return _earliest(heading, _HEADING_KEYS)


def subject_area(text: str) -> str:
    """Area decided by a target's own words."""
    text = re.sub(r"^(?:Số lượng|Số)\s+(?!hóa|hoá)", "", text)  # "Số mô hình …" counts, it is not "số" (digital)
    if _SUBJECT_TC.search(text):
        return "TC"
    if _SUBJECT_GS.search(text):
        return "GS"
    return _earliest(text, _SUBJECT_KEYS) or "KHÁC"
