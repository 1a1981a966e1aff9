"""Input limits and defensive checks shared by the readers.

Every check raises :class:`ExtractionError` with a one-line Vietnamese message,
so a caller can show ``str(error)`` to the user as it is.
"""

from __future__ import annotations

import io
import re
import zipfile

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
MAX_XML_PART = 30 * 1024 * 1024


class ExtractionError(Exception):
    """The document cannot be read as a plan; ``str(e)`` is a Vietnamese message."""


_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_size(data: bytes) -> None:
    """Reject empty input and input over :data:`MAX_BYTES`."""
    if not data or not data.strip():
        raise ExtractionError("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise ExtractionError(
            f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB); giới hạn là "
            f"{MAX_BYTES // (1024 * 1024)} MB."
        )


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
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không phải tệp Word hợp lệ.") from exc
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
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(1 << 16)
            if not chunk:
                break
            out += chunk
            if len(out) > cap:
                raise ExtractionError("Tệp DOCX giải nén quá lớn; từ chối xử lý.")
    return bytes(out)


def check_xml_part(xml: bytes) -> None:
    """Reject XML that declares a DOCTYPE or entities (billion laughs, XXE)."""
    if _DOCTYPE.search(xml):
        raise ExtractionError(
            "Tệp DOCX chứa khai báo DOCTYPE/ENTITY không được phép; từ chối xử lý."
        )
