"""Targets of a plan that a newly imported parent plan can take as their parent target.

A commune imports its plan before the province's: its targets have no parent target, since the
province's plan was a stub. Once that plan is imported, each of the commune's targets without a
parent is offered the parent plan's target that measures the same indicator (shared by the
importer, ``importing.indicators``), else the one whose wording names the same outcome in the
same unit of measure (``indicators.likeness``). The office confirms (``services.cascade``).
"""

from __future__ import annotations

from dataclasses import dataclass

from theodoi.planning.importing.indicators import likeness, words
from theodoi.planning.models import DocStatus, Document, Target


@dataclass(frozen=True)
class Suggestion:
    child: Target
    parent: Target
    score: float  # 1.0: the same indicator; below: how alike the wordings are
    same_indicator: bool

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def parent_documents(doc: Document) -> list[Document]:
    """The imported (not stub) documents this plan implements or cites, that have targets."""
    return list(Document.objects.filter(incoming_links__source=doc).exclude(status=DocStatus.STUB)
                .filter(targets__isnull=False).distinct().order_by("pk"))


def suggestions(doc: Document) -> list[Suggestion]:
    """For each target of ``doc`` without a parent target, the best parent target offered."""
    parents = parent_documents(doc)
    if not parents:
        return []
    candidates = list(Target.objects.filter(document__in=parents).select_related("document", "indicator")
                      .order_by("document_id", "position"))
    cand_words = {t.pk: words(t.text) for t in candidates}
    out = []
    for child in doc.targets.filter(parent__isnull=True).select_related("indicator").order_by("position"):
        best: tuple[float, bool, Target] | None = None
        mine = words(child.text)
        for p in candidates:
            same = child.indicator_id is not None and child.indicator_id == p.indicator_id
            score = 1.0 if same else (likeness(mine, cand_words[p.pk])
                                      if child.unit_of_measure.strip() == p.unit_of_measure.strip() else 0.0)
            if score and (best is None or (score, same) > (best[0], best[1])):
                best = (score, same, p)
        if best is not None:
            out.append(Suggestion(child, best[2], best[0], best[1]))
    return out
