"""Access to the public facts the demo ships (package data; no ../shared at run time)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    return Path(str(resources.files("theodoi.demo").joinpath("data", *parts)))


def read_csv(*parts: str) -> list[dict[str, str]]:
    with data_path(*parts).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def seed_files() -> list[Path]:
    return sorted(data_path("seeds").glob("*.txt"))
