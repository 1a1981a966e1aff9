"""Ranking of the units under a dashboard unit, with the score explained.

The four measures are shares (0..1) of counts (``domain.scoring.Counts``) made from the same task and
target rows the dashboard shows: timeliness = tasks neither overdue nor completed late, completion =
tasks completed (on time or late), data quality = tasks with an update sent for the last
closed month, target attainment = targets met; ``domain.scoring.score_unit`` weighs them and explains the
components. Nothing here chooses weights.
"""

from __future__ import annotations

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
    """The path ``owns_target`` reads: the responsible unit's, else the plan's issuer's."""
    return str(row["responsible_path"] or row["issuer_path"])


def _lead_path(row: dict[str, Any]) -> str:
    return str(row["lead_path"])


def under(units: list[Unit], rows: list[dict[str, Any]], path_of: Any) -> dict[int, list[dict[str, Any]]]:
    """The rows whose ``path_of(row)`` is in each unit's subtree (starts with its path), by unit id,
    in one pass over the rows: each row is looked up at each of its path's ancestors (paths end with
    "/", ``Unit.save``), instead of every row being tested against every unit."""
    at: dict[str, list[int]] = {}
    for u in units:
        at.setdefault(u.path, []).append(u.pk)
    out: dict[int, list[dict[str, Any]]] = {u.pk: [] for u in units}
    for r in rows:
        path = path_of(r)
        i = path.find("/")
        while i != -1:
            for pk in at.get(path[:i + 1], ()):
                out[pk].append(r)
            i = path.find("/", i + 1)
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


def rank(units: list[Unit], tasks: list[dict[str, Any]], targets: list[dict[str, Any]]) -> list[Ranked]:
    mine, goals = tasks_under(units, tasks), targets_under(units, targets)
    ranked = [r for u in units if (r := scored(u, counts_of(mine[u.pk], goals[u.pk]))) is not None]
    ranked.sort(key=order_key)
    return ranked


def order_key(r: Ranked) -> tuple[float, Any]:
    """The ranking's order: the highest score first, then by name."""
    return (-(r.score.total or 0), vi_sort_key(r.unit.name))
