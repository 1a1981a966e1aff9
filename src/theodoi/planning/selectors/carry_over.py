"""The open tasks of a plan that this plan replaces, offered to it ("Kế hoạch này thay thế Kế hoạch số …").

When a plan replaces another (a ``replaces`` link, ``importing.service``), the replaced plan is
closed; its tasks that are not finished (not completed, not stopped, not yet taken over) are
offered to the new plan. Each is matched to the new plan's task whose title names the same work
(the pairs of neighbouring syllables, numbers and filler words aside: ``importing.indicators.words``):

* a match — the office links the old task to it: the new task continues it and its page shows
  the old task's history (updates, figures, audit), which stays where it was written;
* no match — the office carries it over as a new task of the new plan, or closes it.

The office confirms (``services.carry_over``); nothing moves by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from theodoi.domain.status import TaskStatus
from theodoi.planning.importing.indicators import words
from theodoi.planning.models import DocStatus, Document, LinkKind, RunState, Task
from theodoi.planning.selectors.status import TaskRow, task_rows

CONTAINED, SHARED = 0.6, 0.35  # a match: most syllable pairs of the shorter title, a third of both
DONE = (TaskStatus.DONE_ON_TIME.value, TaskStatus.DONE_LATE.value)


@dataclass(frozen=True)
class Offer:
    task: Task  # the open task of the replaced plan
    row: TaskRow  # its status today
    match: Task | None  # the new plan's task naming the same work
    score: float  # how alike the titles are (0 when no match)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def replaced_plans(doc: Document) -> list[Document]:
    """The plans in the system that ``doc`` replaces."""
    return list(Document.objects.filter(incoming_links__source=doc, incoming_links__kind=LinkKind.REPLACES)
                .exclude(status=DocStatus.STUB).exclude(pk=doc.pk).distinct().order_by("pk"))


def score(a: frozenset, b: frozenset) -> float:
    """0..1: how surely two task titles name the same work (0 below the thresholds)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    contained, shared = common / min(len(a), len(b)), common / len(a | b)
    return round(contained, 3) if contained >= CONTAINED and shared >= SHARED else 0.0


def open_tasks(old: Document, today: dt.date) -> list[tuple[Task, TaskRow]]:
    """The tasks of ``old`` still to be done: not a group heading, running, not completed, not taken over."""
    tasks = list(Task.objects.filter(document=old, children__isnull=True, run_state=RunState.ACTIVE,
                                     continued_by__isnull=True)
                 .select_related("document", "lead_unit").order_by("position", "pk"))
    return [(r.task, r) for r in task_rows(tasks, today) if r.code not in DONE]


def offers(doc: Document, today: dt.date) -> list[Offer]:
    """Each open task of the plans ``doc`` replaces, with the task of ``doc`` it matches best."""
    olds = replaced_plans(doc)
    if not olds:
        return []
    mine = list(doc.tasks.filter(children__isnull=True).order_by("position", "pk"))
    mine_words = {t.pk: words(f"{t.title} {t.outputs}") for t in mine}
    out = []
    for old in olds:
        for task, row in open_tasks(old, today):
            theirs = words(f"{task.title} {task.outputs}")
            best: tuple[float, Task] | None = None
            for t in mine:
                s = score(theirs, mine_words[t.pk])
                if s and (best is None or s > best[0]):
                    best = (s, t)
            out.append(Offer(task, row, best[1] if best else None, best[0] if best else 0.0))
    return out
