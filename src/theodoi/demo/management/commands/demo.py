"""``theodoi demo``: load the demo data once."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tầng quốc gia, tỉnh Lai Châu, 5 kế hoạch mẫu, lịch sử báo cáo); chạy lại không nhân bản."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="nạp lại cả khi đã có dữ liệu mẫu")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="đặt mật khẩu mới cho các tài khoản mẫu và in ra một lần")
        parser.add_argument("--today", help="ngày coi là hôm nay (YYYY-MM-DD), để dựng lịch sử báo cáo")

    def handle(self, *args, force: bool, reset_passwords: bool, today: str | None, **options) -> None:
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today cần dạng YYYY-MM-DD.") from exc
        from theodoi.demo import loader

        if loader.is_loaded() and not force and not reset_passwords:
            self.stdout.write("Dữ liệu mẫu đã có; không nạp lại. (Mật khẩu mới: theodoi demo --reset-passwords)")
            return
        passwords = loader.load(today=day, say=self.stdout.write, reset_passwords=reset_passwords)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        if passwords:
            self.stdout.write("\nTài khoản mẫu (mật khẩu chỉ hiện MỘT lần, hãy ghi lại):")
            width = max(len(u) for u in passwords)
            for username, password in passwords.items():
                self.stdout.write(f"  {username.ljust(width)}  {password}")
            self.stdout.write("\nGợi ý: binhlu.vhxh (cán bộ), binhlu.vhxh.lanhdao (lãnh đạo), "
                              "binhlu.vanphong (văn phòng thường trực), sokhcn (Sở KH&CN), admin (quản trị).")
