"""Cấp, liệt kê và thu hồi khóa API cá nhân (chỉ lưu mã băm của khóa)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from theodoi.portal.models import ApiToken
from theodoi.portal.tokens import issue_token, revoke_token

DEFAULT_DAYS, MAX_DAYS = 365, 730


class Command(BaseCommand):
    help = ("Cấp, liệt kê và thu hồi khóa API cá nhân (chỉ lưu mã băm của khóa).\n"
            "Ví dụ: theodoi apitoken create officer_a --name 'Đồng bộ phần mềm một cửa' --days 365")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Cấp khóa mới cho một người dùng; khóa chỉ hiện một lần.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="Tên gợi nhớ, ví dụ tên phần mềm dùng khóa.")
        create.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help=f"Số ngày hiệu lực, từ 1 đến {MAX_DAYS} (mặc định: {DEFAULT_DAYS}).")
        lst = sub.add_parser("list", help="Liệt kê khóa (không bao giờ hiện lại khóa).")
        lst.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Thu hồi một khóa theo mã định danh (uid).")
        revoke.add_argument("uid")

    def handle(self, *args, **opts):
        getattr(self, f"_{opts['action']}")(opts)

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Không có người dùng '{username}'.") from exc

    def _create(self, opts) -> None:
        user = self._user(opts["username"])
        days = opts["days"]
        if not 1 <= days <= MAX_DAYS:  # every token expires: a forgotten one stops working by itself
            raise CommandError(f"Số ngày hiệu lực phải từ 1 đến {MAX_DAYS}.")
        expires = timezone.now() + dt.timedelta(days=days)
        row, plain = issue_token(user, opts["name"], expires, actor="dòng lệnh",
                                 reason="theodoi manage apitoken create")
        self.stdout.write(f"Đã cấp khóa {row.uid} cho {user.username}. Hãy lưu khóa sau, nó sẽ không hiện lại:")
        self.stdout.write(plain)

    def _list(self, opts) -> None:
        qs = ApiToken.objects.select_related("user")
        if opts.get("username"):
            qs = qs.filter(user=self._user(opts["username"]))
        for t in qs:
            state = "đã thu hồi" if t.revoked_at else ("hết hạn" if t.expires_at and t.expires_at <= timezone.now()
                                                       else "hiệu lực")
            used = timezone.localtime(t.last_used_at).strftime("%d/%m/%Y %H:%M") if t.last_used_at else "chưa dùng"
            self.stdout.write(f"{t.uid}  {t.user.username}  {t.hint}…  {t.name}  [{state}, {used}]")

    def _revoke(self, opts) -> None:
        import uuid

        try:
            uid = uuid.UUID(opts["uid"])
        except ValueError as exc:
            raise CommandError("Mã khóa không hợp lệ.") from exc
        if revoke_token(uid, actor="dòng lệnh", reason="theodoi manage apitoken revoke") is None:
            raise CommandError("Không tìm thấy khóa đang hiệu lực với mã này.")
        self.stdout.write("Đã thu hồi khóa.")
