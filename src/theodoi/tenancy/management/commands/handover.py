"""``theodoi handover``: give the open tasks of an abolished unit to its successor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from theodoi.tenancy.models import Unit
from theodoi.tenancy.services import hand_over_open_tasks


class Command(BaseCommand):
    help = "Giao các nhiệm vụ chưa hoàn thành của một đơn vị đã giải thể, sáp nhập cho đơn vị kế thừa."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="from_slug", required=True, metavar="SLUG",
                            help="đơn vị cũ (đã kết thúc hoạt động)")
        parser.add_argument("--to", dest="to_slug", metavar="SLUG",
                            help="đơn vị kế thừa; bỏ trống khi đơn vị cũ chỉ có một đơn vị kế thừa")
        parser.add_argument("--reason", default="", help="lý do, ghi vào nhật ký thay đổi")

    def handle(self, *args, **options) -> None:
        old = self._unit(options["from_slug"])
        if options["to_slug"]:
            new = self._unit(options["to_slug"])
        else:
            successors = list(old.successors.all())
            if len(successors) != 1:
                names = ", ".join(f"{u.slug} ({u.name})" for u in successors) or "không có"
                raise CommandError(f"{old.name} có {len(successors)} đơn vị kế thừa: {names}. "
                                   "Chọn một bằng --to SLUG.")
            new = successors[0]
        try:
            moved = hand_over_open_tasks(old, new, reason=options["reason"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Đã giao {moved} nhiệm vụ đang thực hiện của {old.name} cho {new.name}.")

    @staticmethod
    def _unit(slug: str) -> Unit:
        unit = Unit.objects.filter(slug=slug).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị '{slug}'. Xem: theodoi units --all")
        return unit
