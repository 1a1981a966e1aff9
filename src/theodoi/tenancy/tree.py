"""Tree order of units: each unit under its parent; brothers by their position, then their
kind (in the order of ``UnitKind``: the centre, ministries, provinces, communes, agencies,
offices, the Party committee, the Front, villages ...), then their Vietnamese name.

This is the one order of units: pages, choice lists, reports and ``theodoi units`` all use it.

A unit's ``path`` is made of database ids, and the text order of ids ("/1/10/" before "/1/9/")
is neither the order people expect nor the same from one database to another: ids depend on
what the database held before (PostgreSQL never hands out a sequence value twice, even after
a rollback). Whatever people read — a page's list, the rows of a report — is put in tree order
with these functions, never by ``path`` or by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from theodoi.domain.text import vi_sort_key
from theodoi.tenancy.models import Unit, UnitKind

_KIND_ORDER = {kind: i for i, kind in enumerate(UnitKind.values)}


def tree_keys(units: Iterable[Unit | None]) -> dict[int, tuple[Any, ...]]:
    """A sort key per unit (by id): for each level from the root down, (position, kind, name, id).

    The id only separates two brothers of the same position, kind and name, whose relative
    order it keeps on every engine (ids grow with creation)."""
    wanted = {u.pk: u for u in units if u is not None}
    ids = {i for u in wanted.values() for i in u.ancestor_ids()}
    info = {pk: (position, _KIND_ORDER.get(kind, len(_KIND_ORDER)), vi_sort_key(name), pk)
            for pk, position, kind, name
            in Unit.objects.filter(pk__in=ids).values_list("pk", "position", "kind", "name")} if ids else {}
    return {pk: tuple(info.get(i, (0, 0, vi_sort_key(""), i)) for i in u.ancestor_ids())
            for pk, u in wanted.items()}


def in_tree_order(units: Iterable[Unit]) -> list[Unit]:
    """The units in tree order (see the module docstring)."""
    items = list(units)
    keys = tree_keys(items)
    return sorted(items, key=lambda u: keys[u.pk])
