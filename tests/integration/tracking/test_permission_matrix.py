"""The permission matrix, through the services and selectors (docs/permissions.md).

Each persona of the ``world`` fixture × each action × an object inside and outside its scope.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.integration.tracking.conftest import P
from tests.samples import tiny_pdf
from theodoi.planning.models import Evidence, Measurement, ProgressUpdate, Target, Task, TaskStage
from theodoi.planning.selectors.obligations import obligations
from theodoi.planning.selectors.warnings import compute_warnings
from theodoi.planning.services import evidence, measurements, progress, review, tasks
from theodoi.tenancy.permissions import can, restrict

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "officer", "leader", "officer_b", "reader", "outsider", "nobody", "superuser"]


def allowed(fn) -> bool:
    try:
        fn()
    except PermissionDenied as exc:
        assert str(exc)  # a Vietnamese message, never empty
        return False
    return True


REPORT_TASK = {"admin", "officer", "leader", "superuser"}


@pytest.mark.parametrize("who", PERSONAS)
def test_report_progress_own_unit_only(world, far, who):
    user = getattr(world, who)
    assert allowed(lambda: progress.save_update(user=user, task=world.task, period_key=P,
                                                data={"percent": 10})) == (who in REPORT_TASK)
    assert allowed(lambda: progress.save_update(user=user, task=far.task, period_key=P,
                                                data={"percent": 10})) == (who in {"outsider", "superuser"})


@pytest.mark.parametrize("who", PERSONAS)
def test_enter_figures_own_unit_only(world, far, who):
    user = getattr(world, who)

    def figure(target, unit):
        return lambda: measurements.save_measurement(user=user, target=target, unit=unit, period_key=P,
                                                     numerator=1, denominator=2, value=None)

    assert allowed(figure(world.target, world.vhxh)) == (who in REPORT_TASK)
    # A village of xa-a: only the commune's standing office (subtree) and the superuser.
    assert allowed(figure(world.target, world.ban)) == (who in {"admin", "superuser"})
    # Another commune's unit cannot be reported for by xa-a's officer; officer_b cannot read xa-a's plan.
    assert allowed(figure(world.target, world.xa_b)) == (who == "superuser")
    assert allowed(lambda: measurements.save_measurement(user=user, target=far.target, unit=world.c_vhxh,
                                                         period_key=P, value=3)) == (who in {"outsider", "superuser"})


@pytest.mark.parametrize("who", PERSONAS)
def test_approve_return_own_unit_leader_only(world, sent, who):
    user = getattr(world, who)
    may = who in {"leader", "superuser"}
    assert allowed(lambda: review.return_for_changes(user, sent.figure, "Sai")) == may
    assert allowed(lambda: review.approve(user, sent.update)) == may


@pytest.mark.parametrize("who", PERSONAS)
def test_reopen_leader_or_standing_office(world, sent, who):
    approved = review.approve(world.leader, sent.update)
    assert allowed(lambda: review.reopen(getattr(world, who), approved, "Cần sửa")) == (
        who in {"leader", "admin", "superuser"})


@pytest.mark.parametrize("who", PERSONAS)
def test_manage_tasks_standing_office_only(world, far, who):
    user = getattr(world, who)
    assert allowed(lambda: tasks.update_task(user=user, task=world.task, fields={"outputs": "x"})) == (
        who in {"admin", "superuser"})
    assert allowed(lambda: tasks.set_run_state(user=user, task=far.task, run_state="paused", reason="r")) == (
        who == "superuser")


VIEW_UPDATES = {"admin", "officer", "leader", "reader", "superuser"}


@pytest.mark.parametrize("who", PERSONAS)
def test_reading_updates_figures_and_evidence(world, sent, far, who):
    user = getattr(world, who)
    ev = evidence.attach_evidence(user=world.officer, update=sent.update,
                                  file=SimpleUploadedFile("bien-ban.pdf", tiny_pdf()))
    for model in (ProgressUpdate, Measurement, Evidence):
        assert restrict(model.objects.all(), user, "view").exists() == (who in VIEW_UPDATES), model
    assert can(user, "view", ev) == (who in VIEW_UPDATES)
    # Nobody reads another province's data, not even the province reader; the outsider reads its own.
    assert can(user, "view", far.task) == (who in {"outsider", "superuser"})


@pytest.mark.parametrize("who", PERSONAS)
def test_evidence_and_stages_follow_their_parent(world, sent, who):
    user = getattr(world, who)
    ok = allowed(lambda: evidence.attach_evidence(user=user, update=sent.update,
                                                  file=SimpleUploadedFile("a.txt", b"abc")))
    assert ok == (who in REPORT_TASK)
    world.task.is_science_task = True
    world.task.save()
    stage = TaskStage.objects.create(task=world.task, stage="dat_hang", date="2026-03-01")
    assert can(user, "view", stage) == (who in VIEW_UPDATES)
    assert can(user, "report", stage) == (who in REPORT_TASK)
    assert can(user, "manage", stage) == (who in {"admin", "superuser"})


@pytest.mark.parametrize("who", PERSONAS)
def test_selectors_respect_scope(world, sent, far, who):
    import datetime as dt

    user = getattr(world, who)
    found = compute_warnings(dt.date(2026, 12, 1), user=user)
    xa_a_units = {world.vhxh.pk}
    sees_xa_a = any(w.unit and w.unit.pk in xa_a_units for w in found)
    assert sees_xa_a == (who in VIEW_UPDATES)
    assert not any(w.unit == world.c_vhxh for w in found) or who in {"outsider", "superuser"}
    mine = obligations(user, P)
    assert bool([o for o in mine if o.kind == "task" and o.obj.pk == world.task.pk]) == (
        who in {"admin", "officer", "leader"})
    assert all(o.obj.pk != far.task.pk for o in mine if isinstance(o.obj, Task)) or who == "outsider"


def test_a_leader_approves_only_own_unit_and_nobody_reads_another_province(world, sent, far,
                                                                             django_user_model):
    """Leaders of a sibling unit and of the parent commune may read but not approve; figures and
    updates of Điện Biên stay invisible to Lai Châu's province reader, and the reverse."""
    from theodoi.tenancy.models import Membership, Role

    sibling = django_user_model.objects.create_user(username="leader_b", password="x", email="b@example.test")
    Membership.objects.create(user=sibling, unit=world.xa_b, role=Role.LEADER)
    above = django_user_model.objects.create_user(username="leader_xa_a", password="x", email="c@example.test")
    Membership.objects.create(user=above, unit=world.xa_a, role=Role.LEADER)
    for user in (sibling, above):
        assert not allowed(lambda u=user: review.approve(u, sent.update))
        assert not allowed(lambda u=user: review.return_for_changes(u, sent.figure, "Sai"))
    assert can(above, "view", sent.update) and not can(sibling, "view", sent.update)
    far_update = progress.save_update(user=world.outsider, task=far.task, period_key=P, data={"percent": 5},
                                      submit=True)
    far_figure = measurements.save_measurement(user=world.outsider, target=far.target, unit=world.c_vhxh,
                                               period_key=P, value=4, submit=True)
    for obj in (far_update, far_figure, far.task, far.target, far.plan):
        assert not can(world.reader, "view", obj) and not can(world.admin, "view", obj)
        assert can(world.outsider, "view", obj)
    for obj in (sent.update, sent.figure, world.task, world.plan):
        assert not can(world.outsider, "view", obj)
    assert review.approve(world.leader, sent.update).state == "approved"


@pytest.mark.parametrize("who", PERSONAS)
def test_decided_on_the_object_agrees_with_the_sql_rule(world, far, who):
    """``can`` decides a task's view/report/approve on the loaded task (no query); the SQL rule of
    ``restrict`` must give the same answer for every persona, action and kind of task: in and out of
    scope, without a lead unit, confidential, in a confidential plan of another commune, in a plan of
    the national layer."""
    from theodoi.planning.models import DocType, Document
    from theodoi.tenancy.models import Unit, UnitKind
    from theodoi.tenancy.permissions import _ON_OBJECT

    user = getattr(world, who)
    ministry = Unit.objects.create(slug="bo-x", name="Bộ X", kind=UnitKind.MINISTRY)
    secret = Document.objects.create(doc_type=DocType.KE_HOACH, number="9/KH", issuer=world.xa_b, title="Mật",
                                     confidential=True)
    national = Document.objects.create(doc_type=DocType.KE_HOACH, number="1/KH-BX", issuer=ministry, title="Bộ")
    tasks = [world.task, far.task,
             Task.objects.create(document=world.task.document, code="X", title="Không có đơn vị chủ trì"),
             Task.objects.create(document=world.task.document, code="M", title="Mật", confidential=True,
                                 lead_unit=world.vhxh),
             Task.objects.create(document=world.task.document, code="N", title="Mật, xã khác", confidential=True,
                                 lead_unit=world.xa_b),
             Task.objects.create(document=secret, code="S", title="Kế hoạch mật", lead_unit=world.vhxh),
             Task.objects.create(document=national, code="B", title="Bộ giao", lead_unit=world.vhxh),
             Task.objects.create(document=national, code="C", title="Bộ giao, mật", lead_unit=world.c_vhxh,
                                 confidential=True)]
    assert {action for _label, action in _ON_OBJECT} == {"view", "report", "approve"}
    for label, action in _ON_OBJECT:
        assert label == "planning.Task"
        for task in tasks:
            loaded = Task.objects.select_related("document__issuer", "lead_unit").get(pk=task.pk)
            in_sql = restrict(Task.objects.filter(pk=task.pk), user, action).exists()
            assert can(user, action, loaded) == in_sql, (who, action, task.code)


@pytest.mark.parametrize("who", PERSONAS)
def test_rules_filtered_in_place_give_the_semi_joins_rows_once(world, sent, far, who):
    """``restrict`` filters updates, figures, tasks and targets in place (``_IN_PLACE``: their reading
    rules follow only many-to-one relations): the same rows as the semi-join on the primary key, each
    once, for every persona, also for a query of a few rows and for the stored warnings that follow them."""
    from django.db.models import Q

    from theodoi.tenancy.permissions import _IN_PLACE, _RULES

    user = getattr(world, who)
    # rows of another province too (the outsider's): written by the superuser
    progress.save_update(user=world.superuser, task=far.task, period_key=P, data={"percent": 20})
    measurements.save_measurement(user=world.superuser, target=far.target, unit=world.c_vhxh, period_key=P, value=3)
    for label in sorted(_IN_PLACE):
        model = {"planning.ProgressUpdate": ProgressUpdate, "planning.Measurement": Measurement,
                 "planning.Task": Task, "planning.Target": Target}[label]
        q = _RULES[label](user, "view") if user is not None and user.is_authenticated else None
        assert model.objects.exists()
        first = list(model.objects.order_by("pk").values_list("pk", flat=True)[:1])
        # joined to the sub-tasks, as the lists are
        extra = [Task.objects.filter(children__isnull=True)] if model is Task else []
        for qs in (model.objects.all(), model.objects.filter(pk__in=first), *extra):
            got = list(restrict(qs, user, "view").values_list("pk", flat=True))
            assert len(got) == len(set(got)), (who, label)
            semi = qs.filter(pk__in=model._base_manager.filter(q or Q()).values("pk"))
            want = set(semi.values_list("pk", flat=True)) if q is not None else set()
            assert set(got) == want, (who, label)
