"""``theodoi createadmin``: create a superuser with a password of their own."""

from __future__ import annotations

import getpass
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from theodoi.tenancy.models import User


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
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Tài khoản '{username}' đã tồn tại.")
        if generate or not self.stdin_is_tty():
            password = secrets.token_urlsafe(12)
            shown = True
        else:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
            shown = False
        user = User(username=username, email=email, is_staff=True, is_superuser=True)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"Đã tạo tài khoản quản trị '{username}'."))
        if shown:
            self.stdout.write(f"Mật khẩu (chỉ hiện một lần): {password}")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin is not None and sys.stdin.isatty()
