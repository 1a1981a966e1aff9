"""``theodoi serve``: the production web server, static files by WhiteNoise.

On Linux and other POSIX systems it runs gunicorn with several worker processes (one per
core by default), each with a few threads: a request that waits for the database does not
hold up the others, and a deadline-day burst of writes uses every core. Where gunicorn
cannot run (Windows), or with ``--workers 1``, it runs waitress in one process with threads.
Every process serves the same database; nothing in theodoi keeps state in one process that
another needs (sessions, sign-in throttling and jobs live in the database).
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    """One worker process per core the server may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def gunicorn_available() -> bool:
    if os.name != "posix":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


class Command(BaseCommand):
    help = ("Chạy máy chủ web cho vận hành thật (mặc định http://127.0.0.1:8000; "
            "nhiều tiến trình, mỗi lõi một tiến trình).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
        parser.add_argument("--workers", type=int, default=None,
                            help=f"số tiến trình (mặc định: số lõi, ở máy này {default_workers()})")
        parser.add_argument("--threads", type=int, default=4, help="số luồng mỗi tiến trình (mặc định 4)")

    def handle(self, *args, host: str, port: int, workers: int | None, threads: int, **options) -> None:
        workers = default_workers() if workers is None else workers
        if workers < 1 or threads < 1:
            raise CommandError("Số tiến trình và số luồng phải từ 1 trở lên.")
        if workers > 1 and gunicorn_available():
            self.stdout.write(f"theodoi đang chạy tại http://{host}:{port}/  ({workers} tiến trình × {threads} luồng; "
                              "Ctrl+C để dừng)")
            self.stdout.flush()
            _run_gunicorn({"bind": f"{host}:{port}", "workers": workers, "threads": threads,
                           "worker_class": "gthread", "timeout": 60, "graceful_timeout": 20,
                           "accesslog": None, "errorlog": "-", "loglevel": "warning",
                           # X-Forwarded-Proto is Django's to trust (THEODOI_HTTPS), not gunicorn's
                           "forwarded_allow_ips": "", "proc_name": "theodoi"})
            return
        from waitress import serve

        from theodoi.wsgi import application

        self.stdout.write(f"theodoi đang chạy tại http://{host}:{port}/  (1 tiến trình × {threads} luồng; "
                          "Ctrl+C để dừng)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="theodoi",
              clear_untrusted_proxy_headers=True, channel_timeout=60)


def _run_gunicorn(options: dict[str, Any]) -> None:
    """gunicorn started from Python with theodoi's WSGI application (no configuration file)."""
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from theodoi.wsgi import application

            return application

    Application().run()
