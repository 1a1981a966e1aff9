"""API v1 writes go through the tracking services: permission, validation, review, CSRF."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_officer_submits_leader_approves_public_sees(client, world, bearer):
    resp = _post(client, f"{API}/tasks/{world.task.uid}/updates",
                 {"period_key": "2026-05", "percent": 60, "work_done": "Số hóa 600 hồ sơ"}, **bearer(world.officer))
    assert resp.status_code == 200, resp.content
    upd = resp.json()
    assert upd["state"] == "submitted" and float(upd["percent"]) == 60
    public = client.get(f"{API}/public/tasks/{world.task.uid}").json()
    assert public["percent"] is None  # not approved yet
    resp = _post(client, f"{API}/updates/{upd['uid']}/review", {"action": "approve"}, **bearer(world.leader))
    assert resp.status_code == 200 and resp.json()["state"] == "approved"
    public = client.get(f"{API}/public/tasks/{world.task.uid}").json()
    assert float(public["percent"]) == 60


def test_other_unit_may_not_report(client, world, bearer):
    resp = _post(client, f"{API}/tasks/{world.task.uid}/updates", {"period_key": "2026-05", "percent": 10},
                 **bearer(world.officer_b))
    assert resp.status_code in (403, 404)
    assert not ProgressUpdate.objects.exists()


def test_reader_sees_task_but_gets_403_on_write(client, world, bearer):
    resp = _post(client, f"{API}/tasks/{world.task.uid}/updates", {"period_key": "2026-05", "percent": 10},
                 **bearer(world.reader))
    assert resp.status_code == 403
    assert resp.json()["detail"]


def test_invalid_values_get_vietnamese_errors(client, world, bearer):
    resp = _post(client, f"{API}/tasks/{world.task.uid}/updates", {"period_key": "2026-05", "percent": 150},
                 **bearer(world.officer))
    assert resp.status_code == 422
    assert any("100" in e for e in resp.json()["errors"])
    resp = _post(client, f"{API}/tasks/{world.task.uid}/updates", {"period_key": "tháng năm", "percent": 5},
                 **bearer(world.officer))
    assert resp.status_code == 422


def test_stale_version_is_a_409_with_current_values(client, world, bearer):
    h = bearer(world.officer)
    first = _post(client, f"{API}/tasks/{world.task.uid}/updates",
                  {"period_key": "2026-05", "percent": 30, "submit": False}, **h).json()
    _post(client, f"{API}/tasks/{world.task.uid}/updates",
          {"period_key": "2026-05", "percent": 35, "submit": False, "expected_version": first["version"]}, **h)
    resp = _post(client, f"{API}/tasks/{world.task.uid}/updates",
                 {"period_key": "2026-05", "percent": 40, "submit": False, "expected_version": first["version"]}, **h)
    assert resp.status_code == 409
    assert resp.json()["current_values"]["percent"].startswith("35")


def test_figure_and_return(client, world, bearer):
    resp = _post(client, f"{API}/targets/{world.target.uid}/measurements",
                 {"unit": "xa-a-vhxh", "period_key": "2026-05", "numerator": 500, "denominator": 1000},
                 **bearer(world.officer))
    assert resp.status_code == 200, resp.content
    uid = resp.json()["uid"]
    resp = _post(client, f"{API}/measurements/{uid}/review", {"action": "return"}, **bearer(world.leader))
    assert resp.status_code == 422  # a reason is required
    resp = _post(client, f"{API}/measurements/{uid}/review", {"action": "return", "reason": "Kiểm tra lại mẫu số"},
                 **bearer(world.leader))
    assert resp.status_code == 200
    assert Measurement.objects.get(uid=uid).state == ReviewState.RETURNED


def test_session_writes_need_csrf(world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.officer)
    resp = _post(c, f"{API}/tasks/{world.task.uid}/updates", {"period_key": "2026-05", "percent": 10})
    assert resp.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_anonymous_cannot_write(client, world):
    resp = _post(client, f"{API}/tasks/{world.task.uid}/updates", {"period_key": "2026-05", "percent": 10})
    assert resp.status_code == 401


def test_leader_of_the_issuer_pauses_and_resumes_a_task(client, world, bearer, django_user_model):
    from theodoi.tenancy.models import Membership, Role

    chairman = django_user_model.objects.create_user(username="chutich_a", password=world.password)
    Membership.objects.create(user=chairman, unit=world.xa_a, role=Role.LEADER)
    url = f"/api/v1/tasks/{world.task.uid}/run-state"

    def post(user, data):
        return _post(client, url, data, **bearer(user))

    assert post(world.admin, {"run_state": "paused", "reason": "x"}).status_code == 403
    assert post(chairman, {"run_state": "paused"}).status_code == 422
    resp = post(chairman, {"run_state": "paused", "reason": "Chờ kinh phí", "expected_version": world.task.version})
    assert resp.status_code == 200 and resp.json()["run_state"] == "paused"
    stale = post(chairman, {"run_state": "active", "expected_version": world.task.version})
    assert stale.status_code == 409 and stale.json()["current_version"] == resp.json()["version"]
    assert post(chairman, {"run_state": "active", "expected_version": resp.json()["version"]}).json()[
        "run_state"] == "active"


def test_lead_unit_posts_science_stages_in_order_or_with_a_reason(client, world, bearer):
    from theodoi.planning.models import Task

    Task.objects.filter(pk=world.task.pk).update(is_science_task=True)
    url = f"{API}/tasks/{world.task.uid}/stages"
    h = bearer(world.officer)
    resp = _post(client, url, {"stage": "dat_hang", "date": "2026-01-20", "document_ref": "QĐ 1"}, **h)
    assert resp.status_code == 200 and resp.json()["stage"] == "dat_hang"
    late = _post(client, url, {"stage": "giai_ngan", "date": "2026-02-01", "amount": 5000000}, **h)
    assert late.status_code == 422 and "lý do" in " ".join(late.json()["errors"])
    ok = _post(client, url, {"stage": "giai_ngan", "date": "2026-02-01", "amount": 5000000,
                             "order_reason": "Tạm ứng"}, **h)
    assert ok.status_code == 200 and ok.json()["order_reason"] == "Tạm ứng"
    assert _post(client, url, {"stage": "dat_hang", "date": "2026-01-20"}, **bearer(world.reader)).status_code == 403


def test_a_sent_update_runs_its_statements_and_no_more(client, world, bearer, django_capture_on_commit_callbacks):
    """What one deadline-day write runs (docs/scale.md, "Deadline-day writes, second pass"): the token
    and the memberships, the task (never its plan's text), the update locked and written once, the
    task's stored state, and with today's stored warnings their refresh in the same transaction, the
    audit append; nothing after the commit (the anchor line comes from the record)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from theodoi.planning.services.warnings import refresh_all

    refresh_all()  # today's stored set: the write keeps it
    h, url = bearer(world.officer), f"{API}/tasks/{world.task.uid}/updates"
    with django_capture_on_commit_callbacks(execute=True):  # the token's last use, the chain's unit read once
        first = _post(client, url, {"period_key": "2026-05", "percent": 20}, **h)
    with CaptureQueriesContext(connection) as q, django_capture_on_commit_callbacks(execute=True):
        resp = _post(client, url, {"period_key": "2026-05", "percent": 30, "submit": True,
                                   "work_done": "Số hóa 300 hồ sơ", "expected_version": first.json()["version"]}, **h)
    assert resp.status_code == 200 and resp.json()["state"] == "submitted"
    sql = [x["sql"] for x in q.captured_queries]
    assert not [s for s in sql if "source_text" in s]
    assert not [s for s in sql if "audit_auditevent" in s and "SELECT" in s and "pg_advisory" not in s][1:], sql
    # 16: the token, the task, the memberships; the update locked and written; the state locked, the
    # task's updates read once (for its state and its warnings), the state written; the lead unit's
    # counts marked stale (planning/services/counts.py: one UPDATE finding the lead unit's row itself,
    # never counted here: the readers count it); the task's stored warnings refreshed in the same
    # transaction (delete, the task, insert); the chain's head, the record; BEGIN/COMMIT (a savepoint
    # here). PostgreSQL adds the chain's lock and deletes and inserts the warnings in one statement
    # (``storage.written.replace``): 16 there too.
    assert len(sql) <= 16, "\n".join(sql)
    updates_read = [s for s in sql if 'FROM "planning_progressupdate"' in s]
    assert len(updates_read) == 2, updates_read  # the update locked; the task's updates, read once
    # the stored warnings in the transaction, nothing after its commit
    last = max(i for i, s in enumerate(sql) if "planning_storedwarning" in s)
    assert sql[-1].startswith(("COMMIT", "RELEASE")) and last < len(sql) - 1, sql
    counted = [s for s in sql if "planning_unitcounts" in s]
    assert len(counted) == 1 and counted[0].startswith("UPDATE"), counted  # marked, once
