"""Units the user may read, with what they lead and who works there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from theodoi.domain.text import vi_sort_key
from theodoi.planning.selectors.texts import unit_label
from theodoi.tenancy.models import Membership, Unit
from theodoi.tenancy.permissions import restrict
from theodoi.tenancy.tree import in_tree_order
from theodoi.web.selectors.search import search


def units(user: Any, *, q: str = "", kind: str = "", under: Unit | None = None, day: dt.date | None = None,
          ended: bool = False) -> QuerySet[Unit]:
    """Readable units; those that ceased to exist before ``day`` only when ``ended`` is asked."""
    base = Unit.objects.all() if ended or day is None else Unit.objects.existing_on(day)
    qs = restrict(base, user, "view").select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if under is not None:
        qs = qs.filter(path__startswith=under.path)
    qs = search(qs, q, ("name", "short_name", "slug"))
    return qs.annotate(n_tasks=Count("led_tasks", distinct=True)).order_by("path")


def unit_of_slug(slug: str | None) -> Unit | None:
    """The unit a list filter names (``?lead=``, ``?unit=``); None when blank or unknown (the
    filter form has already checked it against the reader's choices)."""
    return Unit.objects.filter(slug=slug).first() if slug else None


def unit_rows(qs: QuerySet[Unit], day: dt.date | None = None) -> list[dict[str, Any]]:
    return [
        {
            "name": unit_label(u), "kind": u.get_kind_display(), "parent": unit_label(u.parent) if u.parent else "",
            "tasks": u.n_tasks,  # type: ignore[attr-defined]  # annotated by the caller's queryset
            "slug": u.slug, "active": u.is_active_on(day) if day else u.valid_to is None,
            "depth": u.depth, "_url": u.get_absolute_url(),
        }
        for u in in_tree_order(list(qs))
    ]


def people(user: Any, unit: Unit) -> list[Membership]:
    """Members of the unit, shown only to those who may read the unit (checked by the caller)."""
    rows = Membership.objects.filter(unit=unit).select_related("user")
    return sorted(rows, key=lambda m: (m.role, vi_sort_key(str(m.user))))
