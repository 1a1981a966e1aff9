"""The filtered lists the REST API (v1) reads: every list through ``restrict``, filters parsed
here, so the handlers only parse the request, call one of these and serialise.

``under``: the subtree of the unit a slug names (an unknown slug gives nothing); ``of_uid``: the
rows of the parent object a uid names (a malformed uid gives nothing).
"""

from __future__ import annotations

import functools
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from theodoi.planning.models import Document, Measurement, ProgressUpdate, Target, Task
from theodoi.storage import written
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict


def under(qs: QuerySet[Any], field: str, slug: str | None) -> QuerySet[Any]:
    """Rows whose ``field`` path lies in the subtree of the unit named ``slug`` (all rows without a slug)."""
    if not slug:
        return qs
    root = Unit.objects.filter(slug=slug).first()
    return qs.filter(**{f"{field}__startswith": root.path}) if root else qs.none()


def of_uid(qs: QuerySet[Any], field: str, uid: str | None) -> QuerySet[Any]:
    """Rows whose ``field`` object has ``uid`` (all rows without one)."""
    if not uid:
        return qs
    try:
        return qs.filter(**{f"{field}__uid": UUID(uid)})
    except ValueError:
        return qs.none()


def _where(qs: QuerySet[Any], **equal: Any) -> QuerySet[Any]:
    """``qs`` filtered on the given fields that have a value (a blank filter is no filter)."""
    return qs.filter(**{k: v for k, v in equal.items() if v})


def unit_qs() -> QuerySet[Unit]:
    return Unit.objects.select_related("parent")


def plan_qs() -> QuerySet[Document]:
    return Document.objects.select_related("issuer")


def target_qs() -> QuerySet[Target]:
    return Target.objects.select_related("document", "responsible_unit").prefetch_related("reporting_units")


def task_qs(prefetch: bool = True) -> QuerySet[Task]:
    """Tasks with their plan and units (``prefetch``: with their coordinating units too)."""
    qs = Task.objects.select_related("document", "lead_unit", "receiving_unit")
    return qs.prefetch_related("coordinating_units") if prefetch else qs


def reported_task_qs() -> QuerySet[Task]:
    """Tasks as a write of their progress reads them: the plan (without its whole text) and its issuer,
    the lead unit (what the permission, the service, its audit record and the answer read)."""
    from theodoi.planning.selectors.status import PLAN_TEXT

    return Task.objects.select_related("document__issuer", "lead_unit").defer(*PLAN_TEXT)


def reported_task(uid: UUID) -> Task | None:
    """The task of this uid as :func:`reported_task_qs` reads it (the plan without its text, the plan's
    issuer, the lead unit), in one written-out statement (``storage.written``: a sent update's first
    read, which the ORM built in 2 ms of CPU); None when no task has it. The same objects as
    ``reported_task_qs().get(uid=uid)`` (tests/api/test_written_auth.py compares them)."""
    found = _reported_task_select().rows([written.prep(Task, "uid", uid)])
    if not found:
        return None
    task, plan, issuer, lead = found[0]
    written.cache_related(plan, "issuer", issuer)
    written.cache_related(task, "document", plan)
    written.cache_related(task, "lead_unit", lead)
    return task


@functools.cache
def _reported_task_select() -> written.Select:
    from theodoi.planning.selectors.status import PLAN_TEXT

    tf, uf = written.fields_of(Task), written.fields_of(Unit)
    df = written.fields_of(Document, [f.removeprefix("document__") for f in PLAN_TEXT])
    t, d, u = written.table(Task), written.table(Document), written.table(Unit)
    unit_pk = written.column(Unit, "id")
    sql = (f"SELECT {written.select_list('t', tf)}, {written.select_list('d', df)}, {written.select_list('i', uf)}, "
           f"{written.select_list('l', uf)} FROM {t} t "
           f"JOIN {d} d ON d.{written.column(Document, 'id')} = t.{written.column(Task, 'document')} "
           f"LEFT JOIN {u} i ON i.{unit_pk} = d.{written.column(Document, 'issuer')} "
           f"LEFT JOIN {u} l ON l.{unit_pk} = t.{written.column(Task, 'lead_unit')} "
           f"WHERE t.{written.column(Task, 'uid')} = %s")
    return written.Select(sql, [(Task, tf), (Document, df), (Unit, uf), (Unit, uf)])


def update_qs() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.select_related("task", "unit")


def figure_qs() -> QuerySet[Measurement]:
    return Measurement.objects.select_related("target", "unit")


def units(user: Any, *, kind: str | None = None, within: str | None = None) -> QuerySet[Unit]:
    qs = _where(restrict(unit_qs(), user, "view"), kind=kind)
    return under(qs, "path", within).order_by("path")


def plans(user: Any, *, status: str | None = None, issuer: str | None = None) -> QuerySet[Document]:
    qs = _where(restrict(Document.objects.plans().select_related("issuer"), user, "view"), status=status)
    return under(qs, "issuer__path", issuer).order_by("-issued_date", "id")


def targets(user: Any, *, plan: str | None = None) -> QuerySet[Target]:
    return of_uid(restrict(target_qs(), user, "view"), "document", plan).order_by("document_id", "position", "id")


def tasks(user: Any, *, plan: str | None = None, lead: str | None = None) -> QuerySet[Task]:
    qs = under(restrict(task_qs(), user, "view"), "lead_unit__path", lead)
    return of_uid(qs, "document", plan).order_by("document_id", "position", "id")


def updates(user: Any, *, task: str | None = None, period: str | None = None,
            state: str | None = None) -> QuerySet[ProgressUpdate]:
    qs = _where(restrict(update_qs(), user, "view"), period_key=period, state=state)
    return of_uid(qs, "task", task).order_by("-period_end", "id")


def figures(user: Any, *, target: str | None = None, period: str | None = None,
            state: str | None = None) -> QuerySet[Measurement]:
    qs = _where(restrict(figure_qs(), user, "view"), period_key=period, state=state)
    return of_uid(qs, "target", target).order_by("-period_end", "id")


def stage_qs() -> QuerySet[Any]:
    from theodoi.planning.models import TaskStage

    return TaskStage.objects.select_related("task")


def units_named(slugs: list[str]) -> tuple[list[Unit], list[str]]:
    """The units named by these slugs, in their order, and the slugs no unit has."""
    found = {u.slug: u for u in Unit.objects.filter(slug__in=slugs)}
    return [found[x] for x in slugs if x in found], [x for x in slugs if x not in found]


def person_named(username: str) -> Any:
    """The account with this user name, or None."""
    from theodoi.tenancy.models import User

    return User.objects.filter(username=username).first()
