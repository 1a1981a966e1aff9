"""Ranking of the units under a dashboard unit, with the score explained.

The four measures are shares (0..1) of counts (``domain.scoring.Counts``) made from the same task and
target rows the dashboard shows: timeliness = tasks neither overdue nor completed late, completion =
tasks completed (on time or late), data quality = tasks with an update sent for the last
closed month, target attainment = targets met; ``domain.scoring.score_unit`` weighs them and explains the
components. Nothing here chooses weights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from theodoi.domain import scoring
from theodoi.domain.text import vi_sort_key
from theodoi.tenancy.models import Unit


@dataclass
class Ranked:
    unit: Unit
    score: Any  # domain.scoring.Score: total and explained components
    tasks: int
    targets: int


def owns_target(unit: Unit, row: dict[str, Any]) -> bool:
    """Same rule as ``targets.of_unit``: responsible unit in the subtree, else the plan's issuer."""
    path = _owner_path(row)
    return bool(path) and path.startswith(unit.path)


def _owner_path(row: dict[str, Any]) -> str:
    return owner_path(row["responsible_path"], row["issuer_path"])


def owner_path(responsible_path: str | None, issuer_path: str | None) -> str:
    """The path ``owns_target`` reads: the responsible unit's, else the plan's issuer's."""
    return str(responsible_path or issuer_path)


def _lead_path(row: dict[str, Any]) -> str:
    return str(row["lead_path"])


def owners(units: list[Unit], paths: Iterable[str]) -> list[tuple[int, ...]]:
    """For each of ``paths``, the ids of ``units`` whose subtree holds it (the path starts with the
    unit's): each path is looked up at each of its ancestors (paths end with "/", ``Unit.save``),
    instead of being tested against every unit. A caller counting the same rows on several days (the
    dashboard's trend) finds their units once."""
    at: dict[str, list[int]] = {}
    for u in units:
        at.setdefault(u.path, []).append(u.pk)
    out = []
    seen: dict[str, tuple[int, ...]] = {}  # many rows share a unit: each path looked up once
    for path in paths:
        hit = seen.get(path)
        if hit is None:
            found: list[int] = []
            i = path.find("/")
            while i != -1:
                found += at.get(path[:i + 1], ())
                i = path.find("/", i + 1)
            hit = seen[path] = tuple(found)
        out.append(hit)
    return out


def under(units: list[Unit], rows: list[dict[str, Any]], path_of: Any) -> dict[int, list[dict[str, Any]]]:
    """The rows whose ``path_of(row)`` is in each unit's subtree (``owners``), by unit id, in one pass."""
    out: dict[int, list[dict[str, Any]]] = {u.pk: [] for u in units}
    for r, pks in zip(rows, owners(units, (path_of(r) for r in rows)), strict=True):
        for pk in pks:
            out[pk].append(r)
    return out


def tasks_under(units: list[Unit], rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Each unit's task rows: those led inside its subtree."""
    return under(units, rows, _lead_path)


def targets_under(units: list[Unit], rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Each unit's target rows (``owns_target``)."""
    return under(units, rows, _owner_path)


def counts_of(mine: list[dict[str, Any]], goals: list[dict[str, Any]]) -> scoring.Counts:
    """A unit's counts (``domain.scoring.Counts``) from its task rows and target rows."""
    counts = scoring.Counts()
    for r in mine:
        counts.add_task(r["status_code"], r["reported_closed"], r.get("overdue", False))
    for r in goals:
        counts.add_target(r["status_code"])
    return counts


def scored(unit: Unit, counts: scoring.Counts) -> Ranked | None:
    """The unit ranked by the score of its counts; None when it has no task and no target."""
    if not counts.tasks and not counts.targets:
        return None
    return Ranked(unit, scoring.score_unit(counts.facts()), counts.tasks, counts.targets)


def counts_by_unit(units: list[Unit], tasks: Iterable[tuple[tuple[int, ...], str, bool, bool]],
                   targets: Iterable[tuple[tuple[int, ...], str]]) -> dict[int, scoring.Counts]:
    """``counts_of`` each unit's rows, from the rows' owners (``owners``) and what is counted of them:
    (owners, status code, reported for the closed month, overdue) of each task, (owners, status code)
    of each target; no row dict built (the trend counts every task and target on six days)."""
    out = {u.pk: scoring.Counts() for u in units}
    for pks, code, reported, overdue in tasks:
        for pk in pks:
            out[pk].add_task(code, reported, overdue)
    for pks, code in targets:
        for pk in pks:
            out[pk].add_target(code)
    return out


def rank(units: list[Unit], tasks: list[dict[str, Any]], targets: list[dict[str, Any]]) -> list[Ranked]:
    mine, goals = tasks_under(units, tasks), targets_under(units, targets)
    ranked = [r for u in units if (r := scored(u, counts_of(mine[u.pk], goals[u.pk]))) is not None]
    ranked.sort(key=order_key)
    return ranked


def order_key(r: Ranked) -> tuple[float, Any]:
    """The ranking's order: the highest score first, then by name."""
    return (-(r.score.total or 0), vi_sort_key(r.unit.name))
