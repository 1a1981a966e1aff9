from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from theodoi.planning.services import counts, state


class Command(BaseCommand):
    help = (
        "Kiểm tra (verify) hoặc dựng lại (rebuild) tình trạng hiện tại của nhiệm vụ, chỉ tiêu từ lịch sử "
        "và số đếm theo tình trạng của từng đơn vị.\n"
        "theodoi state verify | theodoi state rebuild"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify", "rebuild"],
                            help="verify: so bản đã lưu với bản dựng lại từ lịch sử (lỗi nếu khác); "
                                 "rebuild: dựng lại và lưu")

    def handle(self, *args, **opts) -> None:
        if opts["action"] == "rebuild":
            tasks, targets = state.rebuild()
            units = counts.rebuild()
            self.stdout.write(f"Đã dựng lại tình trạng của {tasks} nhiệm vụ và {targets} chỉ tiêu, "
                              f"số đếm của {units} đơn vị.")
            return
        found = state.differences() + counts.differences()
        for line in found[:50]:
            self.stdout.write(line)
        if found:
            raise CommandError(f"{len(found)} tình trạng đã lưu khác với lịch sử (sửa: theodoi state rebuild).")
        self.stdout.write("Tình trạng đã lưu của mọi nhiệm vụ và chỉ tiêu khớp với lịch sử.")
