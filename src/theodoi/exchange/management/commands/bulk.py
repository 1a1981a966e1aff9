"""``theodoi bulk export|import``: task assignments, progress and figures in one XLSX/CSV format."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.exchange.format import KIND_ALIASES, KINDS


def _user(username: str | None):
    from theodoi.tenancy.models import User

    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng '{username}'.")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if user is None:
        raise CommandError("Chưa có quản trị hệ thống: dùng --as-user TÊN hoặc chạy theodoi createadmin.")
    return user


class Command(BaseCommand):
    help = "Xuất hoặc nhập hàng loạt nhiệm vụ (6 rõ), tiến độ và số liệu bằng một định dạng XLSX/CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser("export", help="xuất dữ liệu của một đơn vị ra tệp .xlsx hoặc .csv")
        exp.add_argument("--unit", required=True, metavar="SLUG", help="đơn vị (cả các đơn vị trực thuộc)")
        exp.add_argument("--plan", metavar="UID", help="chỉ một kế hoạch")
        exp.add_argument("--period", metavar="YYYY-MM", help="kỳ báo cáo (mặc định: kỳ đang mở)")
        exp.add_argument("--kind", action="append", metavar="LOẠI",
                         help="nhiem-vu, tien-do, so-lieu (mặc định: cả ba; lặp lại để chọn nhiều)")
        exp.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp .xlsx hoặc .csv")
        exp.add_argument("--template", action="store_true", help="chỉ tệp mẫu trống (một loại, --kind)")
        exp.add_argument("--as-user", metavar="USERNAME", help="xuất với quyền đọc của người dùng này")
        imp = sub.add_parser("import", help="nhập một tệp đã xuất (hoặc tệp mẫu đã điền)")
        imp.add_argument("file", help="tệp .xlsx hoặc .csv")
        imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không lưu gì")
        imp.add_argument("--as-user", metavar="USERNAME", help="nhập với quyền của người dùng này")

    def handle(self, *args, action: str, **opts) -> None:
        if action == "export":
            self._export(**opts)
        else:
            self._import(**opts)

    def _kinds(self, given: list[str] | None) -> tuple[str, ...]:
        if not given:
            return KINDS
        out = []
        for k in given:
            kind = k if k in KINDS else KIND_ALIASES.get(k)
            if kind is None:
                raise CommandError(f"Loại '{k}' không có; chọn: {', '.join(KINDS)}.")
            out.append(kind)
        return tuple(out)

    def _export(self, *, unit: str, plan: str | None, period: str | None, kind: list[str] | None, output: str,
                template: bool, as_user: str | None, **_opts) -> None:
        from theodoi.domain.periods import Period
        from theodoi.exchange.exporting import export_file, template_file
        from theodoi.planning.models import Document
        from theodoi.tenancy.models import Unit

        fmt = Path(output).suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("Tệp ra phải có đuôi .xlsx hoặc .csv.")
        kinds = self._kinds(kind)
        if template:
            if len(kinds) != 1:
                raise CommandError("Tệp mẫu là của một loại: thêm --kind nhiem-vu|tien-do|so-lieu.")
            Path(output).write_bytes(template_file(kinds[0], fmt))
            self.stdout.write(f"Đã ghi tệp mẫu {output}.")
            return
        the_unit = Unit.objects.filter(slug=unit).first()
        if the_unit is None:
            raise CommandError(f"Không có đơn vị '{unit}' (xem: theodoi units).")
        doc = None
        if plan:
            doc = Document.objects.filter(uid=plan).first() if _is_uuid(plan) else None
            if doc is None:
                raise CommandError(f"Không có kế hoạch có mã định danh '{plan}'.")
        the_period = None
        if period:
            try:
                the_period = Period.parse(period)
            except ValueError as exc:
                raise CommandError(f"Kỳ '{period}' không hợp lệ (ví dụ: 2026-05).") from exc
        data = export_file(_user(as_user), the_unit, fmt, doc, the_period, kinds)
        Path(output).write_bytes(data)
        self.stdout.write(f"Đã ghi {output}.")

    def _import(self, *, file: str, dry_run: bool, as_user: str | None, **_opts) -> None:
        from theodoi.exchange.importing import ERROR, import_file

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            result = import_file(user=_user(as_user), data=path.read_bytes(), filename=path.name, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for row in result.rows:
            if row.action == ERROR:
                self.stderr.write(f"{row.where}: {'; '.join(row.errors)}")
            elif row.changes:
                changes = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in row.changes)
                self.stdout.write(f"{row.where}: {row.subject} — {changes}")
        self.stdout.write(result.summary_vi)
        if result.errors:
            raise CommandError(f"{len(result.errors)} dòng lỗi: không lưu gì.")


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
