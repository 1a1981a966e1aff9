"""The standing office completes a plan in the staff pages: task and target pages, the "6 rõ" worklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from theodoi.audit.models import AuditEvent
from theodoi.planning.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare(world):
    """A freshly imported task: nothing assigned."""
    return Task.objects.create(document=world.plan, code="III.3", title="Ứng dụng công nghệ số trong nông nghiệp",
                               lead_unit_name="UBND các xã", position=3)


def test_task_edit_page_get_and_post(login, world, bare):
    client = login(world.admin)
    url = reverse("task_edit", args=[bare.uid])
    html = client.get(url).content.decode()
    assert 'name="deadline_text"' in html and 'name="coordinating_units"' in html and "Bản Một" in html
    assert "«UBND các xã»" in html
    resp = client.post(url, {
        "title": bare.title, "lead_unit": world.vhxh.pk, "coordinating_units": [world.ban.pk],
        "receiving_unit": world.ban.pk, "responsible_person": world.officer.pk, "deadline_text": "Quý II/2026",
        "outputs": "Mô hình", "responsibility": "Chủ trì", "approving_authority": "UBND xã",
        "budget_planned": "31.250.000", "funding_source": "Ngân sách tỉnh", "targets": [world.target.pk],
        "version": bare.version,
    })
    assert resp.status_code == 302 and resp["Location"] == bare.get_absolute_url()
    bare.refresh_from_db()
    assert bare.lead_unit == world.vhxh and bare.due_date == dt.date(2026, 6, 30)
    assert int(bare.budget_planned) == 31250000 and bare.funding_source == "Ngân sách tỉnh"
    assert list(bare.targets.all()) == [world.target] and list(bare.coordinating_units.all()) == [world.ban]
    page = client.get(bare.get_absolute_url()).content.decode()
    assert reverse("task_edit", args=[bare.uid]) in page and "Bản Một" in page


def test_task_edit_errors_in_vietnamese(login, world, bare):
    client = login(world.admin)
    url = reverse("task_edit", args=[bare.uid])
    html = client.post(url, {"title": bare.title, "deadline_text": "sớm nhất có thể",
                             "version": bare.version}).content.decode()
    assert "Không đọc được thời hạn «sớm nhất có thể»" in html
    html = client.post(url, {"title": bare.title, "lead_unit": world.xa_b.pk,
                             "version": bare.version}).content.decode()
    assert "không thuộc kế hoạch" in html  # not one of the plan's units
    Task.objects.filter(pk=bare.pk).update(version=bare.version + 1, outputs="Bản của người khác")
    html = client.post(url, {"title": bare.title, "outputs": "Bản của tôi", "version": bare.version}).content.decode()
    assert "vừa thay đổi nội dung này" in html and "Bản của người khác" in html
    assert f'name="version" value="{bare.version + 1}"' in html
    bare.refresh_from_db()
    assert bare.outputs == "Bản của người khác"


@pytest.mark.parametrize("who", ["officer", "leader", "outsider", "reader"])
def test_other_people_get_403(login, world, bare, who):
    client = login(getattr(world, who))
    for url in (reverse("task_edit", args=[bare.uid]), reverse("target_edit", args=[world.target.uid]),
                reverse("plan_six_clear", args=[world.plan.uid])):
        assert client.get(url).status_code == 403
        assert client.post(url, {"op": "task", "row": bare.uid}).status_code == 403
    page = client.get(reverse("plan_detail", args=[world.plan.uid])).content.decode()
    assert reverse("plan_six_clear", args=[world.plan.uid]) not in page


def test_target_edit_names_reporting_units(login, world):
    client = login(world.admin)
    url = reverse("target_edit", args=[world.target.uid])
    assert "Bản Một" in client.get(url).content.decode()
    resp = client.post(url, {"responsible_unit": world.vhxh.pk, "reporting_units": [world.ban.pk],
                             "version": world.target.version})
    assert resp.status_code == 302
    assert list(world.target.reporting_units.all()) == [world.ban]
    page = client.get(world.target.get_absolute_url()).content.decode()
    assert "Đơn vị báo cáo số liệu" in page and url in page


def test_worklist_shows_only_the_plans_tasks_and_what_they_lack(login, world, bare):
    from theodoi.planning.models import Document

    other_plan = Document.objects.create(doc_type=world.plan.doc_type, number="13/KH-UBND", issuer=world.xa_a,
                                         title="Kế hoạch khác", status=world.plan.status)
    elsewhere = Task.objects.create(document=other_plan, title="Nhiệm vụ của kế hoạch khác")
    client = login(world.admin)
    url = reverse("plan_six_clear", args=[world.plan.uid])
    assert url in client.get(reverse("plan_detail", args=[world.plan.uid])).content.decode()
    html = client.get(url).content.decode()
    assert bare.title in html and "Thiếu: Rõ người" in html and "Thiếu: Rõ thời gian" in html
    assert world.task.title not in html  # complete: shown only with ?all=1
    assert elsewhere.title not in html
    assert world.task.title in client.get(url + "?all=1").content.decode()


def test_worklist_row_saves_one_task(login, world, bare):
    client = login(world.admin)
    url = reverse("plan_six_clear", args=[world.plan.uid])
    p = f"t{bare.pk}-"
    resp = client.post(url, {"op": "task", "row": bare.uid, p + "lead_unit": world.vhxh.pk,
                             p + "responsible_person": world.officer.pk, p + "deadline_text": "Hằng năm",
                             p + "responsibility": "Chủ trì", p + "outputs": "Báo cáo",
                             p + "approving_authority": "UBND xã", p + "version": bare.version})
    assert resp.status_code == 302 and resp["Location"].endswith(f"#t-{bare.uid}")
    bare.refresh_from_db()
    assert bare.recurrence == "annual" and bare.responsible_person == world.officer
    assert bare.title not in client.get(url).content.decode()  # complete now
    assert AuditEvent.objects.filter(action="update", object_id=str(bare.pk)).exists()


def test_worklist_row_error_stays_on_the_row(login, world, bare):
    client = login(world.admin)
    url = reverse("plan_six_clear", args=[world.plan.uid])
    p = f"t{bare.pk}-"
    html = client.post(url, {"op": "task", "row": bare.uid, p + "deadline_text": "chưa rõ",
                             p + "version": bare.version}).content.decode()
    assert "Không đọc được thời hạn «chưa rõ»" in html and 'value="chưa rõ"' in html


def test_bulk_lead_and_bulk_target_unit(login, world, bare):
    other = Task.objects.create(document=world.plan, code="III.4", title="Nhiệm vụ bốn", position=4)
    client = login(world.admin)
    url = reverse("plan_six_clear", args=[world.plan.uid])
    resp = client.post(url, {"op": "bulk-lead", "bulk-unit": world.ban.pk, "tasks": [bare.uid, other.uid],
                             f"v-{bare.uid}": bare.version, f"v-{other.uid}": other.version})
    assert resp.status_code == 302
    assert set(Task.objects.filter(pk__in=[bare.pk, other.pk]).values_list("lead_unit", flat=True)) == {world.ban.pk}
    world.target.responsible_unit = None
    world.target.save()
    resp = client.post(url, {"op": "bulk-target", "bulkt-unit": world.vhxh.pk, "targets": [world.target.uid],
                             f"v-{world.target.uid}": world.target.version})
    world.target.refresh_from_db()
    assert world.target.responsible_unit == world.vhxh


def test_bulk_without_a_unit_is_refused_clearly(login, world, bare):
    client = login(world.admin)
    url = reverse("plan_six_clear", args=[world.plan.uid])
    resp = client.post(url, {"op": "bulk-lead", "tasks": [bare.uid]}, follow=True)
    assert "Hãy chọn đơn vị." in resp.content.decode()
    bare.refresh_from_db()
    assert bare.lead_unit is None


def test_worklist_queries_do_not_grow_with_the_tasks(login, world, django_assert_max_num_queries):
    client = login(world.admin)
    url = reverse("plan_six_clear", args=[world.plan.uid]) + "?all=1"

    def add(n):
        for i in range(n):
            Task.objects.create(document=world.plan, code=f"IV.{i}", title=f"Nhiệm vụ thêm {i}", position=10 + i)

    add(2)
    client.get(url)  # warm the session and the caches
    with django_assert_max_num_queries(40) as ctx:
        assert client.get(url).status_code == 200
    few = len(ctx.captured_queries)
    add(20)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
