"""Formatting for warning reasons: numbers, money and dates (from ``domain``), unit labels.

``unit_label`` is the one way a unit is named wherever units are listed or named (pages, their
JSON/CSV/XLSX twins, the dashboard and its downloads, the portal, mails, warnings): a name that
could be another unit's carries its place, as documents write it ("Công an xã Bình Lư",
"Trung tâm Dịch vụ tổng hợp xã Bum Nưa", "Xã Bình Lư, huyện Tam Đường" for the commune abolished
in 2025 whose name the new commune took).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from theodoi.domain.checks import fmt_date, fmt_money, fmt_num
from theodoi.domain.text import name_key, of_area, of_place, place_name

__all__ = ["fmt_date", "fmt_money", "fmt_num", "shared_names", "unit_label"]

# Units whose name repeats in every commune ("Phòng Văn hóa - Xã hội", "Công an xã", "Bản 1"):
# always shown with their place, even where the reader sees only one of them (exports travel).
_LOCAL_KINDS = {"office", "village", "front", "digital_team", "steering", "other"}
_BODIES = {"party", "steering"}  # a body of a Party committee ("Ủy ban Kiểm tra Đảng ủy")
_AREAS = {"nation", "province", "district", "commune"}

_TTL = 300.0  # seconds; a unit saved in this process clears the cache at once (tenancy signals)
_lock = threading.Lock()
_cache: dict[str, Any] = {"at": 0.0, "day": None, "names": {}}


def shared_names() -> dict[str, int]:
    """``name_key`` → how many units existing today carry it, for every name two units share."""
    from django.db.models import Count
    from django.utils import timezone

    from theodoi.tenancy.models import Unit

    today = timezone.localdate()
    with _lock:
        if _cache["day"] == today and time.monotonic() - _cache["at"] < _TTL:
            return _cache["names"]
    rows = (Unit.objects.values("name_key").annotate(n=Count("id"))
            .filter(n__gt=1).values_list("name_key", flat=True))
    keys = list(rows)
    live = dict(Unit.objects.filter(name_key__in=keys).existing_on(today).values("name_key")
                .annotate(n=Count("id")).values_list("name_key", "n")) if keys else {}
    names = {k: live.get(k, 0) for k in keys}
    with _lock:
        _cache.update(at=time.monotonic(), day=today, names=names)
    return names


def forget_names(**_kwargs: Any) -> None:
    """Drop the cached shared names (a unit was saved or deleted)."""
    with _lock:
        _cache.update(at=0.0, day=None, names={})


def _is_active(unit: Any, day: dt.date) -> bool:
    check = getattr(unit, "is_active_on", None)
    return bool(check(day)) if check is not None else True


def unit_label(unit: Any) -> str:
    """The unit's name, with its place wherever the name alone could be another unit's.

    Qualified: the kinds every commune has (offices, villages, the Front, digital teams), a body of a
    Party committee, and any unit whose name another unit carries: while both exist, each; once one
    was abolished, the abolished one (the current unit keeps its plain name)."""
    from django.utils import timezone

    parent = unit.parent if getattr(unit, "parent_id", None) else None  # select_related where it matters
    if parent is None:
        return unit.name
    kind = str(unit.kind)
    if kind in _AREAS:
        shared = shared_names().get(name_key(unit.name))
        if shared is None or (shared <= 1 and _is_active(unit, timezone.localdate())):
            return unit.name
        return of_area(unit.name, parent.name)
    if kind in _LOCAL_KINDS or (kind in _BODIES and str(parent.kind) in _BODIES):
        if kind != "village" and place_name(parent.name) in unit.name:
            return unit.name  # "Ban Chỉ đạo … xã Bình Lư" names its place already
        return of_place(unit.name, parent.name)
    shared = shared_names().get(name_key(unit.name))
    if shared is None or (shared <= 1 and _is_active(unit, timezone.localdate())):
        return unit.name
    return of_place(unit.name, parent.name)
