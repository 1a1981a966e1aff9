"""The one place that decides who may see and change what.

Views, API handlers, commands and jobs never test roles themselves: they call
:func:`restrict` to narrow a queryset and :func:`can` to check one object.

The rules (docs/permissions.md has the matrix):

* **view** — a member of unit U (any role) reads U's subtree, and the plans issued
  by U's ancestors (the plans U implements), with their targets and tasks. Figures
  and updates are read inside the subtree, and by the issuer of the plan they
  belong to. Nobody reads another province's data; the national layer
  (documents issued above every province) is readable by everyone signed in.
* **report** — an officer, leader or administrator of unit U writes the progress
  updates of tasks U leads and the figures of U; an administrator (standing
  office) of U also writes for U's subtree.
* **approve** — a leader of U approves or returns U's own updates and figures.
* **manage** — an administrator of U edits plans issued within U's subtree
  (import, assign, correct targets and tasks, answer feedback).
* **direct** — a leader of U pauses, stops or resumes the tasks of plans issued within
  U's subtree (the chairman of a commune decides to stop an ineffective task of the
  commune's plan; the leader of the office that leads it does not).
* Lifecycle stages (TaskStage) follow their task, evidence files their update, figure
  or stage, the plans owed by lower units (PlanDue) their plan, for every action.
* **The national level** — a reader (``Role.READER``) of a unit of the national layer (a
  ministry such as Bộ KH&CN, the central steering committee, the country itself) reads
  every province, as a province's reader reads its communes: the national roll-up.
* Superusers may do everything.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, Literal

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from theodoi.storage import written
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind

Action = Literal["view", "report", "approve", "manage", "direct"]
ACTIONS: tuple[Action, ...] = ("view", "report", "approve", "manage", "direct")

# Roles that grant each action, and whether the grant covers the subtree.
_GRANTS: dict[Action, tuple[tuple[str, bool], ...]] = {
    "view": ((Role.ADMIN, True), (Role.OFFICER, True), (Role.LEADER, True), (Role.READER, True)),
    "report": ((Role.OFFICER, False), (Role.LEADER, False), (Role.ADMIN, True)),
    "approve": ((Role.LEADER, False),),
    "manage": ((Role.ADMIN, True),),
    "direct": ((Role.LEADER, True),),
}


@dataclass(frozen=True)
class Scope:
    """Units a user acts on: exact unit paths and subtree path prefixes."""

    exact: frozenset[str]
    subtrees: frozenset[str]
    everything: bool = False

    def covers(self, unit: Unit | None) -> bool:
        if self.everything:
            return True
        if unit is None:
            return False
        return unit.path in self.exact or any(unit.path.startswith(p) for p in self.subtrees)

    def q(self, field: str) -> Q:
        """A filter matching rows whose ``field`` (a Unit relation) is in scope."""
        if self.everything:
            return Q()
        parts = [Q(**{f"{field}__path": p}) for p in self.exact]
        parts += [Q(**{f"{field}__path__startswith": p}) for p in self.subtrees]
        return reduce(or_, parts, Q(pk__in=[]))


def _memberships(user: Any) -> list[Membership]:
    """The user's memberships with their units and the units' parents, in ``Membership``'s order,
    read once a request in one written-out statement (``storage.written``; the same objects as
    ``Membership.objects.filter(user=user).select_related("unit", "unit__parent")``, compared by
    tests/api/test_written_auth.py)."""
    cache = getattr(user, "_theodoi_memberships", None)
    if cache is None:
        cache = []
        for m, unit, parent in _memberships_select().rows([user.pk]):
            written.cache_related(unit, "parent", parent)
            written.cache_related(m, "unit", unit)
            cache.append(m)
        user._theodoi_memberships = cache
    return cache


@functools.cache
def _memberships_select() -> written.Select:
    mf, uf = written.fields_of(Membership), written.fields_of(Unit)
    unit_pk = written.column(Unit, "id")
    sql = (f"SELECT {written.select_list('m', mf)}, {written.select_list('u', uf)}, {written.select_list('p', uf)} "
           f"FROM {written.table(Membership)} m "
           f"JOIN {written.table(Unit)} u ON u.{unit_pk} = m.{written.column(Membership, 'unit')} "
           f"LEFT JOIN {written.table(Unit)} p ON p.{unit_pk} = u.{written.column(Unit, 'parent')} "
           f"WHERE m.{written.column(Membership, 'user')} = %s "
           f"ORDER BY u.{written.column(Unit, 'path')}, m.{written.column(Membership, 'role')}")
    return written.Select(sql, [(Membership, mf), (Unit, uf), (Unit, uf)])


def scope(user: Any, action: Action) -> Scope:
    """The units on which ``user`` may perform ``action``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(frozenset(), frozenset())
    if user.is_superuser:
        return Scope(frozenset(), frozenset(), everything=True)
    exact: set[str] = set()
    subtrees: set[str] = set()
    for m in _memberships(user):
        for role, subtree in _GRANTS[action]:
            if m.role == role:
                (subtrees if subtree else exact).add(m.unit.path)
    if action == "view" and is_national_reader(user):
        subtrees |= _root_paths()
    return Scope(frozenset(exact), frozenset(subtrees))


def _national_unit(unit: Unit) -> bool:
    """A unit of the national layer: the country, a ministry, or a body directly under the country."""
    return unit.kind in (UnitKind.NATION, UnitKind.MINISTRY) or bool(
        unit.parent_id and unit.parent and unit.parent.kind == UnitKind.NATION)


def is_national_reader(user: Any) -> bool:
    """Whether ``user`` follows the whole country (a reader at the national level)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(m.role == Role.READER and _national_unit(m.unit) for m in _memberships(user))


def reads_whole_country(user: Any) -> bool:
    """Whether ``restrict(…, user, "view")`` keeps every plan, task and target some unit issued: a
    national reader's scope holds every tree (``scope``: their subtrees are every root), a superuser's
    everything. The national roll-up then adds up every unit's stored counts instead of reading the
    rows through ``restrict`` (``planning/selectors/counts.py``; ``tests/web/test_national.py`` checks
    both give the same)."""
    return is_national_reader(user)


def _root_paths() -> set[str]:
    """The top of every tree: the country's layer and each province."""
    return set(Unit.objects.filter(parent__isnull=True).values_list("path", flat=True))


def _ancestor_paths(user: Any) -> set[str]:
    """Paths of the strict ancestors of the user's units (plans they implement)."""
    paths: set[str] = set()
    for m in _memberships(user):
        ids = m.unit.path.strip("/").split("/")
        for i in range(1, len(ids)):
            paths.add("/" + "/".join(ids[:i]) + "/")
    return paths


def _national_q(field: str) -> Q:
    """Documents issued above every province (the national layer), public facts."""
    return Q(**{f"{field}__kind__in": ["nation", "ministry"]})


def _plan_q(user: Any, field: str) -> Q:
    """Rows whose document (reached by ``field``) the user may read."""
    s = scope(user, "view")
    if s.everything:
        return Q()
    issuer = f"{field}issuer" if field else "issuer"
    q = s.q(issuer) | _national_q(issuer)
    anc = _ancestor_paths(user)
    if anc:
        q |= Q(**{f"{issuer}__path__in": sorted(anc)})
    return q & (Q(**{f"{field}confidential": False}) | s.q(issuer))


# Reading rules that follow only many-to-one relations (an update's or a figure's unit, its task's or
# target's plan and the plan's issuer; a task's or target's own plan, the plan's issuer and the task's
# lead unit): they cannot repeat a row, so they filter the query in place, their joins made for the
# rows asked for only. As a semi-join, PostgreSQL hashed every row the reader may read (every update
# of a province, for the 1,166 newest a task list shows; every task and target, read again by their
# primary key, for a dashboard's: 23 -> 17 ms and 14 -> 7 ms on a province, load 7).
_IN_PLACE = frozenset({"planning.ProgressUpdate", "planning.Measurement", "planning.Task", "planning.Target"})


def restrict(qs: QuerySet, user: Any, action: Action = "view") -> QuerySet:
    """Narrow ``qs`` to the rows ``user`` may ``action``. Unknown models raise TypeError."""
    label = qs.model._meta.label
    rule = _RULES.get(label)
    if rule is None:
        raise TypeError(f"no permission rule for {label}")
    if user is None or not user.is_authenticated:
        return qs.none()
    q = rule(user, action)
    if action != "view" or not q or label in _IN_PLACE:
        return qs.filter(q)
    # A reading rule may follow a multi-valued relation (a stub document cited by readable plans),
    # which would repeat rows: a semi-join on the primary key keeps each row once, without a
    # DISTINCT over every column of the page's query (a hash semi-join on PostgreSQL).
    return qs.filter(pk__in=qs.model._base_manager.filter(q).values("pk"))


def can(user: Any, action: Action, obj: Model) -> bool:
    """Whether ``user`` may ``action`` this one object.

    A rule that only asks where the object's units are in the user's scope is decided on the object
    as loaded (``_ON_OBJECT``: no query when its units are loaded, the memberships read once per
    request); every other one by ``restrict`` in SQL. An agreement test checks both give the same answer.
    """
    if obj is None or obj.pk is None:
        return False
    decide = _ON_OBJECT.get((obj._meta.label, action))
    if decide is not None:
        return decide(user, obj)
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def reopenable(qs: QuerySet, user: Any) -> QuerySet:
    """Updates or figures of ``qs`` that ``user`` may reopen once approved: the unit's leader
    (approve) and the standing office of the plan they belong to (manage)."""
    return qs.filter(pk__in=restrict(qs, user, "approve").values("pk")) | qs.filter(
        pk__in=restrict(qs, user, "manage").values("pk"))


def can_reopen(user: Any, obj: Model) -> bool:
    """Whether ``user`` may reopen this approved update or figure (see :func:`reopenable`)."""
    if obj is None or obj.pk is None:
        return False
    return reopenable(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def units_for(user: Any, action: Action) -> QuerySet[Unit]:
    """Units on which ``user`` may act (for choosing a unit in a form)."""
    s = scope(user, action)
    return Unit.objects.all() if s.everything else Unit.objects.filter(_path_q(s))


def _unit_rule(user: Any, action: Action) -> Q:
    s = scope(user, action)
    if s.everything:
        return Q()
    q = _path_q(s)
    if action == "view":
        anc = _ancestor_paths(user)
        if anc:
            q |= Q(path__in=sorted(anc))
        q |= Q(kind__in=["nation", "ministry"])
    return q


def _path_q(s: Scope) -> Q:
    parts = [Q(path=p) for p in s.exact] + [Q(path__startswith=p) for p in s.subtrees]
    return reduce(or_, parts, Q(pk__in=[]))


def _document_rule(user: Any, action: Action) -> Q:
    if action == "view":
        readable = _plan_q(user, "")
        if scope(user, "view").everything:
            return readable
        # A cited document not yet imported (metadata only) is read by whoever reads a plan that
        # cites it, directly or through another cited document ("thực hiện Kế hoạch 2391 … về
        # thực hiện Nghị quyết 10-NQ/TU"), so an office follows its plan's chain upwards.
        from theodoi.planning.models import Document

        plans = Document.objects.filter(readable).values("pk")
        return readable | (Q(status="stub") & (Q(incoming_links__source__in=plans)
                                               | Q(incoming_links__source__incoming_links__source__in=plans)))
    if action == "manage":
        return scope(user, "manage").q("issuer")
    return Q(pk__in=[])


def _target_rule(user: Any, action: Action) -> Q:
    if action == "view":
        s = scope(user, "view")
        return _plan_q(user, "document__") & (Q(confidential=False) | s.q("document__issuer"))
    if action == "manage":
        return scope(user, "manage").q("document__issuer")
    if action == "report":  # may enter figures for this target: the target itself is readable
        # (a confidential target only inside the issuer's subtree, exactly as for reading it)
        return _target_rule(user, "view")
    return Q(pk__in=[])


def _task_rule(user: Any, action: Action) -> Q:
    if action == "view":
        s = scope(user, "view")
        return _plan_q(user, "document__") & (
            Q(confidential=False) | s.q("document__issuer") | s.q("lead_unit")
        )
    if action == "manage":
        return scope(user, "manage").q("document__issuer")
    if action == "report":
        return scope(user, "report").q("lead_unit")
    if action == "approve":
        return scope(user, "approve").q("lead_unit")
    if action == "direct":
        return scope(user, "direct").q("document__issuer")
    return Q(pk__in=[])


def _reported_rule(user: Any, action: Action, plan: str) -> Q:
    """Updates and figures: written by the unit, approved by its leader."""
    if action == "view":
        s = scope(user, "view")
        if s.everything:
            return Q()
        return s.q("unit") | s.q(f"{plan}issuer")
    if action == "manage":
        return scope(user, "manage").q(f"{plan}issuer")
    return scope(user, action).q("unit")


def _via_parent(label: str, field: str):
    """A rule that follows ``field`` to a parent governed by another rule (same action)."""

    def rule(user: Any, action: Action) -> Q:
        from django.apps import apps

        model = apps.get_model(label)
        return Q(**{f"{field}__in": restrict(model.objects.all(), user, action).values("pk")})

    return rule


def _evidence_rule(user: Any, action: Action) -> Q:
    """Evidence files follow their parent: an update, a figure or a lifecycle stage."""
    return (_via_parent("planning.ProgressUpdate", "update")(user, action)
            | _via_parent("planning.Measurement", "measurement")(user, action)
            | _via_parent("planning.TaskStage", "stage")(user, action))


def _exists_parent(label: str, field: str, user: Any, action: Action) -> Q:
    """``_via_parent`` as a correlated ``EXISTS``: the parent row ``field`` names passes its rule. The
    same rows; inside an OR, where PostgreSQL cannot make an ``IN`` a semi-join and hashes every row
    the reader may read (every figure of the province for a few hundred warnings), this looks up the
    row's own parent by its primary key (or hashes, when the planner finds that cheaper)."""
    from django.apps import apps

    model = apps.get_model(label)
    rule = _RULES[label](user, action)
    return Q(Exists(model._base_manager.filter(rule, pk=OuterRef(field))))


def _stored_warning_rule(user: Any, action: Action) -> Q:
    """A stored warning is read by whoever reads its task (task warnings), its plan (a plan's
    conformity with the plans above it) or its figure."""
    return ((Q(task__isnull=False) & _exists_parent("planning.Task", "task", user, action))
            | (Q(task__isnull=True, document__isnull=False)
               & _exists_parent("planning.Document", "document", user, action))
            | (Q(task__isnull=True, document__isnull=True)
               & _exists_parent("planning.Measurement", "measurement", user, action)))


_RULES: dict[str, Any] = {
    "tenancy.Unit": _unit_rule,
    "planning.Document": _document_rule,
    "planning.Target": _target_rule,
    "planning.Task": _task_rule,
    "planning.ProgressUpdate": lambda u, a: _reported_rule(u, a, "task__document__"),
    "planning.Measurement": lambda u, a: _reported_rule(u, a, "target__document__"),
    "planning.TaskStage": _via_parent("planning.Task", "task"),
    "planning.PlanDue": _via_parent("planning.Document", "document"),
    "planning.Evidence": _evidence_rule,
    "planning.StoredWarning": _stored_warning_rule,
}


def _task_viewable(user: Any, task: Any) -> bool:
    """``_task_rule(user, "view")`` on a task loaded with its plan, the plan's issuer and its lead unit
    (term by term: ``_plan_q`` and the task's own confidentiality; a scope of everything is ``Q()``,
    which drops out of the rule's OR as it does in SQL)."""
    if user is None or not user.is_authenticated:
        return False
    s = scope(user, "view")
    if s.everything:
        return not task.confidential
    doc = task.document
    issuer = doc.issuer if doc.issuer_id else None
    plan = (s.covers(issuer) or (issuer is not None and issuer.kind in (UnitKind.NATION, UnitKind.MINISTRY))
            or (issuer is not None and issuer.path in _ancestor_paths(user)))
    if not plan or (doc.confidential and not s.covers(issuer)):
        return False
    lead = task.lead_unit if task.lead_unit_id else None
    return not task.confidential or s.covers(issuer) or s.covers(lead)


# (model, action) -> the rule of _RULES evaluated on a loaded object: the same answer, no query
# (``tests/integration/tracking/test_permission_matrix.py`` checks every persona agrees with the SQL).
_ON_OBJECT: dict[tuple[str, Action], Any] = {
    ("planning.Task", "view"): _task_viewable,
    ("planning.Task", "report"): lambda u, t: scope(u, "report").covers(t.lead_unit if t.lead_unit_id else None),
    ("planning.Task", "approve"): lambda u, t: scope(u, "approve").covers(t.lead_unit if t.lead_unit_id else None),
}


def register(label: str, rule: Any) -> None:
    """Let another app declare the rule for its model (``label`` as ``app.Model``)."""
    _RULES[label] = rule


def roles_of(user: Any) -> Iterable[tuple[str, Unit]]:
    """(role, unit) pairs of a user, for showing who they are."""
    return [(m.role, m.unit) for m in _memberships(user)]


def needs_second_factor(user: Any) -> bool:
    """Whether ``user`` must sign in with a second factor (an authenticator code) as well as a password:
    system administrators (superuser, staff of the admin site), administrators of a unit, and the
    leaders who sign reports (``approve``: they finalise and sign a unit's report).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(m.role in (Role.ADMIN, Role.LEADER) for m in _memberships(user))


def can_reset_second_factor(actor: Any, target: Any) -> bool:
    """Whether ``actor`` may turn off ``target``'s second factor (a lost phone): a system administrator,
    or an administrator of a unit whose subtree holds every unit ``target`` belongs to. Nobody resets
    their own (that is what the recovery codes are for), and only a system administrator resets a
    system administrator's.
    """
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if target is None or actor.pk == target.pk:
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser or target.is_staff:
        return False
    units = [m.unit for m in _memberships(target)]
    managed = scope(actor, "manage")
    return bool(units) and all(managed.covers(u) for u in units)
