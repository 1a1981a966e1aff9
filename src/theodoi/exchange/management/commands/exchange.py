"""``theodoi exchange``: the national system's shape (export, push, KPI mapping) and sending up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.exchange.management.commands.bulk import _user


def _unit(slug: str):
    from theodoi.tenancy.models import Unit

    unit = Unit.objects.filter(slug=slug).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị '{slug}' (xem: theodoi units).")
    return unit


class Command(BaseCommand):
    help = ("Liên thông: xuất/gửi báo cáo theo cấu trúc Hệ thống 57, ánh xạ KPI quốc gia, "
            "gửi báo cáo lên theodoi cấp trên.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("export-national", "ghi báo cáo theo cấu trúc Hệ thống 57 ra tệp JSON"),
                           ("push-national", "gửi báo cáo lên Hệ thống 57 (THEODOI_NATIONAL_URL/_TOKEN)")):
            p = sub.add_parser(name, help=text)
            p.add_argument("--unit", required=True, metavar="SLUG")
            p.add_argument("--period", required=True, metavar="YYYY-MM", help="kỳ (2026-05, 2026-Q2, …)")
            p.add_argument("--kind", default="monthly", choices=["monthly", "quarterly", "half", "annual"])
            p.add_argument("--grant", default="", metavar="ID", help="mã phân quyền mẫu báo cáo trên hệ thống")
            if name == "export-national":
                p.add_argument("-o", "--output", metavar="FILE", help="tệp JSON (mặc định: in ra màn hình)")
        kpi = sub.add_parser("kpi", help="ánh xạ chỉ số/chỉ tiêu sang mã KPI quốc gia, có gợi ý")
        kpi.add_argument("what", choices=["list", "suggest", "map"])
        kpi.add_argument("--unit", required=True, metavar="SLUG", help="đơn vị quản lý ánh xạ (tỉnh)")
        kpi.add_argument("--indicator", metavar="MÃ", help="mã chỉ số (map)")
        kpi.add_argument("--target", metavar="UID", help="mã định danh chỉ tiêu (map)")
        kpi.add_argument("--code", metavar="KPI", help="mã KPI quốc gia (map)")
        kpi.add_argument("--name", default="", metavar="TÊN", help="tên KPI (map; mặc định theo danh mục)")
        kpi.add_argument("--as-user", metavar="USERNAME")
        self.add_upward(sub)

    def add_upward(self, sub: Any) -> None:
        """Sending up to another instance (register, token, send, status): see ``upward``."""
        from theodoi.exchange import upward_cli as upward

        upward.add_arguments(sub)

    def handle(self, *args, action: str, **opts) -> None:
        if action in ("export-national", "push-national"):
            self._national(action, **opts)
        elif action == "kpi":
            self._kpi(**opts)
        else:
            from theodoi.exchange import upward_cli as upward

            upward.handle(self, action, **opts)

    def _national(self, action: str, *, unit: str, period: str, kind: str, grant: str, output: str | None = None,
                  **_opts) -> None:
        from theodoi.exchange import national, push
        from theodoi.reporting.periods import PeriodError

        try:
            payload = national.build(_unit(unit), period, kind, grant)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        problems = national.validate(payload)
        if problems:
            raise CommandError("Dữ liệu không đúng cấu trúc: " + "; ".join(problems))
        if action == "export-national":
            text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
            if output:
                Path(output).write_text(text, encoding="utf-8")
                self.stdout.write(f"Đã ghi {output}: {len(payload['sections'])} mục, "
                                  f"{len(payload['indicators'])} KPI.")
            else:
                self.stdout.write(text, ending="")
            return
        try:
            result = push.push(payload, grant_id=grant)
        except (ValueError, push.PushError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã gửi {result.sections} mục và {result.indicators} KPI lên Hệ thống 57.")

    def _kpi(self, *, what: str, unit: str, indicator: str | None, target: str | None, code: str | None,
             name: str, as_user: str | None, **_opts) -> None:
        from django.conf import settings

        from theodoi.exchange import kpi, national, services
        from theodoi.planning.models import Indicator, Target

        owner = _unit(unit)
        catalogue = kpi.load_catalogue(settings.THEODOI_NATIONAL_KPI_FILE or None)
        if what == "list":
            for m in national.mappings_for(owner):
                self.stdout.write(f"{m.kpi_code}\t{m.kpi_name}\t← {m.indicator or m.target}")
            return
        if what == "suggest":
            seen = set()
            for t in (Target.objects.filter(document__issuer__path__startswith=owner.path)
                      .select_related("indicator").order_by("document_id", "position")):
                label = t.indicator.name if t.indicator else t.text
                key = ("i", t.indicator_id) if t.indicator_id else ("t", t.pk)
                if key in seen:
                    continue
                seen.add(key)
                hits = kpi.suggest(label, catalogue, unit_of_measure=t.unit_of_measure)
                ref = f"--indicator {t.indicator.code}" if t.indicator else f"--target {t.uid}"
                proposals = ", ".join(f"{h.kpi.code} ({h.score:.2f}) {h.kpi.name}" for h in hits) or "—"
                self.stdout.write(f"{ref}\t{label[:100]}\n    gợi ý: {proposals}")
            return
        if not code:
            raise CommandError("Thiếu --code (mã KPI quốc gia).")
        ind = tgt = None
        if indicator:
            ind = Indicator.objects.filter(code=indicator).first()
            if ind is None:
                raise CommandError(f"Không có chỉ số '{indicator}'.")
        elif target:
            tgt = Target.objects.filter(uid=target).first() if _uuid_ok(target) else None
            if tgt is None:
                raise CommandError(f"Không có chỉ tiêu '{target}'.")
        else:
            raise CommandError("Chọn --indicator MÃ hoặc --target UID.")
        known = next((k for k in catalogue if k.code == code), None)
        try:
            row = services.map_kpi(user=_user(as_user), owner=owner, kpi_code=code,
                                   kpi_name=name or (known.name if known else ""), indicator=ind, target=tgt)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Đã ánh xạ: {row}")


def _uuid_ok(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
