#!/usr/bin/env python3
"""Fuzz the extractor and the upload integrity check with damaged TXT, DOCX, PDF and XLSX files.

    .venv/bin/python bench/fuzz_extract.py [--cases 100000] [--jobs N] [--timeout 10] [--seed 0]

Case *k* is built from ``(seed, k)`` alone (tests/unit/extraction/mutations.py), so any
failure is reproduced with ``--only k``. Cases run in ``--jobs`` worker processes (default:
the CPU count); a case taking longer than ``--timeout`` seconds is a hang: its worker is
killed and replaced. OCR is off unless ``--ocr`` (a PDF the damage left without text
would take seconds; OCR has its own tests). Prints the count of accepted, refused, crashed and hung cases, the
time taken, the slowest case, and every crash or hang with its number; exits 1 if any.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "unit" / "extraction"


def _setup() -> None:
    for path in (str(ROOT / "src"), str(HERE)):
        if path not in sys.path:
            sys.path.insert(0, path)


def _worker(ident: int, seed: int, tasks, results, use_ocr: bool = False) -> None:
    _setup()
    import mutations

    if not use_ocr:  # a PDF the damage left without text would go to OCR (seconds a case)
        from theodoi.extraction import ocr

        ocr.available = lambda: False  # type: ignore[assignment]

    mutations.seed_files()
    results.put((ident, "ready", -1, "", 0.0))
    while True:
        number = tasks.get()
        if number is None:
            return
        data, name, kind = mutations.case(number, seed)
        t0 = time.perf_counter()
        result = mutations.outcome(data, name)
        results.put((ident, result, number, f"{name} {kind}", time.perf_counter() - t0))


class _Slot:
    """One worker process and the case it is on (None: idle or starting)."""

    def __init__(self, ctx, ident: int, seed: int, results, use_ocr: bool = False) -> None:
        self.ident = ident
        self.tasks = ctx.Queue()
        self.proc = ctx.Process(target=_worker, args=(ident, seed, self.tasks, results, use_ocr), daemon=True)
        self.proc.start()
        self.case: int | None = None
        self.started = 0.0
        self.ready = False


def run(cases: list[int], jobs: int, timeout: float, seed: int, use_ocr: bool = False) -> dict:
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    slots = {i: _Slot(ctx, i, seed, results, use_ocr) for i in range(jobs)}
    next_ident = jobs
    pending = list(reversed(cases))
    counts = {"ok": 0, "refused": 0, "crash": 0, "hang": 0}
    problems: list[str] = []
    slowest = (0.0, -1, "")
    start: float | None = None
    done = 0
    last_report = time.perf_counter()

    def feed(slot: _Slot) -> None:
        slot.case = pending.pop() if pending else None
        if slot.case is not None:
            slot.started = time.monotonic()
            slot.tasks.put(slot.case)

    while done < len(cases):
        try:
            ident, kind, number, label, value = results.get(timeout=0.5)
        except queue.Empty:
            kind = ""
        slot = slots.get(ident) if kind else None
        if slot is not None and kind == "ready":
            slot.ready = True
            if start is None:  # seed files are built before the clock starts
                start = time.perf_counter()
            feed(slot)
        elif slot is not None and slot.case == number:
            done += 1
            key = "crash" if kind.startswith("crash") else kind
            counts[key] += 1
            if key == "crash":
                problems.append(f"case {number} ({label}): {kind}")
            if value > slowest[0]:
                slowest = (value, number, label)
            feed(slot)
        now = time.monotonic()
        for ident, slot in list(slots.items()):
            if slot.case is not None and now - slot.started > timeout:
                counts["hang"] += 1
                done += 1
                problems.append(f"case {slot.case}: no answer in {timeout:g} s (hang)")
                slot.proc.kill()
                slot.proc.join()
                del slots[ident]
                slots[next_ident] = _Slot(ctx, next_ident, seed, results, use_ocr)
                next_ident += 1
            elif slot.case is None and slot.ready and not pending:
                slot.tasks.put(None)
                slot.ready = False
        if time.perf_counter() - last_report > 60 and start is not None:
            last_report = time.perf_counter()
            print(f"  … {done}/{len(cases)} cases, {done / (last_report - start):.1f}/s, {counts}", flush=True)
    for slot in slots.values():
        slot.tasks.put(None)
    for slot in slots.values():
        slot.proc.join(timeout=5)
        if slot.proc.is_alive():
            slot.proc.kill()
    return {"counts": counts, "problems": problems,
            "seconds": time.perf_counter() - (start or time.perf_counter()), "slowest": slowest}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a case counts as a hang")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", type=int, action="append", help="run only this case number (repeatable)")
    ap.add_argument("--ocr", action="store_true", help="let PDFs left without text go to OCR (slow)")
    args = ap.parse_args()
    cases = args.only or list(range(args.cases))
    jobs = max(1, min(args.jobs, len(cases)))
    print(f"fuzz: {len(cases)} cases, {jobs} process(es), {args.timeout:g} s per case, seed {args.seed}",
          flush=True)
    report = run(cases, jobs, args.timeout, args.seed, args.ocr)
    c = report["counts"]
    secs = report["seconds"]
    print(f"fuzz: {sum(c.values())} cases in {secs:.0f} s ({sum(c.values()) / max(secs, 1e-9):.1f}/s): "
          f"{c['ok']} read, {c['refused']} refused with a message, {c['crash']} crashes, {c['hang']} hangs")
    value, number, label = report["slowest"]
    print(f"fuzz: slowest case {number} ({label}) {value:.2f} s")
    for line in report["problems"][:200]:
        print("  " + line)
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
