"""Bad inputs raise ExtractionError with a one-line Vietnamese message, quickly."""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest
from builders import build_scanned_pdf

from theodoi.extraction import MAX_BYTES, ExtractionError, extract_bytes


def _docx_with(document_xml: bytes, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def _bomb() -> bytes:
    return _docx_with(b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>")


def _laughs() -> bytes:
    xml = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    return _docx_with(xml)


def _xxe() -> bytes:
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<w:document><w:body>&x;</w:body></w:document>")
    return _docx_with(xml)


CASES = {
    "empty": (b"", "x.txt", "rỗng"),
    "blank": (b"   \n\n  ", "x.txt", "rỗng"),
    "junk": (random.Random(1).randbytes(5000), "x.txt", "không phải văn bản"),
    "png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "x.png", "không phải văn bản"),
    "exe": (b"MZ" + b"\x00\x01" * 500, "x.exe", "không được hỗ trợ"),
    "zip_bomb": (None, "bomb.docx", "zip bomb"),
    "laughs": (None, "l.docx", "DOCTYPE"),
    "xxe": (None, "x.docx", "DOCTYPE"),
    "broken_docx": (b"PK\x03\x04" + b"\x00" * 100, "b.docx", "DOCX"),
    "fake_pdf": (b"%PDF-1.4\n garbage", "f.pdf", "PDF"),
    "scanned_pdf": (None, "s.pdf", "bản quét"),
    "not_a_plan": ("Hôm nay trời đẹp, người dân đi chợ mua rau, cá và hoa quả. "
                   "Buổi chiều có mưa nhỏ ở vùng núi phía Bắc.\n".encode(), "t.txt",
                   "không giống một kế hoạch"),
    "too_big": (None, "big.txt", "quá lớn"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected(case: str) -> None:
    data, name, needle = CASES[case]
    if data is None:
        data = {"zip_bomb": _bomb, "laughs": _laughs, "xxe": _xxe,
                "scanned_pdf": build_scanned_pdf,
                "too_big": lambda: b"a" * (MAX_BYTES + 1)}[case]()
    start = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extract_bytes(data, name)
    assert time.monotonic() - start < 20  # bounded: never hangs
    message = str(info.value)
    assert "\n" not in message and needle.lower() in message.lower()


def test_plan_without_targets_is_not_an_error() -> None:
    text = ("KẾ HOẠCH\nTuyên truyền về chuyển đổi số năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n"
            "Nâng cao nhận thức.\nII. NHIỆM VỤ\n1. Tổ chức hội nghị quán triệt\n"
            "Hoàn thành trong tháng 3/2026.\nIII. TỔ CHỨC THỰC HIỆN\n"
            "1. Phòng Văn hóa - Xã hội chủ trì triển khai kế hoạch.\n")
    out = extract_bytes(text.encode(), "p.txt")
    assert out["targets"] == []
    assert out["tasks"] == [{"code": "II.1", "title": "Tổ chức hội nghị quán triệt",
                             "deadline": "3/2026"}]
