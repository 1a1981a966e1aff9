"""The Django admin: every model is there, in Vietnamese, and its changes are audited."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from theodoi.audit.models import AuditEvent
from theodoi.audit.verify import verify

pytestmark = pytest.mark.django_db

OWN_MODELS = [m for m in apps.get_models() if m.__module__.startswith("theodoi.")]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri-2026")


def test_every_model_is_in_the_admin():
    missing = [m._meta.label for m in OWN_MODELS if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", OWN_MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_opens_in_vietnamese(client, superuser, world, model):
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    resp = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "Chọn" in page or "Thêm" in page or "quản trị" in page.lower()
    # a search box or filters where the list is long enough to need them
    ma = admin.site._registry[model]
    assert ma.list_display != ("__str__",), f"{model._meta.label} lists only __str__"


def test_an_admin_edit_is_recorded_and_the_trail_stays_intact(client, superuser, world, audited):
    client.force_login(superuser)
    task = world.task
    url = reverse("admin:planning_task_change", args=[task.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({
        "document": task.document_id, "title": "Tên nhiệm vụ đã sửa trong trang quản trị",
        "lead_unit": task.lead_unit_id, "deadline_kind": task.deadline_kind, "run_state": task.run_state,
        "stages-TOTAL_FORMS": "0", "stages-INITIAL_FORMS": "0",
        "coordinating_units": [], "targets": [u.pk for u in task.targets.all()],
    })
    data = {k: v for k, v in data.items() if not isinstance(v, list) or v}
    data["due_date"] = task.due_date.isoformat() if task.due_date else ""
    before = AuditEvent.objects.count()
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.context["adminform"].form.errors if resp.context else resp
    task.refresh_from_db()
    assert task.title == "Tên nhiệm vụ đã sửa trong trang quản trị"
    ev = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (ev.action, ev.actor_id, ev.reason) == ("update", superuser.pk, "Sửa trong trang quản trị")
    assert ev.before["title"] != ev.after["title"]
    assert verify().ok


def test_an_admin_deletion_is_recorded(client, superuser, world, audited):
    client.force_login(superuser)
    task = world.task2
    url = reverse("admin:planning_task_delete", args=[task.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    ev = AuditEvent.objects.order_by("-id").first()
    assert (ev.action, ev.object_id) == ("delete", str(task.pk))
    assert verify().ok


def test_reports_cannot_be_edited_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:reporting_report_add")).status_code == 403


def test_a_role_changed_in_the_admin_is_recorded_and_verified(client, superuser, world, audited):
    from theodoi.tenancy.models import Membership, Role

    client.force_login(superuser)
    m = Membership.objects.get(user=world.officer, role=Role.OFFICER)
    resp = client.post(reverse("admin:tenancy_membership_change", args=[m.pk]),
                       {"user": m.user_id, "unit": m.unit_id, "role": Role.ADMIN, "title": "Văn phòng"})
    assert resp.status_code == 302
    ev = AuditEvent.objects.order_by("-id").first()
    assert (ev.object_type, ev.object_id, ev.actor_id) == ("tenancy.membership", str(m.pk), superuser.pk)
    assert (ev.before["role"], ev.after["role"]) == (Role.OFFICER, Role.ADMIN)
    assert verify().ok


def test_a_password_set_in_the_admin_is_recorded_never_the_password(client, superuser, world, audited):
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[world.officer.pk])
    new = "mat-khau-moi-rat-dai-2026"
    resp = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert resp.status_code == 302, resp.context["form"].errors if resp.context else resp
    ev = AuditEvent.objects.order_by("-id").first()
    assert (ev.action, ev.object_id, ev.actor_id) == ("set_password", str(world.officer.pk), superuser.pk)
    assert new not in str(ev.after) and "password" not in ev.after
    assert verify().ok
