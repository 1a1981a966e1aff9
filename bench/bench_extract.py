#!/usr/bin/env python3
"""Benchmark the plan extractor: documents per second for TXT, DOCX and PDF
versions of the seed plans, the hardware, and the gold-score summary line.

    .venv/bin/python bench/bench_extract.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from machine import cpu_model  # noqa: E402

from theodoi.extraction import extract_bytes  # noqa: E402


def _builders():
    spec = importlib.util.spec_from_file_location(
        "builders", ROOT / "tests" / "unit" / "extraction" / "builders.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def bench(files: list[Path], seconds: float) -> tuple[float, float, int]:
    """(docs per second, mean KB per doc, documents extracted) over ``seconds``."""
    blobs = [(p.read_bytes(), p.name) for p in files]
    done, start = 0, time.perf_counter()
    while True:
        for data, name in blobs:
            extract_bytes(data, name)
            done += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    size = sum(len(d) for d, _ in blobs) / len(blobs) / 1024
    return done / elapsed, size, done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    b = _builders()
    seeds = sorted(b.SEEDS.glob("*.txt"))
    font = b.find_font()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        docx_files, pdf_files = [], []
        for path in seeds:
            paras = b.paragraphs_of(path)
            d = tmpdir / f"{path.stem}.docx"
            d.write_bytes(b.build_docx(paras))
            docx_files.append(d)
            if font is not None:
                p = tmpdir / f"{path.stem}.pdf"
                p.write_bytes(b.build_pdf(paras, font))
                pdf_files.append(p)
        print(f"platform: {platform.platform()}; python {platform.python_version()}")
        print(f"cpu: {cpu_model()}; cores: {os.cpu_count()}; one process, one core")
        print(f"{'format':<6} {'docs/s':>8} {'ms/doc':>8} {'KB/doc':>8} {'docs':>6}")
        for label, files in (("txt", seeds), ("docx", docx_files), ("pdf", pdf_files)):
            if not files:
                print(f"{label:<6} {'skipped (no Vietnamese TTF font)':>30}")
                continue
            rate, size, n = bench(files, args.seconds)
            print(f"{label:<6} {rate:>8.1f} {1000 / rate:>8.1f} {size:>8.1f} {n:>6}")
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "score_extraction.py"), "--gold",
         str(ROOT / "tests" / "data" / "gold"), "--docs", str(b.SEEDS), "--cmd",
         f"{sys.executable} -m theodoi.extraction {{file}}"],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    print("score: " + (run.stdout.strip().splitlines() or ["(no output)"])[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
