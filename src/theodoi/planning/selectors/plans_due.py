"""Plans owed by lower units, as the plan page shows them: who, by when, and where it stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from theodoi.planning.models import Document, PlanDue
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict

STATES = {"done": _("Đã có kế hoạch"), "late": _("Quá hạn"), "open": _("Chưa đến hạn"),
          "unnamed": _("Chưa xác định đơn vị")}
TONES = {"done": "ok", "late": "bad", "open": "info", "unnamed": "warn"}


@dataclass
class DueRow:
    due: PlanDue
    state: str

    @property
    def label(self) -> str:
        return str(STATES[self.state])

    @property
    def tone(self) -> str:
        return TONES[self.state]


def state_of(due: PlanDue, today: dt.date) -> str:
    if due.fulfilled_by_id is not None:
        return "done"
    if due.due_date is not None and due.due_date < today:
        return "late"
    return "open" if due.unit_id is not None else "unnamed"


def plan_dues(user: Any, document: Document, today: dt.date) -> list[DueRow]:
    """The dues of ``document`` the user may read, each with its state on ``today``."""
    qs = restrict(PlanDue.objects.filter(document=document), user, "view").select_related(
        "unit", "unit__parent", "fulfilled_by").order_by("due_date", "pk")
    return [DueRow(d, state_of(d, today)) for d in qs]


def owing_candidates(document: Document) -> QuerySet[Unit]:
    """The units a plan may ask for a plan of their own: its issuer's area (``child_plans.area_of``)
    but the issuer itself and villages, in tree order; none for a plan without an issuer."""
    from theodoi.planning.services.child_plans import area_of

    issuer = document.issuer
    if issuer is None:
        return Unit.objects.none()
    return (Unit.objects.filter(path__startswith=area_of(issuer).path)
            .exclude(pk=issuer.pk).exclude(kind="village").order_by("path"))


def open_dues(document: Document) -> QuerySet[PlanDue]:
    """The plan's dues not yet fulfilled by a plan (the ones its page lets the office edit)."""
    return document.plans_due.filter(fulfilled_by__isnull=True)


def due_of(document: Document, pk: int) -> PlanDue | None:
    """One due of the plan by id, None when the plan has no such due."""
    return PlanDue.objects.filter(pk=pk, document=document).first()
