"""The job queue in the database: enqueue with dedupe, claim with a conditional UPDATE, run with a log.

No broker: a job is a row. Two workers never run one job, because a worker owns a job
only when its ``UPDATE ... WHERE status='queued'`` changed exactly one row. A failing
job never stops the worker: its traceback goes to the job's log and it is retried with
a growing delay, then marked failed.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import traceback
import zlib
from collections.abc import Callable, Collection
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from theodoi.jobs.models import Job, JobStatus

MAX_ATTEMPTS = 3
STALE_AFTER = dt.timedelta(hours=2)  # a running job older than this lost its worker
Handler = Callable[[Job, "JobLog"], Any]
HANDLERS: dict[str, Handler] = {}


class PermanentError(Exception):
    """A job that can never succeed (a malformed payload, a row that no longer exists):
    marked failed at once, with the reason in its log, instead of being retried."""


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``."""

    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(kind: str, payload: dict | None = None, *, run_after: dt.datetime | None = None,
            dedupe_key: str = "", created_by: Any = None) -> tuple[Job, bool]:
    """Add a job; with ``dedupe_key``, return the existing job instead when one with that key
    is queued, running or done (a failed one may be enqueued again). Returns (job, created)."""
    with transaction.atomic():
        if dedupe_key:
            if connection.vendor == "postgresql":  # serialise enqueues of one key
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                                [7171, zlib.crc32(dedupe_key.encode()) - 2**31])
            existing = Job.objects.filter(dedupe_key=dedupe_key).exclude(status=JobStatus.FAILED).first()
            if existing is not None:
                return existing, False
        job = Job.objects.create(kind=kind, payload=payload or {}, run_after=run_after or timezone.now(),
                                 dedupe_key=dedupe_key,
                                 created_by=created_by if getattr(created_by, "pk", None) else None)
    return job, True


def claim(worker: str | None = None, now: dt.datetime | None = None,
          done: Collection[int] = ()) -> Job | None:
    """Take the oldest due job but those in ``done``; None when there is none. Safe with any number
    of workers. A worker's round passes the jobs it ran: one that failed and is due again before the
    round ends (a short back-off) waits for the next round, the jobs the round's own jobs queue
    (the day's schedule) run in it."""
    now = now or timezone.now()
    worker = worker or worker_id()
    candidates = (Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now).exclude(pk__in=list(done))
                  .order_by("run_after", "id").values_list("pk", flat=True)[:10])
    for pk in list(candidates):
        taken = Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, claimed_by=worker[:120], started_at=now, finished_at=None,
            attempts=F("attempts") + 1, progress=0,
        )
        if taken == 1:
            return Job.objects.get(pk=pk)
    return None


def requeue_stale(now: dt.datetime | None = None) -> int:
    """Give back jobs whose worker died while running them (running for longer than STALE_AFTER)."""
    now = now or timezone.now()
    return Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=JobStatus.QUEUED, run_after=now, claimed_by="")


class JobLog:
    """Lines appended to a job's log, saved with the job's final state."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.lines: list[str] = [job.log] if job.log else []

    def __call__(self, line: str) -> None:
        self.lines.append(f"[{timezone.localtime():%d/%m/%Y %H:%M:%S}] {line}")

    def progress(self, percent: int) -> None:
        Job.objects.filter(pk=self.job.pk).update(progress=max(0, min(100, int(percent))))

    def step(self, done: int, total: int) -> None:
        """Step ``done`` of ``total`` is under way (a page of a scan being read): saved at once on
        the job, as its progress and as ``result = {"step": done, "steps": total}`` until the
        job's own result replaces it, so a page can say "page k of n" while the job runs."""
        percent = int(100 * (done - 1) / total) if total > 0 else 0
        self.job.result = {"step": done, "steps": total}
        Job.objects.filter(pk=self.job.pk).update(progress=max(0, min(100, percent)), result=self.job.result)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)[-100_000:]


def backoff(attempts: int) -> dt.timedelta:
    """Delay before retry n: 1, 4, 16... minutes."""
    return dt.timedelta(minutes=4 ** max(0, attempts - 1))


def run(job: Job) -> Job:
    """Run a claimed job and record its outcome; never raises (except on interpreter exit)."""
    import theodoi.jobs.schedule  # noqa: F401 - registers the scheduled handlers

    log = JobLog(job)
    log(f"Bắt đầu lần chạy thứ {job.attempts} ({job.claimed_by}).")
    fn = HANDLERS.get(job.kind)
    try:
        if fn is None:
            raise LookupError(f"Không có bộ xử lý cho loại tác vụ {job.kind!r}.")
        result = fn(job, log)
    except Exception as exc:  # noqa: BLE001 - a job's failure must not stop the worker
        log(f"Lỗi: {exc}\n{traceback.format_exc()}")
        retry = fn is not None and not isinstance(exc, PermanentError) and job.attempts < MAX_ATTEMPTS
        now = timezone.now()
        if retry:
            log(f"Sẽ chạy lại sau {backoff(job.attempts)}.")
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED if retry else JobStatus.FAILED, log=log.text, finished_at=now,
            run_after=now + backoff(job.attempts) if retry else job.run_after,
        )
    else:
        log("Hoàn thành.")
        Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, log=log.text, result=_jsonable(result),
                                             finished_at=timezone.now(), progress=100)
    job.refresh_from_db()
    return job


def _jsonable(value: Any) -> Any:
    import json

    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def run_pending(worker: str | None = None, limit: int = 1000) -> list[Job]:
    """Claim and run due jobs until none is left (or ``limit``); returns the jobs run."""
    done: list[Job] = []
    while len(done) < limit:
        job = claim(worker)
        if job is None:
            break
        done.append(run(job))
    return done
