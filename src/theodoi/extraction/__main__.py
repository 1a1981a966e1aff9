"""``python -m theodoi.extraction FILE`` prints the plan JSON (exit 1 on ExtractionError)."""

from __future__ import annotations

import json
import sys

from . import ExtractionError, extract_file


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("Cách dùng: python -m theodoi.extraction TỆP", file=sys.stderr)
        return 2
    try:
        result = extract_file(args[0])
    except ExtractionError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Không đọc được tệp: {exc.strerror or exc}", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
