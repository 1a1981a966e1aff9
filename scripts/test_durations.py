#!/usr/bin/env python3
"""Write tests/durations.json, the seconds each test module took, from pytest JUnit XML reports.

    .venv/bin/pytest -n auto --dist loadfile --junitxml=/tmp/sqlite.xml     # a measured run
    .venv/bin/python scripts/test_durations.py /tmp/sqlite.xml [more.xml ...]

A module's figure is the sum of its tests' times (set-up, call and tear-down, as JUnit XML counts
them); with several reports (SQLite and PostgreSQL runs) the larger figure is kept. ``make test``
hands the longest modules to its processes first (tests/xdist_order.py); the figures only set that
order, so a stale file costs some minutes at worst, never a test.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "durations.json"


def module_of(classname: str) -> str | None:
    """``tests.web.test_x.TestY`` → ``tests/web/test_x.py`` (the longest prefix that is a file)."""
    parts = classname.split(".")
    for end in range(len(parts), 0, -1):
        path = Path(*parts[:end]).with_suffix(".py")
        if (ROOT / path).is_file():
            return path.as_posix()
    return None


def main(reports: list[str]) -> int:
    if not reports:
        print(__doc__)
        return 2
    kept: dict[str, float] = {}
    for report in reports:
        sums: Counter[str] = Counter()
        for case in ET.parse(report).iter("testcase"):
            module = module_of(case.get("classname", ""))
            if module:
                sums[module] += float(case.get("time") or 0)
        for module, seconds in sums.items():
            kept[module] = max(kept.get(module, 0.0), seconds)
    figures = {m: round(s, 1) for m, s in sorted(kept.items(), key=lambda kv: (-kv[1], kv[0])) if s >= 0.5}
    OUT.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(figures)} modules, {sum(figures.values()):.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
