"""Sending a unit's signed report up to another theodoi instance (the sender's side).

A commune (or a district-level body, a department) running its own theodoi registers
where its province's instance is and the token the province issued for it
(``register_upstream``). ``queue_send`` takes a signed report version, freezes what goes
with it — the signed PDF, the month's figures with numerators and denominators, the task
statuses and progress texts, the head of the audit chain — into an ``Outgoing`` row and
enqueues the job ``exchange.send``. The job posts it; while the province is unreachable
(refused connection, a dropped connection, a 5xx) it schedules itself again with growing
back-off; an answer from the province (accepted, or refused with a reason) ends it.

One report version is one payload: sending the same version again sends the very same
content, which the province recognises; a figure changed after signing needs a new signed
version (the report returned and signed again), never a silent second payload.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.audit.chains import chain_of
from theodoi.audit.services import chain_head, record, snapshot
from theodoi.exchange.models import Outgoing, OutgoingState, Upstream
from theodoi.jobs import services as jobs
from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState
from theodoi.reporting.models import Report, ReportState
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import Action, can

SCHEMA = "theodoi.submission/1"
JOB_KIND = "exchange.send"
TIMEOUT_SECONDS = 60
MAX_DELAY = dt.timedelta(hours=6)


def _may(user: Any, action: Action, unit: Unit) -> None:
    """``user`` None is the command line (the server's operator), as in reporting.services."""
    if user is not None and not getattr(user, "is_superuser", False) and not can(user, action, unit):
        raise PermissionDenied(_("Bạn không có quyền liên thông báo cáo của đơn vị này."))


def register_upstream(*, user: Any, unit: Unit, url: str, token: str) -> Upstream:
    """Remember where ``unit`` sends its reports (one destination per unit; a second call replaces it)."""
    _may(user, "manage", unit)
    url = (url or "").strip().rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise ValidationError(_("Địa chỉ phải bắt đầu bằng https:// (hoặc http:// trong mạng nội bộ)."))
    if not (token or "").strip():
        raise ValidationError(_("Thiếu khóa liên thông do cấp trên cấp."))
    with transaction.atomic():
        row = Upstream.objects.select_for_update().filter(unit=unit).first()
        before = {"url": row.url} if row else None
        row = row or Upstream(unit=unit)
        row.url, row.token = url, token.strip()
        row.save()
        record("create" if before is None else "update", row, actor=user or "dòng lệnh", before=before,
               after={"unit": unit.slug, "url": url})  # the token itself stays out of the trail
    return row


def _d(value: Any) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def payload_of(report: Report) -> dict[str, Any]:
    """What travels with a signed report: the period's approved figures and updates of the unit's
    subtree, each with its stable ids, and the head of this instance's audit chain."""
    unit = report.unit
    figures = (Measurement.objects.filter(unit__path__startswith=unit.path, period_key=report.period_key,
                                          state=ReviewState.APPROVED)
               .select_related("target", "target__indicator", "unit").order_by("target_id", "unit__path"))
    updates = (ProgressUpdate.objects.filter(unit__path__startswith=unit.path, period_key=report.period_key,
                                             state=ReviewState.APPROVED)
               .select_related("task", "unit").order_by("task_id"))
    tasks = []
    if isinstance(report.data, dict):  # the statuses as signed: the frozen data of the report
        for group in report.data.get("task_groups") or []:
            for row in group.get("tasks") or []:
                tasks.append({k: v for k, v in row.items() if not k.startswith("_")} | {"group": group["title"]})
    found = chain_head(chain_of(unit))  # the head of the unit's chain of the trail
    head = {"seq": found["seq"], "hash": found["hash"] if found["seq"] else ""}
    return {
        "figures": [{
            "target_uid": str(m.target.uid), "target_code": m.target.code, "target_text": m.target.text,
            "indicator_code": m.target.indicator.code if m.target.indicator else "",
            "unit": m.unit.slug, "unit_name": m.unit.name, "period_key": m.period_key,
            "value": _d(m.value), "numerator": _d(m.numerator), "denominator": _d(m.denominator),
            "unit_of_measure": m.target.unit_of_measure, "source": m.source,
        } for m in figures],
        "tasks": tasks,
        "progress": [{
            "task_uid": str(u.task.uid), "code": u.task.code, "title": u.task.title, "unit": u.unit.slug,
            "percent": _d(u.percent), "work_done": u.work_done, "outputs_delivered": u.outputs_delivered,
            "difficulties": u.difficulties, "proposals": u.proposals,
        } for u in updates],
        "audit_head": {"seq": head["seq"], "hash": head["hash"]},
    }


def digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _comparable(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload without the audit head, which moves with every change anywhere in the instance."""
    return {k: v for k, v in payload.items() if k != "audit_head"}


def queue_send(*, user: Any, report: Report) -> tuple[Outgoing, bool]:
    """Freeze the signed version's payload (once) and enqueue its sending; (row, newly queued).

    Refused: a report not signed yet; a unit without a registered destination; a version whose
    figures or texts changed since it was first sent (that needs a new signed version).
    """
    _may(user, "report", report.unit)
    if report.state not in (ReportState.FINAL, ReportState.SUBMITTED, ReportState.ACCEPTED) or not report.pdf:
        raise ValidationError(_("Chỉ gửi được báo cáo đã ký số (bản PDF đã ký)."))
    if not Upstream.objects.filter(unit=report.unit).exists():
        raise ValidationError(_("Đơn vị chưa đăng ký nơi gửi: theodoi exchange register --unit %(u)s --url … "
                                "--token …") % {"u": report.unit.slug})
    live = payload_of(report)
    with transaction.atomic():
        row = Outgoing.objects.select_for_update().filter(report=report, report_version=report.version).first()
        if row is not None:
            if digest(_comparable(row.payload)) != digest(_comparable(live)) or row.sha256 != report.sha256:
                raise ValidationError(_(
                    "Số liệu hoặc nội dung đã thay đổi sau khi ký phiên bản %(v)s; cần lập và ký số phiên bản "
                    "mới của báo cáo rồi mới gửi lại.") % {"v": report.version})
            if row.state != OutgoingState.WAITING:
                return row, False
            created = False
        else:
            row = Outgoing.objects.create(report=report, report_version=report.version, sha256=report.sha256,
                                          payload=live, payload_sha256=digest(live))
            record("send", row, actor=user or "dòng lệnh", after=snapshot(row, None) | {"payload": None},
                   object_repr=str(report)[:255])
            created = True
        jobs.enqueue(JOB_KIND, {"outgoing": row.pk}, dedupe_key=f"{JOB_KIND}:{row.pk}:{row.attempts}")
    return row, created


def _body(row: Outgoing) -> bytes:
    report = row.report
    with report.pdf.open("rb") as f:
        pdf = f.read()
    return json.dumps({
        "schema": SCHEMA, "unit": report.unit.slug, "kind": report.kind, "period_key": report.period_key,
        "report_uid": str(report.uid), "report_version": row.report_version, "number": report.number,
        "signer": report.signer_name, "pdf_sha256": row.sha256, "pdf_base64": base64.b64encode(pdf).decode(),
        "data": row.payload,
    }, ensure_ascii=False).encode("utf-8")


def delay_after(attempts: int) -> dt.timedelta:
    """Back-off before attempt n+1: base · 2^(n-1), at most six hours (base: THEODOI_EXCHANGE_RETRY_SECONDS)."""
    base = dt.timedelta(seconds=settings.THEODOI_EXCHANGE_RETRY_SECONDS)
    return min(base * (2 ** max(0, attempts - 1)), MAX_DELAY)


def attempt(row: Outgoing) -> str:
    """One attempt to deliver; returns the outcome ("accepted", "refused" or "retry")."""
    up = Upstream.objects.get(unit=row.report.unit)
    req = urllib.request.Request(f"{up.url}/exchange/api/submissions/", data=_body(row), method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8",
                                          "Authorization": f"Bearer {up.token}"})
    now = timezone.now()
    row.attempts += 1
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as resp:  # noqa: S310 - a registered URL
            answer = json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        text = exc.read()[:2000].decode("utf-8", "replace")
        if exc.code >= 500 or exc.code in (408, 429):
            return _retry(row, now, f"HTTP {exc.code}: {text}")
        row.state, row.last_error, row.next_try_at = OutgoingState.REFUSED, f"HTTP {exc.code}: {text}", None
        row.save()
        record("refused", row, actor="liên thông", after={"error": row.last_error[:500]})
        return "refused"
    except (urllib.error.URLError, OSError, ValueError) as exc:  # unreachable, dropped, or a garbled answer
        return _retry(row, now, str(exc))
    with transaction.atomic():
        row.state, row.ack, row.accepted_at, row.last_error, row.next_try_at = (
            OutgoingState.ACCEPTED, answer, now, "", None)
        row.save()
        record("accepted", row, actor="liên thông", after={"ack": answer})
        follow_acknowledgement(row, answer, now)
    return "accepted"


def follow_acknowledgement(row: Outgoing, answer: dict[str, Any], now: dt.datetime) -> None:
    """The report's state follows the province's acknowledgement of the version sent: a signed report
    becomes sent (on time or late against its due date, by the day the province received it) and
    accepted ("Cấp trên đã tiếp nhận"), as a report sent within one instance is when its recipient
    accepts it. A report returned or re-signed since (another version) is left as it is."""
    report = Report.objects.select_for_update().get(pk=row.report_id)
    if report.version != row.report_version or report.state not in (ReportState.FINAL, ReportState.SUBMITTED):
        return
    before = snapshot(report)
    if report.state == ReportState.FINAL:
        try:
            received = dt.datetime.fromisoformat(str(answer.get("received_at")))
        except ValueError:
            received = now
        if timezone.is_naive(received):
            received = timezone.make_aware(received)
        report.submitted_at = received
        report.on_time = report.due_date is None or timezone.localtime(received).date() <= report.due_date
    report.state = ReportState.ACCEPTED
    report.save()
    record("accept", report, actor="liên thông", before=before, after=snapshot(report),
           reason=_("Cấp trên tiếp nhận qua liên thông (mã %(s)s, phiên bản %(v)s)")
           % {"s": answer.get("submission", ""), "v": row.report_version})


def _retry(row: Outgoing, now: dt.datetime, error: str) -> str:
    row.last_error = error[:2000]
    row.next_try_at = now + delay_after(row.attempts)
    row.save()
    jobs.enqueue(JOB_KIND, {"outgoing": row.pk}, run_after=row.next_try_at,
                 dedupe_key=f"{JOB_KIND}:{row.pk}:{row.attempts}")
    return "retry"


@jobs.handler(JOB_KIND)
def _send_job(job: Any, log: Any) -> dict[str, Any]:
    row = Outgoing.objects.select_related("report", "report__unit").filter(pk=job.payload.get("outgoing")).first()
    if row is None:
        raise jobs.PermanentError("Không còn bản gửi này.")
    if row.state != OutgoingState.WAITING:
        log(f"Đã xong từ trước: {row.get_state_display()}.")
        return {"state": row.state}
    outcome = attempt(row)
    if outcome == "retry":
        log(f"Chưa gửi được (lần {row.attempts}): {row.last_error}. Thử lại lúc "
            f"{timezone.localtime(row.next_try_at):%H:%M:%S %d/%m/%Y}.")
    else:
        log(f"{row.get_state_display()} (lần {row.attempts}).")
    return {"state": row.state, "attempts": row.attempts, "outcome": outcome}
