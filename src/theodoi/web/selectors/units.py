"""Units the user may read, with what they lead and who works there."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from theodoi.tenancy.models import Membership, Unit
from theodoi.tenancy.permissions import restrict
from theodoi.web.selectors.search import search


def units(user: Any, *, q: str = "", kind: str = "", under: Unit | None = None) -> QuerySet[Unit]:
    qs = restrict(Unit.objects.all(), user, "view").select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if under is not None:
        qs = qs.filter(path__startswith=under.path)
    qs = search(qs, q, ("name", "short_name", "slug"))
    return qs.annotate(n_tasks=Count("led_tasks", distinct=True)).order_by("path")


def unit_rows(qs: QuerySet[Unit]) -> list[dict[str, Any]]:
    return [
        {
            "name": u.name, "kind": u.get_kind_display(), "parent": u.parent.name if u.parent else "",
            "tasks": u.n_tasks,  # type: ignore[attr-defined]  # annotated by the caller's queryset "slug": u.slug, "active": u.valid_to is None,
            "depth": u.depth, "_url": f"/units/{u.slug}/",
        }
        for u in qs
    ]


def people(user: Any, unit: Unit) -> list[Membership]:
    """Members of the unit, shown only to those who may read the unit (checked by the caller)."""
    return list(Membership.objects.filter(unit=unit).select_related("user").order_by("role", "user__username"))
