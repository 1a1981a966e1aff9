"""Ranking of the units under a dashboard unit, with the score explained.

The four measures are shares (0..1) computed from the same task and target rows
the dashboard shows: timeliness = tasks neither overdue nor completed late, completion =
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
from theodoi.web.selectors.facts import DONE, LATE


@dataclass
class Ranked:
    unit: Unit
    score: Any  # domain.scoring.Score: total and explained components
    tasks: int
    targets: int


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def owns_target(unit: Unit, row: dict[str, Any]) -> bool:
    """Same rule as ``targets.of_unit``: responsible unit in the subtree, else the plan's issuer."""
    if row["responsible_path"]:
        return row["responsible_path"].startswith(unit.path)
    return bool(row["issuer_path"]) and row["issuer_path"].startswith(unit.path)


def facts_for(unit: Unit, tasks: list[dict[str, Any]], targets: list[dict[str, Any]]) -> dict[str, Any]:
    mine = [r for r in tasks if r["lead_path"].startswith(unit.path)]
    goals = [r for r in targets if owns_target(unit, r)]
    return {
        "tasks": len(mine), "targets": len(goals),
        "timeliness": _share(sum(1 for r in mine if r["status_code"] not in LATE), len(mine)),
        "completion": _share(sum(1 for r in mine if r["status_code"] in DONE), len(mine)),
        "data_quality": _share(sum(1 for r in mine if r["reported_closed"]), len(mine)),
        "target_attainment": _share(sum(1 for r in goals if r["status_code"] == "dat"), len(goals)),
    }


def rank(units: list[Unit], tasks: list[dict[str, Any]], targets: list[dict[str, Any]]) -> list[Ranked]:
    ranked = []
    for u in units:
        f = facts_for(u, tasks, targets)
        if not f["tasks"] and not f["targets"]:
            continue
        score = scoring.score_unit(scoring.UnitFacts(
            timeliness=f["timeliness"], completion=f["completion"],
            data_quality=f["data_quality"], target_attainment=f["target_attainment"],
        ))
        ranked.append(Ranked(u, score, f["tasks"], f["targets"]))
    ranked.sort(key=order_key)
    return ranked


def order_key(r: Ranked) -> tuple[float, Any]:
    """The ranking's order: the highest score first, then by name."""
    return (-(r.score.total or 0), vi_sort_key(r.unit.name))
