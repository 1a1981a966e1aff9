"""Reading a scanned plan in the background: OCR takes seconds a page, longer than a request may.

The upload page stages the file (``staging.stage_pending``) and enqueues the job
``import.read`` (the job queue of ``theodoi.jobs``, run by ``theodoi worker``); the job reads the
file page by page (``extraction.read_document`` with its OCR progress), records "page k of n" on
the job (``JobLog.step``) and completes the staged upload with its extraction, or with the
one-line Vietnamese refusal the reader gave. The review page shows the progress until then
(:func:`progress_of`). Nothing is written to the plans: the office confirms the import as for
any upload. Only a PDF without a text layer goes this way, and only where tesseract can read it;
without tesseract the upload is refused at once, as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from theodoi.jobs.models import Job, JobStatus
from theodoi.jobs.services import JobLog, PermanentError, enqueue, handler
from theodoi.planning.importing import staging

KIND = "import.read"
# A queued job no worker took after this long: the page says the worker may not be running.
WORKER_LATE = dt.timedelta(seconds=60)


def needs_ocr(data: bytes, filename: str) -> bool:
    """The file is a PDF without a text layer and tesseract can read it (the reader's own test:
    ``pdf_reader.read_pdf`` raising ``ScannedPDF``, asked only when the text layer does not show
    40 letters at once: :func:`_has_letters`). A damaged PDF is not: the synchronous reading gives
    its refusal."""
    from theodoi.extraction import ExtractionError, ocr
    from theodoi.extraction.pdf_reader import ScannedPDF, read_pdf

    if not (data[:5] == b"%PDF-" or filename.lower().endswith(".pdf")) or _has_letters(data):
        return False
    try:
        read_pdf(data)
    except ScannedPDF:
        return ocr.available()
    except ExtractionError:
        return False
    return False


def _has_letters(data: bytes, enough: int = 40) -> bool:
    """The text layer holds ``enough`` letters (the reader's threshold of a scan), counted page by
    page in PDFium's raw text until reached: a text PDF is told in a few milliseconds, instead of
    the whole layout reading a second time (that doubled the upload's CPU time). False for a file
    PDFium cannot open (the reader then gives its refusal)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    from theodoi.extraction.pdf_reader import _PDFIUM  # PDFium is not thread-safe: the readers' lock

    with _PDFIUM:
        try:
            doc = pdfium.PdfDocument(data)
        except Exception:  # noqa: BLE001 - PDFium's errors on a damaged file
            return False
        try:
            letters = 0
            for index in range(len(doc)):
                page = doc[index]
                try:
                    textpage = page.get_textpage()
                    letters += sum(ch.isalpha() for ch in textpage.get_text_range())
                    textpage.close()
                finally:
                    page.close()
                if letters >= enough:
                    return True
        except Exception:  # noqa: BLE001 - a damaged page: let the reader decide
            return False
        finally:
            doc.close()
    return False


def too_many_pages(data: bytes) -> str | None:
    """The refusal of a scan longer than ``THEODOI_OCR_MAX_PAGES``, said before it is queued."""
    from django.utils.translation import gettext as _

    from theodoi.extraction import ExtractionError, ocr
    from theodoi.extraction.pdf_reader import page_count

    try:
        pages = page_count(data)
    except ExtractionError as exc:
        return str(exc)
    limit = ocr.max_pages()
    if pages > limit:
        return _("Bản quét quá dài để nhận dạng chữ (OCR): %(pages)s trang, giới hạn %(limit)s trang.") % {
            "pages": pages, "limit": limit}
    return None


def start(data: bytes, filename: str, user: Any = None) -> str:
    """Stage the upload and queue its reading; returns the staging token."""
    token = staging.stage_pending(data, filename)
    enqueue(KIND, {"token": token}, dedupe_key=f"{KIND}:{token}", created_by=user)
    return token


@handler(KIND)
def read_staged(job: Job, log: JobLog) -> dict[str, Any]:
    """Read a staged upload (OCR page by page) and complete it with its extraction or its refusal."""
    from theodoi.extraction import ExtractionError, extract_text, read_document

    token = (job.payload or {}).get("token") if isinstance(job.payload, dict) else None
    staged = staging.load(token or "")
    if staged is None:
        raise PermanentError("Không còn tệp tải lên này (đã hủy hoặc quá hạn).")
    if not staged.pending:
        log("Đã đọc xong từ trước.")
        return {"token": token, "state": "done"}

    def progress(page: int, pages: int) -> None:
        log(f"Nhận dạng chữ trang {page}/{pages}.")
        log.step(page, pages)

    try:
        source = read_document(staged.data, staged.filename, progress)
        extraction = extract_text(source, staged.filename.rsplit(".", 1)[0])
    except ExtractionError as exc:  # the reader's refusal is the outcome, shown on the page
        staging.fail(staged.token, str(exc))
        log(f"Không đọc được: {exc}")
        return {"token": token, "state": "refused", "error": str(exc)}
    staging.complete(staged.token, extraction, source.text)
    return {"token": token, "state": "done", "pages": (job.result or {}).get("steps")}


@dataclass
class Progress:
    """Where the reading of a staged upload stands, for the page and its JSON twin."""

    state: str  # "queued" | "running" | "done" | "refused" | "failed"
    page: int = 0
    pages: int = 0
    waiting_for_worker: bool = False
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "page": self.page, "pages": self.pages,
                "waiting_for_worker": self.waiting_for_worker, "error": self.error}


def progress_of(staged: staging.Staged, now: dt.datetime | None = None) -> Progress:
    """The reading's state: from the staged upload once it is complete, else from its job."""
    if staged.error:
        return Progress("refused", error=staged.error)
    if not staged.pending:
        return Progress("done")
    job = Job.objects.filter(kind=KIND, dedupe_key=f"{KIND}:{staged.token}").order_by("-pk").first()
    if job is None or job.status == JobStatus.FAILED:
        from django.utils.translation import gettext as _

        return Progress("failed", error=_("Không đọc được tệp trong tác vụ nền; hãy tải tệp lên lại."))
    steps = job.result if isinstance(job.result, dict) else {}
    page, pages = int(steps.get("step") or 0), int(steps.get("steps") or 0)
    if job.status == JobStatus.QUEUED:  # (a job retried after an error waits for its next turn, not for a worker)
        late = job.attempts == 0 and (now or timezone.now()) - job.created_at > WORKER_LATE
        return Progress("queued", waiting_for_worker=late)
    return Progress("running", page=page, pages=pages)
