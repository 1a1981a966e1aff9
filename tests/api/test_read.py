"""API v1 reads: authentication, permission filtering, public mirrors, query counts."""

from __future__ import annotations

import json
import uuid

import pytest

pytestmark = pytest.mark.django_db
API = "/api/v1"
STAFF_LISTS = ["units", "plans", "targets", "tasks", "updates", "measurements", "warnings", "me"]


@pytest.mark.parametrize("name", STAFF_LISTS)
def test_anonymous_gets_401_on_staff_endpoints(client, world, name):
    resp = client.get(f"{API}/{name}")
    assert resp.status_code == 401


def test_openapi_schema_needs_sign_in(client, world):
    resp = client.get(f"{API}/openapi.json")
    assert resp.status_code == 302 and "/login/" in resp["Location"]
    client.force_login(world.officer)
    schema = client.get(f"{API}/openapi.json").json()
    assert "/api/v1/tasks" in schema["paths"] and "/api/v1/public/plans" in schema["paths"]


def test_session_reads_are_permission_filtered(client, world, public):
    client.force_login(world.officer)
    tasks = client.get(f"{API}/tasks").json()
    titles = {t["title"] for t in tasks["items"]}
    assert world.task.title in titles and "Nhiệm vụ mật về an ninh mạng" in titles  # its own lead unit
    client.force_login(world.outsider)
    data = client.get(f"{API}/tasks").json()
    assert world.task.title not in {t["title"] for t in data["items"]}
    assert client.get(f"{API}/tasks/{world.task.uid}").status_code == 404
    assert client.get(f"{API}/updates/{public.approved.uid}").status_code == 404
    assert client.get(f"{API}/plans/{world.plan.uid}").status_code == 404


def test_reader_reads_province_but_not_other_province(client, world, public):
    client.force_login(world.reader)
    plans = {p["number"] for p in client.get(f"{API}/plans").json()["items"]}
    assert "12/KH-UBND" in plans and "7/KH-UBND" not in plans
    assert "99/KH-MAT" in plans  # confidential, but the province's subtree holds the issuer
    client.force_login(world.officer_b)
    plans = {p["number"] for p in client.get(f"{API}/plans").json()["items"]}
    assert "12/KH-UBND" not in plans and "99/KH-MAT" not in plans  # a sibling commune reads neither


def test_detail_and_filters(client, world, public):
    client.force_login(world.admin)
    t = client.get(f"{API}/tasks/{world.task.uid}").json()
    assert t["lead_unit"] == "xa-a-vhxh" and t["plan"] == str(world.plan.uid)
    ups = client.get(f"{API}/updates", {"task": str(world.task.uid)}).json()["items"]
    assert {u["period_key"] for u in ups} == {"2026-03", "2026-04"}
    assert client.get(f"{API}/updates", {"task": "nonsense"}).json()["items"] == []
    ms = client.get(f"{API}/measurements", {"target": str(world.target.uid), "state": "approved"}).json()
    assert [m["period_key"] for m in ms["items"]] == ["2026-03"]
    units = client.get(f"{API}/units", {"within": "xa-a"}).json()["items"]
    assert {u["slug"] for u in units} == {"xa-a", "xa-a-vhxh", "xa-a-ban-1"}
    assert client.get(f"{API}/units/xa-a").json()["parent"] == "lai-chau"
    assert client.get(f"{API}/tasks/{uuid.uuid4()}").status_code == 404
    assert client.get(f"{API}/tasks/xyz").status_code == 404
    me = client.get(f"{API}/me").json()
    assert me["username"] == "admin_a" and me["roles"][0]["unit"] == "xa-a"


def test_warnings_are_filtered_by_permission(client, world, public):
    client.force_login(world.admin)
    resp = client.get(f"{API}/warnings")
    assert resp.status_code == 200 and isinstance(resp.json(), list)
    client.force_login(world.outsider)
    assert all(w["unit"] not in ("xa-a-vhxh", "xa-a") for w in client.get(f"{API}/warnings").json())
    assert client.get(f"{API}/warnings", {"unit": "xa-a"}).status_code == 404


def test_pagination_is_capped(client, world, public):
    client.force_login(world.superuser)
    data = client.get(f"{API}/units", {"limit": 100000}).json()
    assert data["count"] == 9 and len(data["items"]) == 9
    assert len(client.get(f"{API}/units", {"limit": 2, "offset": 1}).json()["items"]) == 2


def test_task_list_query_count_is_constant(client, world, public, django_assert_max_num_queries):
    from theodoi.planning.models import Task

    client.force_login(world.admin)
    with django_assert_max_num_queries(15) as ctx:
        client.get(f"{API}/tasks")
    for i in range(20):
        Task.objects.create(document=world.plan, code=f"V.{i}", title=f"Thêm {i}", lead_unit=world.vhxh)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(f"{API}/tasks").json()["count"] >= 25


# Public mirrors ----------------------------------------------------------------------------

def test_public_endpoints_mirror_the_portal(client, world, public):
    plans = client.get(f"{API}/public/plans").json()
    numbers = {p["number"] for p in plans}
    assert {"12/KH-UBND", "7/KH-UBND"} <= numbers and not {"99/KH-MAT", "98/KH-NB"} & numbers
    plan = client.get(f"{API}/public/plans/{world.plan.uid}").json()
    titles = {t["title"] for t in plan["tasks"]}
    assert world.task.title in titles
    assert not {"Nhiệm vụ nội bộ không công khai", "Nhiệm vụ mật về an ninh mạng"} & titles
    assert "Chỉ tiêu mật về bảo mật" not in {t["text"] for t in plan["targets"]}
    task = next(t for t in plan["tasks"] if t["uid"] == str(world.task.uid))
    assert float(task["percent"]) == 40.0 and task["budget"] is None and task["disbursed_total"] is None
    fin = next(t for t in plan["tasks"] if t["uid"] == str(public.finance_task.uid))
    assert float(fin["budget"]) == 80000000 and float(fin["disbursed_total"]) == 15000000
    body = client.get(f"{API}/public/tasks/{world.task.uid}").content.decode()
    assert "Báo cáo chưa duyệt" not in body and "Thiếu máy quét" not in body
    assert client.get(f"{API}/public/tasks/{public.secret_task.uid}").status_code == 404
    assert client.get(f"{API}/public/plans/{public.secret_plan.uid}").status_code == 404
    fb = json.dumps(client.get(f"{API}/public/plans/{world.plan.uid}/feedback").json(), ensure_ascii=False)
    assert "thứ Bảy" in fb and "0912 345 678" not in fb and "contact" not in fb and "Quảng cáo" not in fb
    assert {f["task"] for f in json.loads(fb)} == {None, str(world.task.uid)}
