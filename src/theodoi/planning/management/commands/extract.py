"""``theodoi extract FILE``: print a plan document's extraction as JSON.

The ``theodoi`` entry point runs this without Django set-up (cli._extract); the
management command exists so ``theodoi --help`` and ``theodoi manage extract`` know it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Trích xuất một văn bản kế hoạch (.txt, .md, .docx, .pdf) ra JSON: chỉ tiêu, nhiệm vụ, phân công, báo cáo."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="đường dẫn tệp văn bản")
        parser.add_argument("--compact", action="store_true", help="in JSON trên một dòng")

    def handle(self, *args, file: str, compact: bool, **options) -> None:
        from theodoi.cli import _extract

        code = _extract([file, *(["--compact"] if compact else [])])
        if code:
            raise CommandError("Không trích xuất được văn bản.", returncode=code)
