"""Per-person results in a unit: the tasks a person is responsible for, the figures they sent,
and a score explained the same way as the unit score (``domain.scoring.score_unit``).

The four shares are those of the unit ranking (``web.selectors.ranking``), over the person's
own tasks, counted by the ranking's one rule (``ranking.counts_of``): timeliness (not overdue,
not completed late), completion, data quality (an update sent for the closed month) and target
attainment (the targets their tasks serve, met).
Read from the dashboard's rows, which are already restricted to what the reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from theodoi.domain import scoring
from theodoi.domain.periods import Period
from theodoi.domain.text import vi_sort_key
from theodoi.planning.models import Measurement, ReviewState, Task
from theodoi.tenancy.models import Unit, User
from theodoi.web.selectors import ranking


@dataclass
class PersonScore:
    person: Any  # User
    name: str
    tasks: list[dict[str, Any]]
    figures: int  # figures sent (submitted or approved) for the period
    score: Any  # domain.scoring.Score

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.tasks if r["overdue"])


def person_scores(unit: Unit, tasks: list[dict[str, Any]], targets: list[dict[str, Any]],
                  period: Period) -> list[PersonScore]:
    """One row per person with tasks or figures in ``unit``'s subtree, best score first (four queries)."""
    by_uid = {r["uid"]: r for r in tasks}
    assigned: dict[int, list[dict[str, Any]]] = {}
    leaf = Task.objects.filter(lead_unit__path__startswith=unit.path, children__isnull=True,
                               responsible_person__isnull=False)
    task_of: dict[int, str] = {}
    for pk, uid, person_id in leaf.values_list("pk", "uid", "responsible_person_id"):
        if str(uid) in by_uid:
            assigned.setdefault(person_id, []).append(by_uid[str(uid)])
            task_of[pk] = str(uid)
    target_row = {r["uid"]: r for r in targets}
    served: dict[str, set[str]] = {}
    for task_id, target_uid in Task.targets.through.objects.filter(task_id__in=list(task_of)).values_list(
            "task_id", "target__uid"):
        if str(target_uid) in target_row:
            served.setdefault(task_of[task_id], set()).add(str(target_uid))
    figures: dict[int, int] = {}
    sent = (Measurement.objects.filter(unit__path__startswith=unit.path, submitted_by__isnull=False,
                                       state__in=(ReviewState.SUBMITTED, ReviewState.APPROVED),
                                       period_end__gte=period.start, period_end__lte=period.end)
            .values_list("submitted_by_id", flat=True))
    for sender in sent:
        figures[sender] = figures.get(sender, 0) + 1
    people = User.objects.in_bulk(set(assigned) | set(figures))
    out = []
    for pk, person in people.items():
        mine = assigned.get(pk, [])
        goals = {g for r in mine for g in served.get(r["uid"], ())}
        counted = ranking.counts_of(mine, [target_row[g] for g in goals])  # the unit ranking's rule
        score = scoring.score_unit(counted.facts())
        out.append(PersonScore(person, str(person), mine, figures.get(pk, 0), score))
    out.sort(key=lambda p: (-(p.score.total or 0), vi_sort_key(p.name)))
    return out
