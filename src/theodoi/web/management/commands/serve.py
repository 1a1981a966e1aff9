"""``theodoi serve``: the production WSGI server (waitress), static files by WhiteNoise."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web (waitress, dùng cho vận hành thật; mặc định http://127.0.0.1:8000)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
        parser.add_argument("--threads", type=int, default=8, help="số luồng xử lý (mặc định 8)")

    def handle(self, *args, host: str, port: int, threads: int, **options) -> None:
        from waitress import serve

        from theodoi.wsgi import application

        self.stdout.write(f"theodoi đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
        serve(application, host=host, port=port, threads=threads, ident="theodoi",
              clear_untrusted_proxy_headers=True, channel_timeout=60)
