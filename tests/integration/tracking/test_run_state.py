"""Pause, stop and resume a task: the leader of the plan's issuer decides, with a reason, from the
stalled warning itself; the task leaves the obligations and counts as stopped in the reports."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from theodoi.audit.services import history
from theodoi.planning.models import Task
from theodoi.planning.selectors.obligations import obligations_for_units
from theodoi.planning.selectors.warnings import compute_warnings
from theodoi.planning.services import tasks
from theodoi.planning.services.errors import ConflictError
from theodoi.tenancy.models import Membership, Role

from .conftest import P
from .test_warnings import TODAY, upd

pytestmark = pytest.mark.django_db
REASON = "Kiên quyết dừng nhiệm vụ kém hiệu quả"


@pytest.fixture
def chairman(world, django_user_model):
    """The chairman of the commune that issued the plan (a leader of xa-a)."""
    user = django_user_model.objects.create_user(username="chutich_a", password=world.password)
    Membership.objects.create(user=user, unit=world.xa_a, role=Role.LEADER)
    return user


@pytest.fixture
def stalled(world):
    for n in (4, 3, 2, 1, 0):
        upd(world.task, n, 30)
    return world.task


def test_the_leader_of_the_issuer_stops_pauses_and_resumes_with_a_reason(world, chairman):
    with pytest.raises(ValidationError, match="lý do"):
        tasks.set_run_state(user=chairman, task=world.task, run_state="stopped")
    t = tasks.set_run_state(user=chairman, task=world.task, run_state="paused", reason="Chờ kinh phí",
                            expected_version=world.task.version)
    assert (t.run_state, t.run_state_reason) == ("paused", "Chờ kinh phí")
    with pytest.raises(ValidationError, match="đã ở trạng thái"):
        tasks.set_run_state(user=chairman, task=t, run_state="paused", reason="Lần nữa")
    with pytest.raises(ConflictError):
        tasks.set_run_state(user=chairman, task=t, run_state="stopped", reason=REASON, expected_version=1)
    t = tasks.set_run_state(user=chairman, task=t, run_state="stopped", reason=REASON)
    t = tasks.set_run_state(user=chairman, task=t, run_state="active", reason="Đã bố trí kinh phí")
    assert (t.run_state, t.run_state_reason) == ("active", "")
    actions = [e.action for e in history(t)]
    assert actions[-3:] == ["pause", "stop", "resume"]
    assert [e.reason for e in history(t)][-3:] == ["Chờ kinh phí", REASON, "Đã bố trí kinh phí"]


@pytest.mark.parametrize("who", ["admin", "officer", "leader", "reader", "outsider", "nobody"])
def test_nobody_else_decides(world, who):
    with pytest.raises(PermissionDenied):
        tasks.set_run_state(user=getattr(world, who), task=world.task, run_state="stopped", reason=REASON)
    assert Task.objects.get(pk=world.task.pk).run_state == "active"


def test_a_stopped_task_leaves_the_obligations_and_warnings_and_counts_as_stopped(world, chairman, stalled):
    assert any(w.code == "stalled" and w.task == stalled for w in compute_warnings(TODAY))
    assert any(o.obj == stalled for o in obligations_for_units([world.vhxh], P))
    tasks.set_run_state(user=chairman, task=stalled, run_state="stopped", reason=REASON)
    assert not [w for w in compute_warnings(TODAY) if w.task == stalled]
    assert not [o for o in obligations_for_units([world.vhxh], P) if o.obj == stalled]
    from theodoi.domain.periods import Period
    from theodoi.reporting.data import gather

    data = gather(world.xa_a, "monthly", Period.parse("2026-07"))
    assert data["task_counts"]["dung"] == 1
    row = next(r for g in data["task_groups"] for r in g["tasks"] if r["code"] == stalled.code)
    assert row["status_code"] == "dung" and row["run_state_reason"] == REASON


def test_the_stalled_warning_carries_the_leaders_button(world, chairman, stalled, client, monkeypatch):
    monkeypatch.setattr("theodoi.web.views.warnings.today", lambda: TODAY)
    url = reverse("task_run_state", args=[stalled.uid])
    client.force_login(world.admin)
    assert url not in client.get(reverse("warnings")).content.decode()
    assert client.get(url).status_code == 403
    client.force_login(chairman)
    html = client.get(reverse("warnings") + "?code=stalled").content.decode()
    assert f"{url}?from=stalled" in html and "Tạm dừng / dừng" in html
    page = client.get(f"{url}?from=stalled")
    assert page.status_code == 200 and page.context["form"]["run_state"].value() == "stopped"
    refused = client.post(url, {"run_state": "stopped", "reason": "", "version": stalled.version})
    assert refused.status_code == 200 and "lý do" in refused.content.decode()
    done = client.post(url, {"run_state": "stopped", "reason": REASON, "version": stalled.version})
    assert done.status_code == 302 and done["Location"] == stalled.get_absolute_url()
    assert Task.objects.get(pk=stalled.pk).run_state == "stopped"
    assert "Cho tiếp tục nhiệm vụ" in client.get(stalled.get_absolute_url()).content.decode()
    stale = client.post(url, {"run_state": "active", "reason": "", "version": stalled.version})
    assert stale.status_code == 200 and Task.objects.get(pk=stalled.pk).run_state == "stopped"
