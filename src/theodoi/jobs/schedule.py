"""The scheduled work: daily warnings, reminders before and after the monthly due day, the daily backup.

``plan_day(today)`` enqueues, with dedupe keys so each is done once:

* ``targets.measure`` — the figures of the targets the system measures itself (the share of tasks
  updated each month, of science tasks kept on the platform: ``planning.services.self_measured``);
* ``warnings.daily`` — the day's warnings (counts by kind and unit kept in the job result) and every
  unit's counts of tasks and targets by status for the day (``planning.services.counts``);
* ``reminder.send`` kind ``before`` (3 days before the due day) and ``dueday`` (on the day)
  to the officers of every unit that has not sent all its updates and figures for the
  month; kind ``after`` (from the day after, for ten days) to the unit's leaders.

* ``backup.daily`` — when ``THEODOI_BACKUP_DIR`` is set, a backup at ``THEODOI_BACKUP_HOUR`` (local
  time, default 2) keeping the ``THEODOI_BACKUP_KEEP`` newest (default 7).

A reminder is sent once per unit, period and kind: its dedupe key is
``reminder:<kind>:<unit>:<period>``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from theodoi.domain import periods
from theodoi.jobs.models import Job
from theodoi.jobs.services import JobLog, PermanentError, enqueue, handler
from theodoi.planning.models import DocStatus, Document, Task
from theodoi.planning.selectors.completeness import NOT_SENT, RETURNED, item_state
from theodoi.planning.selectors.obligations import Obligation, obligations_for_units
from theodoi.planning.selectors.texts import unit_label
from theodoi.storage.files import sweep_temporary
from theodoi.tenancy.models import Membership, Role, Unit

BEFORE_DAYS = 3
AFTER_DAYS = 10


def ensure_daily(today: dt.date | None = None) -> Job:
    """Enqueue today's planning job (once per day, whoever calls)."""
    today = today or timezone.localdate()
    job, _created = enqueue("schedule.daily", {"date": today.isoformat()}, dedupe_key=f"schedule:{today.isoformat()}")
    return job


def backup_time(today: dt.date) -> dt.datetime:
    """When the day's backup runs: ``THEODOI_BACKUP_HOUR`` o'clock, local time."""
    return timezone.make_aware(dt.datetime.combine(today, dt.time(settings.THEODOI_BACKUP_HOUR)))


def _payload_date(job: Job) -> dt.date:
    payload = job.payload if isinstance(job.payload, dict) else None
    if payload is None:
        raise PermanentError(f"Tham số của tác vụ không hợp lệ: {job.payload!r}")
    try:
        return dt.date.fromisoformat(payload.get("date") or timezone.localdate().isoformat())
    except (TypeError, ValueError) as exc:
        raise PermanentError(f"Ngày không hợp lệ trong tham số: {payload.get('date')!r}") from exc


@handler("schedule.daily")
def plan_day(job: Job, log: JobLog) -> dict[str, Any]:
    """Enqueue the day's warnings (and backup), sweep temporary files left by killed processes, then
    the day's reminders, plan by plan due day.

    A failure for one due day (a bad row somewhere in its plans) does not keep the other
    due days' units from being reminded: it is logged, the others are planned, and the job
    then fails so it is retried (the dedupe keys keep what was planned from being planned twice).
    """
    today = _payload_date(job)
    enqueue("targets.measure", {"date": today.isoformat()}, dedupe_key=f"measure:{today.isoformat()}")
    enqueue("warnings.daily", {"date": today.isoformat()}, dedupe_key=f"warnings:{today.isoformat()}")
    if settings.THEODOI_BACKUP_DIR:
        enqueue("backup.daily", {"date": today.isoformat()}, dedupe_key=f"backup:{today.isoformat()}",
                run_after=backup_time(today))
    swept = sweep_temporary(Path(settings.MEDIA_ROOT))
    if swept:
        log(f"Đã xóa {swept} tệp tạm do tiến trình bị dừng giữa chừng để lại.")
    errors: list[str] = []
    planned = plan_reminders(today, errors=errors)
    log(f"Đã lên lịch {len(planned)} thư nhắc cho ngày {today:%d/%m/%Y}.")
    if errors:
        for line in errors:
            log(line)
        raise RuntimeError(f"{len(errors)} nhóm kế hoạch không lên lịch được thư nhắc (xem nhật ký).")
    return {"reminders": planned}


def unsent_by_unit(period: Any, due: dt.date) -> dict[Unit, list[Obligation]]:
    """Units with something not sent (or returned) for ``period`` among items due on ``due``."""
    units = Unit.objects.filter(Q(led_tasks__document__status=DocStatus.ACTIVE) | Q(measurements__isnull=False)
                                | Q(responsible_targets__isnull=False)).distinct()
    out: dict[Unit, list[Obligation]] = defaultdict(list)
    for o in obligations_for_units(units, period):
        if o.due == due and item_state(o) in (NOT_SENT, RETURNED):
            out[o.unit].append(o)
    return out


def plan_reminders(today: dt.date, errors: list[str] | None = None) -> list[str]:
    """Enqueue the reminders due today; returns their dedupe keys (new ones only).

    With ``errors``, a failure for one due day is appended there (in Vietnamese) and the
    other due days are still planned; without it, the failure is raised.
    """
    created: list[str] = []
    due_days = Document.objects.filter(status=DocStatus.ACTIVE).values_list("monthly_due_day", flat=True)
    for due_day in sorted(set(due_days)):
        try:
            created += _plan_due_day(today, due_day)
        except Exception as exc:  # noqa: BLE001 - reported through ``errors``, never swallowed
            if errors is None:
                raise
            errors.append(f"Kế hoạch có hạn báo cáo ngày {due_day}: {type(exc).__name__}: {exc}")
    return created


def reminder_plans(today: dt.date, due_day: int) -> list[tuple[str, Any, dt.date]]:
    """(kind, period, due) of the reminders due today for plans due on ``due_day``: "before"/"dueday"
    for the open month (``periods.open_period``, the month the forms open), "after" for the closed
    month (``periods.closed_period``, the month the warnings check)."""
    open_p = periods.open_period(today, due_day)
    due = periods.due_date(open_p, due_day)
    kind = "dueday" if today == due else ("before" if due - dt.timedelta(days=BEFORE_DAYS) <= today < due else "")
    plans = [(kind, open_p, due)] if kind else []
    closed = periods.closed_period(today, due_day)
    closed_due = periods.due_date(closed, due_day)
    if closed_due < today <= closed_due + dt.timedelta(days=AFTER_DAYS):
        plans.append(("after", closed, closed_due))
    return plans


def _plan_due_day(today: dt.date, due_day: int) -> list[str]:
    """Reminders for the plans whose reports are due on ``due_day``: before/on the open month's due
    day to officers, after the closed month's due day to leaders."""
    created = []
    for kind, period, due in reminder_plans(today, due_day):
        for unit in unsent_by_unit(period, due):
            key = f"reminder:{kind}:{unit.slug}:{period.key}"
            _job, new = enqueue("reminder.send", {"unit": unit.pk, "period": period.key, "kind": kind,
                                                  "due": due.isoformat()}, dedupe_key=key)
            if new:
                created.append(key)
    return created


def recipients(unit: Unit, kind: str) -> list[str]:
    role = Role.LEADER if kind == "after" else Role.OFFICER
    emails = sorted({m.user.email for m in Membership.objects.filter(unit=unit, role=role, user__is_active=True)
                     .select_related("user") if m.user.email})
    return emails or ([unit.email] if unit.email else [])


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def compose(unit: Unit, kind: str, period: Any, due: dt.date, items: list[Obligation]) -> tuple[str, str]:
    """Subject and body (Vietnamese) naming the unit with its commune, the month, the due day
    and each task and target not yet sent."""
    label = period.label(sentence=True)
    name = unit_label(unit)
    if kind == "after":
        subject = f"{name} chưa gửi báo cáo {label} (hạn {due:%d/%m/%Y} đã qua)"
        opening = (f"Kính gửi lãnh đạo {name},\n\nĐến nay đơn vị chưa gửi đầy đủ báo cáo {label}, "
                   f"hạn gửi là ngày {due:%d/%m/%Y}. Đề nghị đồng chí chỉ đạo hoàn thành ngay các nội dung sau:")
    else:
        when = "hôm nay" if kind == "dueday" else f"ngày {due:%d/%m/%Y}"
        subject = f"Nhắc gửi báo cáo {label} – hạn {due:%d/%m/%Y}"
        opening = (f"Kính gửi cán bộ {name},\n\nHạn gửi báo cáo {label} là {when}. "
                   f"Các nội dung sau của đơn vị chưa được gửi:")
    lines = [opening, ""]
    for o in items:
        state = f" ({o.state_label.lower()})" if o.item is not None else ""
        what = "Nhiệm vụ" if o.kind == "task" else "Số liệu chỉ tiêu"
        body = o.obj.title if isinstance(o.obj, Task) else o.obj.text
        lines.append(" ".join(p for p in ("-", what, o.obj.code, _short(body)) if p) + state)
    base = getattr(settings, "THEODOI_BASE_URL", "").rstrip("/")
    lines += ["", f"Cập nhật tại: {base}/" if base else "", "",
              "Thư này được gửi tự động bởi hệ thống theo dõi thực hiện Nghị quyết 57-NQ/TW."]
    return subject, "\n".join(lines)


def _reminder_payload(job: Job) -> tuple[Unit, Any, str, dt.date]:
    """The unit, period, kind and due day of a reminder job; PermanentError when malformed."""
    p = job.payload if isinstance(job.payload, dict) else {}
    try:
        period = periods.as_period(str(p["period"]))
        due = dt.date.fromisoformat(str(p["due"]))
        kind = str(p["kind"])
        unit = Unit.objects.filter(pk=int(p["unit"])).first()
    except (KeyError, TypeError, ValueError) as exc:
        raise PermanentError(f"Tham số thư nhắc không hợp lệ ({exc!r}): {job.payload!r}") from exc
    if kind not in ("before", "dueday", "after"):
        raise PermanentError(f"Loại thư nhắc không hợp lệ: {kind!r}")
    if unit is None:
        raise PermanentError(f"Không còn đơn vị #{p['unit']} để nhắc.")
    return unit, period, kind, due


@handler("reminder.send")
def send_reminder(job: Job, log: JobLog) -> dict[str, Any]:
    """Send one reminder, unless the unit reported in the meantime. Sent once: the job's dedupe
    key names the unit, period and kind, and a job marked done is never run again."""
    unit, period, kind, due = _reminder_payload(job)
    items = unsent_by_unit(period, due).get(unit, [])
    if not items:
        log(f"{unit_label(unit)} đã gửi đủ báo cáo; không cần nhắc.")
        return {"sent": 0}
    to = recipients(unit, kind)
    if not to:
        log(f"{unit_label(unit)} không có địa chỉ thư điện tử để nhắc.")
        return {"sent": 0, "items": len(items)}
    subject, body = compose(unit, kind, period, due, items)
    send_mail(subject, body, None, to)
    log(f"Đã gửi thư nhắc tới {', '.join(to)} ({len(items)} nội dung).")
    return {"sent": len(to), "items": len(items), "to": to}


@handler("warnings.daily")
def daily_warnings(job: Job, log: JobLog) -> dict[str, Any]:
    from theodoi.planning.selectors.warnings import compute_warnings, counts_by_code
    from theodoi.planning.services import counts
    from theodoi.planning.services.warnings import refresh_all

    today = _payload_date(job)
    if today == timezone.localdate():
        refresh_all(today)  # the pages read today's warnings from the stored set from now on
        units = counts.rebuild(day=today)  # and the national roll-up today's counts of every unit
        log(f"Đã đếm lại nhiệm vụ, chỉ tiêu của {units} đơn vị.")
    found = compute_warnings(today)
    by_unit: dict[str, int] = defaultdict(int)
    for w in found:
        by_unit[w.unit.slug if w.unit else "-"] += 1
    log(f"{len(found)} cảnh báo ngày {today:%d/%m/%Y}.")
    return {"date": today.isoformat(), "total": len(found), "by_code": counts_by_code(found),
            "by_unit": dict(sorted(by_unit.items())), "warnings": [w.to_dict() for w in found[:2000]]}


@handler("backup.daily")
def daily_backup(job: Job, log: JobLog) -> dict[str, Any]:
    """The day's backup into ``THEODOI_BACKUP_DIR`` (storage/backup.py), then the oldest beyond
    ``THEODOI_BACKUP_KEEP`` deleted. Written under a temporary name and renamed, so an interrupted
    backup is never counted as one (and the retry writes it again)."""
    from theodoi.storage.backup import BackupError, backup, prune

    folder = Path(settings.THEODOI_BACKUP_DIR)
    today = _payload_date(job)
    name = f"theodoi-{today:%Y%m%d}-{timezone.now():%H%M%S}.tar.gz"
    try:
        result = backup(folder / name)
    except BackupError as exc:
        raise PermanentError(str(exc)) from exc
    gone = prune(folder, settings.THEODOI_BACKUP_KEEP)
    log(f"Đã sao lưu vào {result.path} ({result.path.stat().st_size} byte, {result.seconds:.1f} giây); "
        f"xóa {len(gone)} bản cũ, giữ {settings.THEODOI_BACKUP_KEEP} bản mới nhất.")
    return {"path": str(result.path), "bytes": result.path.stat().st_size, "deleted": [p.name for p in gone],
            "audit_seq": result.manifest["audit_head"]["seq"]}
@handler("targets.measure")
def measure_targets(job: Job, log: JobLog) -> dict[str, Any]:
    """Fill the targets the system measures itself (``planning.services.self_measured``) for the
    last closed month of each plan."""
    from theodoi.planning.services.self_measured import fill

    today = _payload_date(job)
    filled = fill(today)
    for f in filled:
        c = f.combined
        shown = (f"{c.numerator:.0f}/{c.denominator:.0f} ({c.value:.1f}%)" if c.value is not None
                 else "chưa có nhiệm vụ")
        log(f"{f.target.text[:80]} – {f.period_key}: {shown}")
    return {"date": today.isoformat(), "targets": len(filled), "changed": sum(f.changed for f in filled)}
