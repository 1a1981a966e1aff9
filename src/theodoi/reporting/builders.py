"""One entry point from a report and its data to DOCX, XLSX or PDF bytes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from theodoi.reporting.document import Doc, compose

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def compose_report(report: Any, data: dict[str, Any], issued: dt.date, draft: bool | None = None) -> Doc:
    """The report's document; ``draft`` (default: not yet signed) prints "DỰ THẢO" on it."""
    return compose(data, report.narrative or {}, number=report.number, issued=issued,
                   signer_name=report.signer_name, signer_title=report.signer_title,
                   sign_mode=report.sign_mode, draft_mark=not report.is_frozen if draft is None else draft)


def render_doc(doc: Doc, fmt: str, keywords: str = "") -> bytes:
    if fmt == "docx":
        from theodoi.reporting import docx_builder

        return docx_builder.build(doc)
    if fmt == "xlsx":
        from theodoi.reporting import xlsx_builder

        return xlsx_builder.build(doc)
    if fmt == "pdf":
        from theodoi.reporting import pdf_builder

        return pdf_builder.build(doc, keywords=keywords)
    raise ValueError(f"Định dạng không hỗ trợ: {fmt} (chọn docx, xlsx hoặc pdf).")


def build(report: Any, data: dict[str, Any], fmt: str, issued: dt.date, draft: bool | None = None,
          keywords: str = "") -> bytes:
    """The report rendered as ``fmt`` (unsigned); a draft carries the "DỰ THẢO" mark; ``keywords`` go
    into a PDF's metadata (the audit chain's anchor of a report about to be signed,
    ``audit.anchors.pdf_keyword``)."""
    return render_doc(compose_report(report, data, issued, draft), fmt, keywords)
