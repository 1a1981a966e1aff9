"""Pure plan extractor: a plan document (TXT/MD, DOCX, PDF) → plan-schema dict.

No Django here. Public API::

    read_document(data, filename) -> SourceText
    extract_bytes(data, filename, doc_id=None) -> dict
    extract_file(path) -> dict
    ExtractionError, MAX_BYTES

The dict follows /work/shared/plan-schema.md; extra keys an importer may use:
``appendix_tasks`` (rows of "biểu chi tiết" tables with lead/coordinating
units, outputs and deadlines; DOCX, Markdown and ruled PDF tables), on a task
``lead_units`` / ``coordinating_units`` / ``outputs`` where its own text names them
(block fields, a closing "(Sở X chủ trì, …)"), on a reporting duty ``via``
("qua Sở X"), ``confidence`` (one number 0..1 per target, task, assignment and
reporting duty, in their order: :mod:`confidence`) and ``source`` (kind of file
read: txt, docx, pdf, or ocr for a scanned PDF).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import confidence
from .assignments import extract_assignments, unit_headed_items
from .meta import build_meta, find_doc_type, find_number, lead_name, type_from_number
from .ocr import Progress
from .outline import attached_start, body_end, parse_outline
from .reading import SourceText, read_document
from .reporting import extract_reporting
from .safety import MAX_BYTES, ExtractionError, max_bytes, too_big_message
from .targets import (
    appendix_targets,
    extract_targets,
    find_target_scope,
    points_to_appendix,
    stage_lines,
)
from .tasks import appendix_group_tasks, appendix_rows, carried_assignments, extract_tasks

__all__ = ["ExtractionError", "MAX_BYTES", "max_bytes", "SourceText", "read_document", "extract_bytes",
           "extract_file", "extract_text"]

NOT_A_PLAN = ("Văn bản này không giống một kế hoạch (không thấy số hiệu, tiêu đề hay "
              "mục tiêu/nhiệm vụ).")
# a plan's own sections; "Mục đích, yêu cầu" and "Căn cứ lập kế hoạch" open most plans
_PLAN_WORDS = re.compile(r"mục tiêu|nhiệm vụ|giải pháp|tổ chức thực hiện|chỉ tiêu|mục đích|"
                         r"căn cứ (?:lập|xây dựng) kế hoạch", re.I)


def extract_text(source: SourceText, doc_id: str | None = None) -> dict:
    """Extract the plan-schema dict from already-read text."""
    paras = source.paragraphs
    nodes = parse_outline(paras)
    end = body_end(nodes, attached_start(paras))
    doc_type, _ = find_doc_type(paras)
    headings = sum(1 for n in nodes[:end] if n.numbered and _PLAN_WORDS.search(n.text[:80]))
    # the number line, also as a cell of a header laid out as a web table ("| Số: 12/ĐA-UBND | …")
    has_number = any(re.match(r"^\s*\|?\s*(?:Số|SỐ)\s*:", p) for p in paras[:25]) or lead_name(paras) is not None
    if doc_type is None and has_number:  # a web copy lost the type line: the symbol (or the lead) names it
        doc_type = next((type_from_number(n) for n in [find_number(paras)] if n), None) or \
            next((lead["kind"] for lead in [lead_name(paras)] if lead), None)
    scope = find_target_scope(nodes, end)
    if headings == 0 and scope is None and not (doc_type and has_number):
        raise ExtractionError(NOT_A_PLAN)
    first_section = next((n.index for n in nodes if n.kind in ("roman", "article")), end)
    stage_headings: list[str] = []
    if scope is not None:
        root, stop = scope
        stage_headings = stage_lines(nodes, root, stop)
    meta = build_meta(paras, first_section, stage_headings)
    targets = extract_targets(nodes, end, meta["period"]["end"])
    pointer = points_to_appendix(nodes, end) if not targets else None
    if pointer is not None:
        targets = appendix_targets(source.tables, pointer, meta["period"]["end"])
    tasks, task_span = extract_tasks(nodes, end)
    rows = appendix_rows(source.tables)
    tasks_from_appendix = not tasks and bool(rows)
    if tasks_from_appendix:
        tasks = appendix_group_tasks(rows)
    assignments, items = extract_assignments(nodes, end)
    assignments += carried_assignments(assignments, tasks, rows)
    reporting = extract_reporting(items + unit_headed_items(nodes, task_span))
    found = {"targets": targets, "tasks": tasks, "assignments": assignments, "reporting": reporting}
    sure = confidence.of_extraction(found, source.kind, pointer is not None, tasks_from_appendix)
    return {
        "doc_id": doc_id,
        "meta": meta,
        "targets": targets,
        "tasks": tasks,
        "assignments": assignments,
        "reporting": reporting,
        "appendix_tasks": rows,
        "confidence": sure,
        "source": {"kind": source.kind, "paragraphs": len(paras)},
    }


def extract_bytes(data: bytes, filename: str, doc_id: str | None = None,
                  progress: Progress | None = None) -> dict:
    """Read and extract one document; raises ExtractionError with a Vietnamese message.
    ``progress(page, pages)`` follows the OCR of a scanned PDF."""
    source = read_document(data, filename, progress)
    return extract_text(source, doc_id if doc_id is not None else Path(filename).stem)


def extract_file(path: str | os.PathLike, progress: Progress | None = None) -> dict:
    """Extract a file on disk; ``doc_id`` is the file stem."""
    p = Path(path)
    size, limit = p.stat().st_size, max_bytes()
    if size > limit:  # refused before anything is read into memory
        raise ExtractionError(too_big_message(size, limit))
    return extract_bytes(p.read_bytes(), p.name, doc_id=p.stem, progress=progress)
