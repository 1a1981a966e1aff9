"""PATCH /tasks/{uid} and /targets/{uid}: the standing office completes a plan over the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from theodoi.audit.models import AuditEvent
from theodoi.planning.models import Task

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _patch(client, url, data, **headers):
    return client.patch(url, json.dumps(data), content_type="application/json", **headers)


def test_patch_task_sets_units_deadline_outputs_budget(client, world, bearer):
    task = world.task2
    resp = _patch(client, f"{API}/tasks/{task.uid}", {
        "lead_unit": "xa-a-vhxh", "coordinating_units": ["xa-a-ban-1", "xa-a"], "receiving_unit": "xa-a-ban-1",
        "deadline_text": "Quý III/2026", "outputs": "Bản tin", "budget_planned": "15000000",
        "responsible_person": "officer_a", "expected_version": task.version,
    }, **bearer(world.admin))
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["lead_unit"] == "xa-a-vhxh" and body["coordinating_units"] == ["xa-a", "xa-a-ban-1"]
    assert body["receiving_unit"] == "xa-a-ban-1" and body["due_date"] == "2026-09-30"
    assert body["deadline_kind"] == "quarter" and body["version"] == task.version + 1
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 9, 30) and task.responsible_person == world.officer
    assert task.recurrence == ""  # the recurrence of "Thường xuyên" went with the old deadline
    assert AuditEvent.objects.filter(action="update", object_id=str(task.pk), actor=world.admin).exists()
    got = client.get(f"{API}/tasks/{task.uid}", **bearer(world.admin)).json()
    assert got["coordinating_units"] == ["xa-a", "xa-a-ban-1"]


def test_patch_changes_only_what_is_sent(client, world, bearer):
    resp = _patch(client, f"{API}/tasks/{world.task.uid}", {"outputs": "Mới", "expected_version": world.task.version},
                  **bearer(world.admin))
    assert resp.status_code == 200
    task = Task.objects.get(pk=world.task.pk)
    assert task.outputs == "Mới" and task.lead_unit == world.vhxh and task.deadline_text == "Quý II/2026"


def test_patch_task_errors(client, world, bearer):
    h = bearer(world.admin)
    url = f"{API}/tasks/{world.task.uid}"
    v = world.task.version
    resp = _patch(client, url, {"lead_unit": "xa-b", "expected_version": v}, **h)
    assert resp.status_code == 422 and "không thuộc" in " ".join(resp.json()["errors"])
    resp = _patch(client, url, {"lead_unit": "khong-co", "expected_version": v}, **h)
    assert resp.status_code == 422 and "khong-co" in " ".join(resp.json()["errors"])
    resp = _patch(client, url, {"deadline_text": "khi nào xong", "expected_version": v}, **h)
    assert resp.status_code == 422 and "Không đọc được thời hạn" in " ".join(resp.json()["errors"])
    resp = _patch(client, url, {"outputs": "x", "expected_version": v - 1 if v > 1 else v + 5}, **h)
    assert resp.status_code == 409 and resp.json()["current_version"] == v
    resp = _patch(client, url, {"outputs": "x"}, **h)
    assert resp.status_code == 422  # expected_version is required
    resp = _patch(client, url, {"outputs": "x", "expected_version": v}, **bearer(world.officer))
    assert resp.status_code == 403
    resp = _patch(client, url, {"outputs": "x", "expected_version": v}, **bearer(world.outsider))
    assert resp.status_code == 404
    world.task.refresh_from_db()
    assert world.task.version == v and world.task.outputs == "Hồ sơ được số hóa"


def test_patch_target_units(client, world, bearer):
    url = f"{API}/targets/{world.target.uid}"
    resp = _patch(client, url, {"responsible_unit": "xa-a", "reporting_units": ["xa-a-ban-1"],
                                "expected_version": world.target.version}, **bearer(world.admin))
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["responsible_unit"] == "xa-a" and body["reporting_units"] == ["xa-a-ban-1"]
    assert list(world.target.reporting_units.all()) == [world.ban]
    resp = _patch(client, url, {"reporting_units": ["xa-c"], "expected_version": body["version"]},
                  **bearer(world.admin))
    assert resp.status_code == 422
    resp = _patch(client, url, {"responsible_unit": None, "expected_version": body["version"]},
                  **bearer(world.leader))
    assert resp.status_code == 403
