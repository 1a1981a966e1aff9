"""Which fields of a task or a target people set by hand, so a re-import never overwrites them silently.

Every service that changes a field of a Task or a Target the document also states (deadline,
lead unit, outputs, a target's value...) calls :func:`mark_hand_set` before saving; the importer
(``planning.importing.rows``) keeps those values and, where the new document says otherwise,
asks the office which one to keep.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _name(field: str) -> str:
    return field[:-3] if field.endswith("_id") else field


def mark_hand_set(obj: Any, fields: Iterable[str]) -> None:
    """Remember that ``fields`` of ``obj`` (a Task or a Target) were set by a person.

    Changes ``obj.hand_set`` in memory only; the caller's save (inside its transaction and
    its audit record) stores it. ``lead_unit_id`` and ``lead_unit`` are the same field.
    """
    names = {_name(f) for f in fields}
    if not names:
        return
    obj.hand_set = sorted(set(obj.hand_set or []) | names)


def clear_hand_set(obj: Any, fields: Iterable[str]) -> None:
    """Forget the hand-set mark of ``fields`` (the office took the document's value again)."""
    names = {_name(f) for f in fields}
    obj.hand_set = sorted(set(obj.hand_set or []) - names)


def hand_set_fields(obj: Any) -> set[str]:
    """The field names of ``obj`` that people set by hand."""
    return set(obj.hand_set or [])


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Field names whose value differs between two ``audit.services.snapshot`` pictures."""
    return [_name(k) for k in after if k not in ("version", "hand_set") and before.get(k) != after.get(k)]
