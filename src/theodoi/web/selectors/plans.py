"""Plans (documents that carry targets or tasks) and their place in the cascade."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from theodoi.planning.models import Document, DocumentLink
from theodoi.planning.selectors.history import end_label, plan_ends
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict
from theodoi.web.selectors.search import search


def plan_queryset(user: Any) -> QuerySet[Document]:
    return restrict(Document.objects.plans(), user, "view")


def plans(user: Any, *, q: str = "", issuer: Unit | None = None, status: str = "") -> QuerySet[Document]:
    """Readable plans with task and target counts, newest first, filtered and searched."""
    qs = plan_queryset(user).select_related("issuer", "issuer__parent")
    if issuer is not None:
        qs = qs.filter(issuer__path__startswith=issuer.path)
    if status:
        qs = qs.filter(status=status)
    qs = search(qs, q, ("number", "title", "issuer_name", "issuer__name"))
    return qs.annotate(
        n_tasks=Count("tasks", distinct=True), n_targets=Count("targets", distinct=True)
    ).order_by("-issued_date", "number")


def plan_rows(docs: QuerySet[Document], today: dt.date) -> list[dict[str, Any]]:
    """List rows; a plan whose issuer has ceased to exist reads "Đã kết thúc, đã bàn giao" (or "chưa")."""
    docs_ = list(docs)
    ended = plan_ends(docs_, today)
    return [
        {
            "number": d.number, "title": d.title, "issuer": unit_label(d.issuer) if d.issuer else d.issuer_name,
            "issued_date": d.issued_date,
            "status": end_label(ended[d.pk]) if d.pk in ended else d.get_status_display(),
            "status_code": "handed_over" if d.pk in ended else d.status,
            # n_tasks, n_targets: annotated by the caller's queryset
            "tasks": d.n_tasks, "targets": d.n_targets,  # type: ignore[attr-defined]
            "uid": str(d.uid),
            "_url": d.get_absolute_url(),
        }
        for d in docs_
    ]


@dataclass
class Cascade:
    """Documents this plan implements (up) and those implementing it (down), readable ones only."""

    parents: list[DocumentLink]
    children: list[DocumentLink]
    hidden_children: int


def cascade(user: Any, doc: Document) -> Cascade:
    readable = plan_queryset(user).values("pk")
    readable_all = restrict(Document.objects.all(), user, "view").values("pk")
    parents = list(
        doc.outgoing_links.filter(target__in=readable_all).select_related("target", "target__issuer")
    )
    children_qs = doc.incoming_links.select_related("source", "source__issuer")
    children = list(children_qs.filter(source__in=readable))
    return Cascade(parents, children, children_qs.count() - len(children))


def plan_units(doc: Document) -> QuerySet[Unit]:
    """Units that lead tasks of the plan."""
    return Unit.objects.filter(Q(led_tasks__document=doc)).distinct()
