"""``theodoi createadmin``: create a superuser with a password of their own."""

from __future__ import annotations

import getpass
import secrets

from django.core.management.base import BaseCommand, CommandError

from theodoi.tenancy.services import AccountError, create_user, username_taken


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị hệ thống (mật khẩu nhập vào hoặc sinh ngẫu nhiên, in một lần)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin", help="tên đăng nhập (mặc định admin)")
        parser.add_argument("--email", default="", help="thư điện tử")
        parser.add_argument(
            "--generate", action="store_true",
            help="sinh mật khẩu ngẫu nhiên và in ra một lần (không hỏi)",
        )

    def handle(self, *args, username: str, email: str, generate: bool, **options) -> None:
        if username_taken(username):  # before asking for a password that would be refused
            raise CommandError(f"Tài khoản '{username}' đã tồn tại.")
        if generate or not self.stdin_is_tty():
            password = secrets.token_urlsafe(12)
            shown = True
        else:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
            shown = False
        try:
            create_user(username, password=password, email=email, is_staff=True, is_superuser=True,
                        actor="dòng lệnh", reason="theodoi createadmin")
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã tạo tài khoản quản trị '{username}'."))
        if shown:
            self.stdout.write(f"Mật khẩu (chỉ hiện một lần): {password}")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin is not None and sys.stdin.isatty()
