"""``theodoi backup -o FILE``: a complete, checksummed backup (storage/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.storage.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Sao lưu toàn bộ: cơ sở dữ liệu (bản chụp nhất quán), tệp tải lên, khóa bí mật, chứng thư số, "
            "mốc neo nhật ký, kèm mã SHA-256 của từng tệp (theodoi backup -o FILE.tar.gz).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("-o", "--output", required=True, help="tệp sao lưu sẽ ghi (.tar.gz)")

    def handle(self, *args, **opts) -> None:
        try:
            result = backup(Path(opts["output"]), say=self.stdout.write)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Không sao lưu được: {exc}") from exc
        m = result.manifest
        self.stdout.write(f"Đã sao lưu vào {result.path}: {sum(m['row_counts'].values())} dòng trong "
                          f"{len(m['row_counts'])} bảng, {len(m['members']) - 1} tệp, nhật ký đến bản ghi "
                          f"#{m['audit_head']['seq']} của chuỗi chung và {len(m['audit_heads'])} chuỗi tỉnh "
                          f"({result.seconds:.1f} giây).")
        if m["secret_key"] == "environment":
            self.stdout.write("Lưu ý: khóa bí mật đặt bằng THEODOI_SECRET_KEY không nằm trong bản sao lưu; "
                              "hãy giữ nó riêng.")
