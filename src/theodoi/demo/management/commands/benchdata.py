"""``theodoi benchdata``: fill a database to the size of one or more provinces, or of the country."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Tạo dữ liệu đo tải: xã, phường thật của các tỉnh (dvhc-2025), mỗi xã một kế hoạch "
            "20 chỉ tiêu, 30 nhiệm vụ và N tháng báo cáo, kèm nhật ký thay đổi.")

    def add_arguments(self, parser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--provinces", help="các tỉnh, cách nhau bởi dấu phẩy: mã (12) hoặc tên không dấu "
                                               "(lai-chau,ha-noi,cao-bang)")
        where.add_argument("--nation", action="store_true", help="cả 34 tỉnh, thành phố (3.321 xã, phường)")
        parser.add_argument("--months", type=int, default=24, help="số tháng lịch sử báo cáo (mặc định 24)")
        parser.add_argument("--communes", type=int, help="chỉ lấy N xã, phường đầu tiên của mỗi tỉnh (để thử nhanh)")

    def handle(self, *args, provinces: str | None, nation: bool, months: int, communes: int | None,
               **options) -> None:
        from theodoi.demo import benchdata

        keys = None if nation else [p for p in (provinces or "").split(",") if p.strip()]
        if keys is not None and not keys:
            raise CommandError("Cần ít nhất một tỉnh (--provinces 12,lai-chau) hoặc --nation.")
        try:
            stats = benchdata.load(keys, months=months, communes=communes, say=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        fmt = benchdata._n
        self.stdout.write(self.style.SUCCESS(
            f"Xong: {stats.provinces} tỉnh, {fmt(stats.communes)} xã, phường, {fmt(stats.plans)} kế hoạch mới; "
            f"{fmt(stats.rows)} dòng và {fmt(stats.events)} bản ghi nhật ký trong {stats.seconds:.1f} s "
            f"({fmt(round(stats.rows_per_second))} dòng/s; ghi {fmt(round(stats.written_per_second))} dòng/s, "
            f"cộng {stats.upkeep:.1f} s tình trạng hiện tại, thống kê và cảnh báo)."))
        if stats.skipped:
            self.stdout.write(f"Đã có kế hoạch đo tải, bỏ qua: {len(stats.skipped)} xã, phường.")
