"""What a benchmark prints about the machine it ran on (one home for every bench/ script).

Benchmarks here are read as ratios measured side by side in one run; the hardware line says where
(CPU model, logical cores, the load average at the time, Python)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name, from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def hardware() -> str:
    """"AMD EPYC, 2 logical cores, load average 0.42, Python 3.11.7"."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu_model()}, {os.cpu_count()} logical cores, load average {load:.2f}, "
            f"Python {platform.python_version()}")
