"""``theodoi restore FILE``: restore a backup into an empty data folder and database (storage/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.storage.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Phục hồi một bản sao lưu vào thư mục dữ liệu và cơ sở dữ liệu trống (kiểm tra mã SHA-256 trước, "
            "đếm lại số dòng sau); từ chối nơi đã có dữ liệu.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="tệp sao lưu (.tar.gz) do theodoi backup tạo")
        parser.add_argument("--no-verify", action="store_true", help="không chạy audit verify sau khi phục hồi")

    def handle(self, *args, **opts) -> None:
        try:
            result = restore(Path(opts["file"]), say=self.stdout.write)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Không phục hồi được: {exc}") from exc
        if result.problems:
            for p in result.problems:
                self.stdout.write(f"  - {p}")
            raise CommandError("Phục hồi xong nhưng có sai khác với bản sao lưu (xem trên).")
        m = result.manifest
        self.stdout.write(f"Đã phục hồi {sum(m['row_counts'].values())} dòng, {len(m['members']) - 1} tệp "
                          f"(sao lưu lúc {m['created_at']}); số dòng mọi bảng khớp ({result.seconds:.1f} giây).")
        if not opts["no_verify"]:
            from theodoi.audit.verify import verify

            report = verify()
            if not report.ok:
                raise CommandError(f"Nhật ký sau khi phục hồi không toàn vẹn: {report.first}")
            self.stdout.write(f"Nhật ký toàn vẹn: {report.events} bản ghi, {report.rows_checked} dòng khớp.")
