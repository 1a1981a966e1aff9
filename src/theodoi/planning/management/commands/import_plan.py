"""``theodoi import FILE``: store a plan document (extract, match units, link the cascade)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from theodoi.planning.importing.service import import_plan
from theodoi.planning.services.errors import refusal
from theodoi.tenancy.models import Unit, User


class Command(BaseCommand):
    help = "Nhập một văn bản kế hoạch vào hệ thống (nhập lại cùng văn bản thì cập nhật, không nhân bản)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="tệp .txt, .md, .docx hoặc .pdf")
        parser.add_argument("--issuer", metavar="SLUG", help="đơn vị ban hành (khi văn bản ghi không rõ)")
        parser.add_argument("--as-user", metavar="USERNAME", help="nhập với quyền của người dùng này")
        parser.add_argument("--extraction", metavar="JSON", help="dùng kết quả trích xuất đã sửa (tệp JSON)")

    def handle(self, *args, file: str, issuer: str | None, as_user: str | None, extraction: str | None,
               **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        unit = None
        if issuer:
            unit = Unit.objects.filter(slug=issuer).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị '{issuer}' (xem: theodoi units).")
        user = None
        if as_user:
            user = User.objects.filter(username=as_user, is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng '{as_user}'.")
        data = None
        if extraction:
            try:
                data = json.loads(Path(extraction).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Không đọc được tệp JSON: {exc}") from exc
        try:
            result = import_plan(path.read_bytes(), path.name, user=user, extraction=data, issuer=unit)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(refusal(exc)) from exc
        self.stdout.write(self.style.SUCCESS(result.summary_vi))
        for c in result.conflicts:
            self.stdout.write(f"Giữ giá trị nhập tay – {c.subject} – {c.label}: {c.current} (văn bản: {c.document})")
        if result.gone:
            self.stdout.write("Không còn trong văn bản (đã đánh dấu, không xóa): " + "; ".join(result.gone))
