"""Access to the tracking selectors (planning.selectors), written concurrently by another team.

Each function returns ``None`` when the tracking module is not installed yet, so a
page can say "chưa có dữ liệu" instead of failing; once installed they are used as is.
"""

from __future__ import annotations

import importlib
from typing import Any


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(f"theodoi.planning.selectors.{name}")
    except ImportError:
        return None


def obligations(user: Any, period: Any) -> list | None:
    mod = _module("obligations")
    return list(mod.obligations(user, period)) if mod else None


def warnings(user: Any, unit: Any = None) -> list | None:
    mod = _module("warnings")
    if mod is None:
        return None
    try:
        return list(mod.compute_warnings(user=user, unit=unit))
    except TypeError:
        return list(mod.compute_warnings(user))


def completeness(unit: Any, period: Any) -> Any | None:
    mod = _module("completeness")
    return mod.unit_completeness(unit, period) if mod else None


def six_clear(user: Any) -> list | None:
    mod = _module("six_clear")
    if mod is None:
        return None
    fn = getattr(mod, "six_clear", None) or getattr(mod, "incomplete_tasks", None)
    return list(fn(user)) if fn else None
