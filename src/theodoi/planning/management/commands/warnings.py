from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from theodoi.planning.selectors.texts import unit_label
from theodoi.planning.selectors.warnings import (
    LABELS,
    compute_warnings,
    counts_by_code,
    group_by_unit,
)
from theodoi.planning.services.warnings import refresh_all
from theodoi.tenancy.models import Unit


class Command(BaseCommand):
    help = (
        "In các cảnh báo (chưa cập nhật, quá hạn, sơ sài, mâu thuẫn, không tiến triển) kèm lý do và đơn vị.\n"
        "theodoi warnings [--unit MÃ] [--kind LOẠI] [--json] [--date YYYY-MM-DD] [--store]"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", help="mã định danh (slug) của đơn vị: chỉ đơn vị này và cấp dưới")
        parser.add_argument("--json", action="store_true", help="in dạng JSON")
        parser.add_argument("--date", help="tính cho ngày YYYY-MM-DD (mặc định hôm nay)")
        parser.add_argument("--kind", choices=sorted(LABELS), help="chỉ một loại cảnh báo "
                            "(overdue: danh sách quá hạn theo đơn vị chủ trì, như khi báo cáo giao ban)")
        parser.add_argument("--store", action="store_true",
                            help="tính lại và lưu mọi cảnh báo hôm nay, như việc chạy hằng ngày "
                                 "(các trang đọc bản đã lưu)")

    def handle(self, *args, **opts) -> None:
        today = timezone.localdate()
        if opts["date"]:
            try:
                today = dt.date.fromisoformat(opts["date"])
            except ValueError as exc:
                raise CommandError("Ngày không hợp lệ, hãy dùng dạng YYYY-MM-DD.") from exc
        unit = None
        if opts["unit"]:
            unit = Unit.objects.filter(slug=opts["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị có mã {opts['unit']!r} (xem: theodoi units).")
        if opts["store"]:
            if today != timezone.localdate():
                raise CommandError("--store chỉ tính cho hôm nay (bỏ --date).")
            self.stdout.write(f"Đã lưu {refresh_all(today)} cảnh báo ngày {today:%d/%m/%Y}.")
        found = compute_warnings(today, unit)
        if opts["kind"]:
            found = [w for w in found if w.code == opts["kind"]]
        if opts["json"]:
            self.stdout.write(json.dumps({"date": today.isoformat(), "unit": unit.slug if unit else None,
                                          "kind": opts["kind"],
                                          "total": len(found), "by_code": counts_by_code(found),
                                          "warnings": [w.to_dict() for w in found]}, ensure_ascii=False, indent=2))
            return
        counts = counts_by_code(found)
        self.stdout.write(f"Cảnh báo ngày {today:%d/%m/%Y}: {len(found)} "
                          f"({', '.join(f'{LABELS[c].lower()}: {n}' for c, n in counts.items())})")
        for u, items in group_by_unit(found):
            self.stdout.write("")
            self.stdout.write(f"== {unit_label(u) if u else 'Chưa rõ đơn vị'} ({len(items)})")
            for w in items:
                self.stdout.write(f"  [{w.severity_label}] {w.label_vi}: {w.subject_text}")
                self.stdout.write(f"      {w.reason_vi}")
