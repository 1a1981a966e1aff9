#!/usr/bin/env python3
"""OCR of scanned plans: seconds per page and targets F1 against the plan's own text.

    .venv/bin/python bench/bench_ocr.py [--seeds 000,001,...]

Each seed plan is rendered to PDF, rasterised at 200 dpi, turned by 0.6° and sprinkled
with specks (tests/unit/extraction/builders.build_scan), then extracted (tesseract, -l vie,
one thread). Prints per seed the pages, wall seconds per page, CPU seconds per page
(this process and tesseract together) and the targets F1 of the scan against the text.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "unit" / "extraction"))

from theodoi.extraction import extract_bytes, ocr  # noqa: E402


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="000,001,002,003,004")
    args = ap.parse_args()
    if not ocr.available():
        print("tesseract with Vietnamese data is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")
        return 1
    import builders

    scorer = _load("score_extraction", ROOT / "bench" / "score_extraction.py")
    font = builders.find_font()
    if font is None:
        print("no TTF font with Vietnamese glyphs")
        return 1
    total = scorer.new_tally()
    pages_all, wall_all, cpu_all = 0, 0.0, 0.0
    print(f"{'seed':<6} {'pages':>5} {'wall s/page':>11} {'cpu s/page':>10} {'targets F1':>10}")
    for seed in args.seeds.split(","):
        plan = next(builders.SEEDS.glob(f"{seed}_*.txt"))
        scan = builders.build_scan(builders.paragraphs_of(plan), font)
        pages: list[int] = []
        wall, cpu = time.perf_counter(), _cpu()
        got = extract_bytes(scan, "scan.pdf", progress=lambda page, n, seen=pages: seen.append(n))
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        want = extract_bytes(plan.read_bytes(), plan.name)
        one = scorer.new_tally()
        for t in (one, total):
            scorer.score_doc(want, got, t)
        n = pages[0] if pages else 0
        pages_all, wall_all, cpu_all = pages_all + n, wall_all + wall, cpu_all + cpu
        print(f"{seed:<6} {n:>5} {wall / max(n, 1):>11.1f} {cpu / max(n, 1):>10.1f} {one['targets'].f1():>10.3f}",
              flush=True)
    print(f"{'all':<6} {pages_all:>5} {wall_all / max(pages_all, 1):>11.1f} {cpu_all / max(pages_all, 1):>10.1f} "
          f"{total['targets'].f1():>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
