"""Input limits and defensive checks shared by the readers.

Every check raises :class:`ExtractionError` with a one-line Vietnamese message,
so a caller can show ``str(error)`` to the user as it is.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    """The size limit: ``THEODOI_MAX_UPLOAD_BYTES`` (the setting the upload page
    uses) when set to a positive integer, else 20 MB. Read on each call."""
    try:
        value = int(os.environ.get("THEODOI_MAX_UPLOAD_BYTES", ""))
    except ValueError:
        return DEFAULT_MAX_BYTES
    return value if value > 0 else DEFAULT_MAX_BYTES


MAX_BYTES = DEFAULT_MAX_BYTES  # kept for callers that want the default
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
MAX_XML_PART = 30 * 1024 * 1024


class ExtractionError(Exception):
    """The document cannot be read as a plan; ``str(e)`` is a Vietnamese message."""


DAMAGED_DOCX = "Tệp DOCX bị hỏng hoặc không phải tệp Word hợp lệ."
# what zipfile and zlib raise on a damaged container: bad CRC or header, a broken deflate
# stream, a member cut short, an unknown compression method
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
              KeyError, IndexError, OverflowError, UnicodeDecodeError)


_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_size(data: bytes) -> None:
    """Reject empty input and input over :data:`MAX_BYTES`."""
    if not data or not data.strip():
        raise ExtractionError("Tệp rỗng.")
    limit = max_bytes()
    if len(data) > limit:
        raise ExtractionError(too_big_message(len(data), limit))


def human_size(n: int) -> str:
    """'2.5 MB', '64 KB', '12 byte'."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, n // 1024)} KB" if n >= 1024 else f"{n} byte"


def too_big_message(size: int, limit: int) -> str:
    """One-line Vietnamese message for a file over the limit."""
    return f"Tệp quá lớn ({human_size(size)}); giới hạn là {human_size(limit)}."


def open_safe_zip(data: bytes) -> zipfile.ZipFile:
    """Open a DOCX container after checking member sizes and ratios from the
    central directory, before anything is decompressed.

    Guarantees: total declared uncompressed size <= MAX_UNZIPPED, every member's
    compression ratio <= MAX_RATIO (for members over 1 MB), at most MAX_MEMBERS
    members, no encrypted members.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except ZIP_DAMAGE as exc:
        raise ExtractionError(DAMAGED_DOCX) from exc
    if len(infos) > MAX_MEMBERS:
        raise ExtractionError("Tệp DOCX có quá nhiều thành phần; từ chối xử lý.")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ExtractionError("Tệp DOCX được mã hóa; hãy bỏ mật khẩu trước khi tải lên.")
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExtractionError("Tệp DOCX có dấu hiệu nén bất thường (zip bomb); từ chối xử lý.")
    if total > MAX_UNZIPPED:
        raise ExtractionError("Tệp DOCX giải nén quá lớn (trên 50 MB); từ chối xử lý.")
    return zf


def read_member_capped(zf: zipfile.ZipFile, name: str, cap: int = MAX_XML_PART) -> bytes:
    """Read one zip member, stopping (and failing) once more than ``cap`` bytes
    come out, whatever the central directory claimed."""
    out = bytearray()
    try:
        with zf.open(name) as fh:
            while True:
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                out += chunk
                if len(out) > cap:
                    raise ExtractionError("Tệp DOCX giải nén quá lớn; từ chối xử lý.")
    except ZIP_DAMAGE as exc:  # a flipped byte (CRC, deflate stream) or a cut-off member
        raise ExtractionError(DAMAGED_DOCX) from exc
    return bytes(out)


def check_xml_part(xml: bytes) -> None:
    """Reject XML that declares a DOCTYPE or entities (billion laughs, XXE)."""
    if _DOCTYPE.search(xml):
        raise ExtractionError(
            "Tệp DOCX chứa khai báo DOCTYPE/ENTITY không được phép; từ chối xử lý."
        )


ZIP_FORMATS = {".docx": "[Content_Types].xml", ".xlsx": "[Content_Types].xml", ".pptx": "[Content_Types].xml",
               ".odt": "mimetype", ".ods": "mimetype", ".odp": "mimetype", ".zip": ""}
DAMAGED_PDF = "Tệp PDF bị hỏng hoặc không đọc được."
TRUNCATED_PDF = "Tệp PDF bị cắt cụt (thiếu phần kết thúc %%EOF); hãy tải lại bản đầy đủ."


def check_pdf_ending(data: bytes) -> None:
    """A PDF ends with ``%%EOF`` (readers allow some trailing bytes: 1 KB here);
    a file cut short in transfer or storage does not."""
    if b"%%EOF" not in data[-1024:]:
        raise ExtractionError(TRUNCATED_PDF)


def check_integrity(data: bytes, filename: str) -> None:
    """Raise ExtractionError when a container file is damaged: for DOCX/XLSX/PPTX,
    ODF and ZIP, the zip's structure, limits and every member's CRC (a flipped byte
    or a cut-off file fails); for PDF, its header, its ending and that PDFium opens
    it with at least one page. Other types are not checked."""
    name = filename.lower()
    ext = name[name.rfind("."):] if "." in name else ""
    if ext in ZIP_FORMATS:
        if not data.startswith(b"PK"):
            raise ExtractionError(f"Tệp {ext} không đúng định dạng (không phải tệp nén ZIP/Office).")
        zf = open_safe_zip(data)
        try:
            bad = zf.testzip()
            names = set(zf.namelist())
        except ZIP_DAMAGE as exc:
            raise ExtractionError(f"Tệp {ext} bị hỏng (dữ liệu nén không đọc được).") from exc
        if bad is not None:
            name = "".join(ch for ch in bad if ch.isprintable())[:80]  # a flipped byte may sit in the name
            raise ExtractionError(f"Tệp {ext} bị hỏng (thành phần {name} sai mã kiểm tra).")
        required = ZIP_FORMATS[ext]
        if required and required not in names:
            raise ExtractionError(f"Tệp {ext} không đúng định dạng (thiếu {required}).")
    elif ext == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise ExtractionError("Tệp có đuôi .pdf nhưng không phải tệp PDF hợp lệ.")
        check_pdf_ending(data)
        from .pdf_reader import page_count

        if page_count(data) < 1:
            raise ExtractionError(DAMAGED_PDF)
