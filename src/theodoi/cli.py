"""The ``theodoi`` command: one entry point for every task.

``theodoi COMMAND [ARGS]`` runs the Django management command of that name with
theodoi's settings; ``theodoi extract`` runs without Django, so it starts fast.
``theodoi --help`` lists the commands with a one-line description each, taken
from the commands themselves so the list cannot drift.

Django's system checks (the settings, models, URLs and templates hold together) run when the
installation starts serving or working (``serve``, ``worker``) and when it migrates, and on
demand (``theodoi manage check``). The one-shot commands (``import``, ``report``, ``audit``,
``units``…) skip them, as Django's ``call_command`` does: the checks import every URL pattern and
cost each such command about 0.7 s of its 1.5 s.
"""

from __future__ import annotations

import json
import os
import sys

# The commands a user needs, in the order --help lists them. The value is the
# management command that implements it.
COMMANDS: dict[str, str] = {
    "serve": "serve",
    "worker": "worker",
    "migrate": "migrate",
    "demo": "demo",
    "benchdata": "benchdata",
    "createadmin": "createadmin",
    "units": "units",
    "handover": "handover",
    "extract": "extract",
    "import": "import_plan",
    "warnings": "warnings",
    "state": "state",
    "audit": "audit",
    "backup": "backup",
    "restore": "restore",
    "report": "report",
    "apitoken": "apitoken",
    "bulk": "bulk",
    "exchange": "exchange",
    "manage": "",
}
# The commands that run Django's system checks first: those that start a long-running installation
# and the one that changes its database's schema. The others are one-shot (see the module's doc).
CHECKED = frozenset({"serve", "worker", "migrate"})
_MANAGE_HELP = "Chạy một lệnh quản trị Django bất kỳ (ví dụ: theodoi manage shell)."
# Django's own commands describe themselves in English: theodoi says it in Vietnamese.
_OWN_HELP = {"migrate": "Tạo hoặc nâng cấp cơ sở dữ liệu (chạy an toàn nhiều lần)."}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    import django

    django.setup()


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def command_help() -> list[tuple[str, str]]:
    """(name, one-line description) of every available command, in --help order."""
    _setup_django()
    from django.core.management import get_commands, load_command_class

    available = get_commands()
    rows = []
    for name, target in COMMANDS.items():
        if name == "manage":
            rows.append((name, _MANAGE_HELP))
        elif name in _OWN_HELP:
            rows.append((name, _OWN_HELP[name]))
        elif target in available:
            cmd = load_command_class(available[target], target)
            rows.append((name, _first_line(str(cmd.help))))
    return rows


def print_help() -> None:
    from theodoi import __version__

    print(f"theodoi {__version__}: theo dõi thực hiện Nghị quyết 57-NQ/TW và các kế hoạch.\n")
    print("Cách dùng: theodoi LỆNH [THAM SỐ]   (theodoi LỆNH --help để xem chi tiết)\n")
    print("Các lệnh:")
    rows = command_help()
    width = max(len(n) for n, _ in rows)
    for name, text in rows:
        print(f"  {name.ljust(width)}  {text}")


def _extract(argv: list[str]) -> int:
    """Fast path for ``theodoi extract FILE``: no Django set-up."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="theodoi extract",
        description="Đọc một văn bản kế hoạch (.txt, .md, .docx, .pdf) và in JSON trích xuất ra stdout.",
    )
    parser.add_argument("file", help="đường dẫn tệp văn bản")
    parser.add_argument("--compact", action="store_true", help="in JSON trên một dòng")
    args = parser.parse_args(argv)
    from theodoi.extraction import ExtractionError, extract_file

    def progress(page: int, pages: int) -> None:  # a scanned PDF, read by OCR page by page
        print(f"Đang nhận dạng chữ (OCR) trang {page}/{pages}…", file=sys.stderr, flush=True)

    try:  # progress on a terminal only: a script reading stderr gets the one error line
        result = extract_file(args.file, progress=progress if sys.stderr.isatty() else None)
    except FileNotFoundError:
        print(f"Lỗi: không tìm thấy tệp {args.file}", file=sys.stderr)
        return 2
    except ExtractionError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    indent = None if args.compact else 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=indent) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:  # `theodoi units | head`: the reader has gone, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print_help()
        return 0
    if argv[0] == "--version":
        from theodoi import __version__

        print(__version__)
        return 0
    name, rest = argv[0], argv[1:]
    if name == "extract":
        return _extract(rest)
    if name not in COMMANDS:
        print(f"theodoi: không có lệnh '{name}'. Xem: theodoi --help", file=sys.stderr)
        return 2
    _setup_django()
    from django.core.management import execute_from_command_line

    target = COMMANDS[name]
    if name == "manage":
        execute_from_command_line(["theodoi manage", *rest])
    else:
        execute_from_command_line(["theodoi", target, *_skip_checks(name, target), *rest])
    return 0


def _skip_checks(name: str, target: str) -> list[str]:
    """``["--skip-checks"]`` for a one-shot command that would run the system checks, else ``[]``."""
    if name in CHECKED:
        return []
    from django.core.management import get_commands, load_command_class

    app = get_commands().get(target)
    if app is None:  # Django says the command is unknown, as it would have
        return []
    return ["--skip-checks"] if load_command_class(app, target).requires_system_checks else []


if __name__ == "__main__":
    sys.exit(main())
