"""Ranking of the units under a dashboard unit, with the score explained.

The four measures are shares (0..1) computed from the same task and target rows
the dashboard shows; ``domain.scoring.score_unit`` weighs them and explains the
components. Nothing here chooses weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from theodoi.domain import scoring
from theodoi.tenancy.models import Unit


@dataclass
class Ranked:
    unit: Unit
    score: Any  # domain.scoring.Score: total and explained components
    tasks: int
    targets: int


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def facts_for(unit: Unit, tasks: list[dict[str, Any]], targets: list[dict[str, Any]]) -> dict[str, Any]:
    mine = [r for r in tasks if r["lead_path"].startswith(unit.path)]
    goals = [r for r in targets if r["responsible_path"].startswith(unit.path)]
    return {
        "tasks": len(mine), "targets": len(goals),
        "timeliness": _share(sum(1 for r in mine if not r["overdue"]), len(mine)),
        "completion": _share(sum(1 for r in mine if r["tone"] == "ok"), len(mine)),
        "data_quality": _share(sum(1 for r in mine if r["period"]), len(mine)),
        "target_attainment": _share(sum(1 for r in goals if r["tone"] == "ok"), len(goals)),
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
    ranked.sort(key=lambda r: (-(r.score.total or 0), r.unit.name))
    return ranked
