from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.audit import anchors
from theodoi.audit.models import AuditEvent
from theodoi.audit.services import record_baseline, record_heads
from theodoi.audit.verify import verify


class Command(BaseCommand):
    help = (
        "Nhật ký thay đổi: kiểm tra chuỗi băm và đối chiếu dữ liệu (theodoi audit verify).\n"
        "verify: thoát với mã 0 khi toàn vẹn; mã 1 và nêu từng dòng, bản ghi hỏng khi nhật ký hoặc dữ liệu "
        "bị sửa ngoài ứng dụng, hoặc có dòng không có bản ghi tạo.\n"
        "Nhật ký gồm một chuỗi cho mỗi tỉnh và một chuỗi chung; verify kiểm tra từng chuỗi.\n"
        "anchor [-o FILE]: ghi đầu mọi chuỗi vào chuỗi chung rồi in đầu chuỗi chung (số thứ tự, mã băm, thời "
        "điểm) để công bố ra ngoài cơ sở dữ liệu; verify --anchor FILE|SỐ:MÃ_BĂM đối chiếu với mốc neo đó.\n"
        "baseline --reason '...': ghi một bản ghi gốc cho mỗi dòng chưa có bản ghi (một lần, sau khi nâng cấp "
        "từ phiên bản chưa ghi nhật ký các tài khoản, vai trò, khóa API...)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify", "anchor", "baseline"],
                            help="verify: kiểm tra toàn vẹn; anchor: in mốc neo đầu chuỗi; "
                                 "baseline: ghi bản ghi gốc cho dòng chưa có")
        parser.add_argument("--anchor", action="append", default=[], metavar="FILE|SEQ:HASH",
                            help="verify: thêm mốc neo (tệp mốc neo, báo cáo PDF đã ký, hoặc SỐ:MÃ_BĂM); "
                                 "dùng nhiều lần được")
        parser.add_argument("-o", "--output", help="anchor: ghi thêm mốc neo vào cuối tệp này")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument("--reason", default="", help="lý do ghi bản ghi gốc (bắt buộc với baseline)")

    def handle(self, *args, **opts) -> None:
        if opts["action"] == "baseline":
            self._baseline(opts["reason"])
            return
        if opts["action"] == "anchor":
            self._anchor(opts.get("output"))
            return
        given = []
        for value in opts["anchor"]:
            try:
                given.extend(anchors.from_argument(value))
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        report = verify(given)
        if opts["json"]:
            self.stdout.write(json.dumps({
                "ok": report.ok, "events": report.events, "rows_checked": report.rows_checked,
                "problem_count": report.problem_count, "head": report.head, "chains": report.chains,
                "anchors_checked": report.anchors_checked,
                "problems": [{"chain": p.chain, "seq": p.seq, "reason": p.reason, "object_type": p.object_type,
                              "object_id": p.object_id} for p in report.problems],
            }, ensure_ascii=False, indent=2))
        if report.ok:
            if not opts["json"]:
                self.stdout.write(f"Nhật ký toàn vẹn: {report.events} bản ghi trong {len(report.chains)} chuỗi, "
                                  f"{report.rows_checked} dòng dữ liệu khớp với bản ghi cuối, "
                                  f"{report.anchors_checked} mốc neo khớp.")
            return
        if not opts["json"]:
            self.stdout.write(f"Phát hiện {report.problem_count} vấn đề. Đầu tiên: {report.first}")
            for p in report.problems[1:50]:
                self.stdout.write(f"  - {p}")
            if report.problem_count > 50:
                self.stdout.write(f"  … và {report.problem_count - 50} vấn đề khác (xem --json).")
        raise CommandError(f"Nhật ký không toàn vẹn: {report.first}", returncode=1)

    def _anchor(self, output: str | None) -> None:
        if not AuditEvent.objects.exists():
            raise CommandError("Nhật ký chưa có bản ghi nào.")
        record_heads()  # the global chain now names every chain's head: its anchor covers them all
        head = anchors.current()
        anchors.append(head)
        if output:
            try:
                anchors.append(head, Path(output))
            except OSError as exc:
                raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}") from exc
        self.stdout.write(head.as_json())

    def _baseline(self, reason: str) -> None:
        if not reason.strip():
            raise CommandError("Hãy ghi lý do: theodoi audit baseline --reason 'Nâng cấp lên phiên bản ...'")
        counts = record_baseline(reason.strip())
        total = sum(counts.values())
        self.stdout.write(f"Đã ghi {total} bản ghi gốc" + (": " + ", ".join(
            f"{k} {v}" for k, v in counts.items() if v) if total else "."))
