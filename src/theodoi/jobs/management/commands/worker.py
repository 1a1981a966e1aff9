from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils import timezone

from theodoi.jobs import services
from theodoi.jobs.schedule import ensure_daily

log = logging.getLogger("theodoi.worker")


class Command(BaseCommand):
    help = (
        "Chạy tác vụ nền: nhắc báo cáo qua thư điện tử, tính cảnh báo hằng ngày, đọc bản quét tải lên (OCR).\n"
        "Chạy mãi (dừng an toàn bằng Ctrl+C hoặc SIGTERM); --once chạy các tác vụ đến hạn rồi thoát."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="chạy các tác vụ đến hạn rồi thoát")
        parser.add_argument("--interval", type=float, default=10.0,
                            help="số giây nghỉ khi không có việc (mặc định 10)")
        parser.add_argument("--date", help="lên lịch cho ngày YYYY-MM-DD thay vì hôm nay (chạy bù một ngày đã lỡ; "
                                           "chỉ dùng với --once)")

    def handle(self, *args, **opts) -> None:
        day = None
        if opts["date"]:
            if not opts["once"]:
                raise CommandError("--date chỉ dùng cùng --once.")
            try:
                day = dt.date.fromisoformat(opts["date"])
            except ValueError as exc:
                raise CommandError("Ngày không hợp lệ, hãy dùng dạng YYYY-MM-DD.") from exc
        stop = threading.Event()
        worker = services.worker_id()

        def _stop(signum, _frame) -> None:
            self.stdout.write(f"Nhận tín hiệu {signum}: dừng sau tác vụ đang chạy.")
            stop.set()

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _stop)
            signal.signal(signal.SIGINT, _stop)
        if opts["once"]:
            ran = self._tick(worker, day=day)
            self.stdout.write(f"Đã chạy {ran} tác vụ.")
            return
        self.stdout.write(f"Worker {worker} bắt đầu (nghỉ {opts['interval']} giây khi không có việc).")
        while not stop.is_set():
            ran = self._tick(worker, stop)
            if not ran:
                stop.wait(opts["interval"])
        self.stdout.write("Worker đã dừng.")

    def _tick(self, worker: str, stop: threading.Event | None = None, day: dt.date | None = None) -> int:
        """One round: plan today, give back lost jobs, run what is due, each job once. Never raises."""
        ran = 0
        try:
            if not connection.in_atomic_block:  # (tests run inside a transaction)
                close_old_connections()  # drop a connection the database restarted under us
            services.requeue_stale()
            ensure_daily(day or timezone.localdate())
            done: list[int] = []  # each job once a round (services.claim)
            while stop is None or not stop.is_set():
                job = services.claim(worker, done=done)
                if job is None:
                    break
                job = services.run(job)
                done.append(job.pk)
                ran += 1
                self.stdout.write(f"{job.kind} #{job.pk}: {job.get_status_display()}")
        except Exception:  # noqa: BLE001 - e.g. the database restarting: wait and try again
            log.exception("worker round failed")
            self.stderr.write("Lỗi trong vòng chạy của worker; thử lại sau.")
            time.sleep(1)
        return ran
