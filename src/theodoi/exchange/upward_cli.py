"""Sub-commands of ``theodoi exchange`` for reports sent up between instances.

On the province's instance: ``token --unit SLUG`` issues the token a unit's instance sends
with (``--revoke HINT`` withdraws one). On the unit's instance: ``register --unit SLUG --url
URL --token TOKEN`` says where to send, ``send --unit SLUG --period YYYY-MM`` queues the signed
report (the worker sends it, retrying while the province is unreachable; ``--now`` tries once
at once), ``status`` shows what was sent and received.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

KINDS = ["monthly", "quarterly", "half", "annual"]


def add_arguments(sub: Any) -> None:
    tok = sub.add_parser("token", help="(cấp tỉnh) cấp khóa liên thông cho một đơn vị")
    tok.add_argument("--unit", required=True, metavar="SLUG")
    tok.add_argument("--name", default="", help="tên gợi nhớ")
    tok.add_argument("--revoke", metavar="HINT", help="thu hồi khóa có phần đầu này")
    reg = sub.add_parser("register", help="đăng ký nơi gửi báo cáo (theodoi cấp trên) của một đơn vị")
    reg.add_argument("--unit", required=True, metavar="SLUG")
    reg.add_argument("--url", required=True, help="địa chỉ theodoi cấp trên, ví dụ https://theodoi.laichau.gov.vn")
    reg.add_argument("--token", required=True, help="khóa liên thông do cấp trên cấp")
    snd = sub.add_parser("send", help="gửi báo cáo đã ký số lên theodoi cấp trên (qua tác vụ nền)")
    snd.add_argument("--unit", required=True, metavar="SLUG")
    snd.add_argument("--period", required=True, metavar="YYYY-MM")
    snd.add_argument("--kind", default="monthly", choices=KINDS)
    snd.add_argument("--now", action="store_true", help="thử gửi ngay một lần (không chờ worker)")
    st = sub.add_parser("status", help="tình hình gửi và nhận báo cáo liên thông")
    st.add_argument("--unit", metavar="SLUG")


def _unit(slug: str) -> Any:
    from theodoi.tenancy.models import Unit

    unit = Unit.objects.filter(slug=slug).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị '{slug}' (xem: theodoi units).")
    return unit


def handle(command: Any, action: str, **opts: Any) -> None:
    try:
        if action == "token":
            _token(command, **opts)
        elif action == "register":
            _register(command, **opts)
        elif action == "send":
            _send(command, **opts)
        elif action == "status":
            _status(command, **opts)
        else:
            raise CommandError(f"Không có lệnh '{action}'.")
    except (ValidationError, PermissionDenied) as exc:
        raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc


def _token(command: Any, *, unit: str, name: str, revoke: str | None, **_o: Any) -> None:
    from theodoi.exchange.models import UnitToken
    from theodoi.exchange.receiving import issue_token, revoke_token

    the_unit = _unit(unit)
    if revoke:
        rows = list(UnitToken.objects.filter(unit=the_unit, hint__startswith=revoke, revoked_at__isnull=True))
        if len(rows) != 1:
            raise CommandError(f"Không thấy đúng một khóa còn hiệu lực có phần đầu '{revoke}'.")
        revoke_token(user=None, token=rows[0])
        command.stdout.write(f"Đã thu hồi khóa {rows[0].hint}….")
        return
    _row, plain = issue_token(user=None, unit=the_unit, name=name)
    command.stdout.write(plain)
    command.stderr.write(f"Khóa liên thông của {the_unit.name} (chỉ hiện một lần; đưa cho đơn vị để "
                         "chạy theodoi exchange register).")


def _register(command: Any, *, unit: str, url: str, token: str, **_o: Any) -> None:
    from theodoi.exchange.upward import register_upstream

    row = register_upstream(user=None, unit=_unit(unit), url=url, token=token)
    command.stdout.write(f"Đã đăng ký: {row}.")


def _send(command: Any, *, unit: str, period: str, kind: str, now: bool, **_o: Any) -> None:
    from theodoi.exchange.upward import attempt, queue_send
    from theodoi.reporting.models import Report
    from theodoi.reporting.periods import PeriodError, parse

    the_unit = _unit(unit)
    try:
        key = parse(kind, period).key
    except PeriodError as exc:
        raise CommandError(str(exc)) from exc
    report = Report.objects.filter(unit=the_unit, kind=kind, period_key=key).first()
    if report is None:
        raise CommandError(f"Chưa có báo cáo {kind} {key} của {the_unit.name}.")
    row, queued = queue_send(user=None, report=report)
    if not queued and row.state != "waiting":
        command.stdout.write(f"Phiên bản {row.report_version} đã gửi xong: {row.get_state_display()}.")
        return
    if now:
        outcome = attempt(row)
        command.stdout.write(f"{row.get_state_display()}: {row.last_error or row.ack}")
        if outcome == "refused":
            raise CommandError(row.last_error)
        return
    command.stdout.write(f"Đã xếp lịch gửi phiên bản {row.report_version} (theodoi worker sẽ gửi).")


def _status(command: Any, *, unit: str | None, **_o: Any) -> None:
    from theodoi.exchange.models import Outgoing, Submission

    out = Outgoing.objects.select_related("report", "report__unit").order_by("-created_at")
    got = Submission.objects.select_related("unit").order_by("-received_at")
    if unit:
        the_unit = _unit(unit)
        out, got = out.filter(report__unit=the_unit), got.filter(unit=the_unit)
    for o in out[:50]:
        ack = (o.ack or {}).get("status", "")
        command.stdout.write(f"gửi\t{o.report.unit.slug}\t{o.report.kind}\t{o.report.period_key}\tv{o.report_version}"
                             f"\t{o.state}\tlần {o.attempts}\t{ack}\t{o.last_error[:120]}")
    for s in got[:50]:
        command.stdout.write(f"nhận\t{s.unit.slug}\t{s.kind}\t{s.period_key}\tv{s.report_version}\t{s.state}"
                             f"\t{s.figures_stored} số liệu\t{s.received_at:%d/%m/%Y %H:%M}")
