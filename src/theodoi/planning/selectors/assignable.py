"""Who a plan's tasks and targets may be given to: the one home of "a unit of the plan's tree".

A plan assigns its work inside the tree of the unit that issued it (a commune's plan to the
commune, its offices and its villages; a province's plan to its agencies and communes), to
units that still exist. People are the members of those units. Forms take their choices
from here and the editing services check against the same sets.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from theodoi.planning.models import Document, Target
from theodoi.tenancy.models import Unit, User


def plan_units(doc: Document) -> QuerySet[Unit]:
    """Units a plan's tasks and targets may name: the issuer's subtree, existing today, in tree order."""
    if doc.issuer_id is None or doc.issuer is None:
        return Unit.objects.none()
    return (Unit.objects.subtree_of(doc.issuer).existing_on(timezone.localdate())
            .select_related("parent").order_by("path"))


def plan_people(doc: Document) -> QuerySet[User]:
    """People who may be named responsible for a task of the plan: members of its units."""
    units = plan_units(doc)
    return (User.objects.filter(is_active=True, memberships__unit__in=units).distinct()
            .order_by("full_name", "username"))


def plan_targets(doc: Document) -> QuerySet[Target]:
    """Targets a task of the plan may serve: the plan's own targets."""
    return Target.objects.filter(document=doc).order_by("position", "id")
