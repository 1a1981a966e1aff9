"""Completing an imported plan: the task and target editing services (audit, lock, rights, tree)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from theodoi.audit.models import AuditEvent
from theodoi.planning.selectors.obligations import obligations_for_units
from theodoi.planning.services import targets as target_services
from theodoi.planning.services import tasks as task_services
from theodoi.planning.services.errors import ConflictError

pytestmark = pytest.mark.django_db


def test_update_task_writes_every_field_with_its_audit_record(world):
    task = world.task2
    row = task_services.update_task(user=world.admin, task=task, expected_version=task.version, fields={
        "lead_unit": world.vhxh, "receiving_unit": world.ban, "coordinating_units": [world.xa_a, world.ban],
        "responsible_person": world.officer, "deadline_text": "Quý III/2026", "outputs": "Bản tin hằng quý",
        "budget_planned": "12.500.000", "funding_source": "Ngân sách xã", "targets": [world.target],
        "responsibility": "Chủ trì", "approving_authority": "UBND xã",
    })
    assert row.version == task.version + 1
    assert (row.deadline_kind, row.due_date, row.start_date, row.recurrence) == (
        "quarter", dt.date(2026, 9, 30), dt.date(2026, 7, 1), "")
    assert row.budget_planned == Decimal(12500000) and row.receiving_unit == world.ban
    assert set(row.coordinating_units.all()) == {world.xa_a, world.ban}
    assert list(row.targets.all()) == [world.target]
    ev = AuditEvent.objects.filter(action="update", object_id=str(row.pk)).latest("seq")
    assert ev.actor_name and ev.after["deadline_text"] == "Quý III/2026"
    assert ev.before["coordinating_units"] == [] and sorted(ev.after["coordinating_units"]) == sorted(
        [world.xa_a.pk, world.ban.pk])


def test_recurring_deadline_text_sets_the_recurrence(world):
    row = task_services.update_task(user=world.admin, task=world.task, fields={"deadline_text": "Hằng năm"})
    assert (row.deadline_kind, row.due_date, row.recurrence) == ("recurring", None, "annual")
    row = task_services.update_task(user=world.admin, task=row, fields={"deadline_text": ""})
    assert (row.deadline_kind, row.due_date, row.recurrence) == ("none", None, "")


def test_unreadable_deadline_is_refused_in_vietnamese_and_nothing_changes(world):
    with pytest.raises(ValidationError) as exc:
        task_services.update_task(user=world.admin, task=world.task,
                                  fields={"deadline_text": "khi nào xong", "outputs": "Khác"})
    assert "Không đọc được thời hạn «khi nào xong»" in " ".join(exc.value.messages)
    world.task.refresh_from_db()
    assert world.task.deadline_text == "Quý II/2026" and world.task.outputs == "Hồ sơ được số hóa"


def test_stale_version_is_a_conflict_naming_what_was_saved(world):
    task_services.update_task(user=world.admin, task=world.task, fields={"outputs": "Bản mới"})
    with pytest.raises(ConflictError) as exc:
        task_services.update_task(user=world.admin, task=world.task, expected_version=world.task.version,
                                  fields={"outputs": "Bản của tôi"})
    assert "Bản mới" in exc.value.message_vi
    world.task.refresh_from_db()
    assert world.task.outputs == "Bản mới"


@pytest.mark.parametrize("who", ["officer", "leader", "outsider", "reader"])
def test_only_the_standing_office_edits(world, who):
    with pytest.raises(PermissionDenied):
        task_services.update_task(user=getattr(world, who), task=world.task, fields={"outputs": "x"})
    with pytest.raises(PermissionDenied):
        target_services.update_target(user=getattr(world, who), target=world.target,
                                      fields={"responsible_unit": world.vhxh})


def test_units_and_people_outside_the_plan_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        task_services.update_task(user=world.admin, task=world.task, fields={"lead_unit": world.xa_b})
    assert "Xã Bình Yên không thuộc Xã An Bình" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        task_services.update_task(user=world.admin, task=world.task, fields={"coordinating_units": [world.c_vhxh]})
    with pytest.raises(ValidationError):
        task_services.update_task(user=world.admin, task=world.task, fields={"responsible_person": world.officer_b})
    with pytest.raises(ValidationError):
        target_services.update_target(user=world.admin, target=world.target, fields={"reporting_units": [world.xa_b]})


def test_bulk_lead_is_all_or_nothing(world, far):
    t1, t2 = world.task, world.task2
    with pytest.raises(ConflictError):
        task_services.assign_lead(user=world.admin, tasks=[(t1, t1.version), (t2, t2.version - 1 or 99)],
                                  lead_unit=world.ban)
    t1.refresh_from_db()
    assert t1.lead_unit == world.vhxh
    rows = task_services.assign_lead(user=world.admin, tasks=[(t1, t1.version), (t2, t2.version)],
                                     lead_unit=world.ban)
    assert {r.lead_unit for r in rows} == {world.ban}
    t1.refresh_from_db()
    with pytest.raises(PermissionDenied):  # a task of another province in the batch
        task_services.assign_lead(user=world.admin, tasks=[(t1, None), (far.task, None)], lead_unit=world.vhxh)


def test_reporting_units_are_asked_for_figures(world):
    from theodoi.domain.periods import Period

    period = Period.parse("2026-05")
    assert not [o for o in obligations_for_units([world.ban], period) if o.kind == "target"]
    row = target_services.update_target(user=world.admin, target=world.target, expected_version=world.target.version,
                                        fields={"responsible_unit": world.vhxh, "reporting_units": [world.ban]})
    assert list(row.reporting_units.all()) == [world.ban]
    asked = [o for o in obligations_for_units([world.ban], period) if o.kind == "target"]
    assert [(o.obj, o.unit) for o in asked] == [(world.target, world.ban)]
    ev = AuditEvent.objects.filter(action="update", object_type__icontains="target").latest("seq")
    assert ev.after["reporting_units"] == [world.ban.pk]


def test_audit_verify_accepts_rows_recorded_before_reporting_units_existed(audited):
    world = audited
    from theodoi.audit.services import record, snapshot
    from theodoi.audit.verify import verify

    old = snapshot(world.target)
    del old["reporting_units"]
    record("update", world.target, actor=world.admin, before=None, after=old)
    assert not [p for p in verify().problems if str(world.target.pk) in str(p)]
