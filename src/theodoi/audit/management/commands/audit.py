from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from theodoi.audit.verify import verify


class Command(BaseCommand):
    help = (
        "Nhật ký thay đổi: kiểm tra chuỗi băm và đối chiếu dữ liệu (theodoi audit verify).\n"
        "Thoát với mã 0 khi toàn vẹn; mã 1 và nêu bản ghi hỏng đầu tiên khi nhật ký hoặc dữ liệu bị sửa."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify"], help="verify: kiểm tra toàn vẹn")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, **opts) -> None:
        report = verify()
        if opts["json"]:
            self.stdout.write(json.dumps({
                "ok": report.ok, "events": report.events, "rows_checked": report.rows_checked,
                "problems": [{"seq": p.seq, "reason": p.reason, "object_type": p.object_type,
                              "object_id": p.object_id} for p in report.problems],
            }, ensure_ascii=False, indent=2))
        if report.ok:
            if not opts["json"]:
                self.stdout.write(f"Nhật ký toàn vẹn: {report.events} bản ghi, "
                                  f"{report.rows_checked} dòng dữ liệu khớp với bản ghi cuối.")
            return
        if not opts["json"]:
            self.stdout.write(f"Phát hiện {len(report.problems)} vấn đề. Đầu tiên: {report.first}")
            for p in report.problems[1:20]:
                self.stdout.write(f"  - {p}")
        raise CommandError(f"Nhật ký không toàn vẹn: {report.first}", returncode=1)
