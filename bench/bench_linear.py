#!/usr/bin/env python3
"""The extractor's time grows linearly with the text: seconds for TXT inputs of 0.75, 1.5 and
3 MB, of four shapes, and the seconds per MB at each size (a constant figure is linear time).

    .venv/bin/python bench/bench_linear.py [--sizes 0.75,1.5,3]

Shapes: the seed plans one after the other (a long plan with appendices); one paragraph without
a full stop (lines joined without end); many very short lines; upper-case lines (headings
wrapped by layout). CPU seconds are printed beside wall seconds, as the machine may be shared.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from theodoi.extraction import ExtractionError, extract_bytes  # noqa: E402

SEEDS = ROOT / "src" / "theodoi" / "demo" / "data" / "seeds"


def shapes(size: int) -> dict[str, bytes]:
    plans = b"\n".join(p.read_bytes() for p in sorted(SEEDS.glob("*.txt")))
    head = plans[:plans.index(b"\n", 4000)]
    return {
        "plans": (plans * (size // len(plans) + 1))[:size],
        "one paragraph": head + "\nvà các nhiệm vụ của ".encode() * (size // 26),
        "short lines": head + b"\n" + "a\nvà\n".encode() * (size // 7),
        "upper-case lines": head + b"\n" + "ĐỘNG LỰC\n".encode() * (size // 12),
    }


def timed(data: bytes) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    with contextlib.suppress(ExtractionError):  # "not a plan" is an answer too: its time counts
        extract_bytes(data, "big.txt")
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0.75,1.5,3", help="sizes in MB, comma-separated")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    env = "THEODOI_MAX_UPLOAD_BYTES"
    import os

    os.environ[env] = str(int(max(sizes) * 1024 * 1024 * 2))  # above the upload limit on purpose
    print(f"{'shape':<18} {'MB':>5} {'wall s':>7} {'cpu s':>6} {'cpu s/MB':>9}")
    for name in shapes(1000):
        for mb in sizes:
            data = shapes(int(mb * 1024 * 1024))[name]
            wall, cpu = timed(data)
            size = len(data) / 1024 / 1024
            print(f"{name:<18} {size:>5.2f} {wall:>7.2f} {cpu:>6.2f} {cpu / size:>9.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
