"""The public portal shows public, approved information only, to anyone, without sign-in."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_index_lists_public_plans_grouped_by_province(client, world, public):
    html = client.get(reverse("portal:index")).content.decode()
    assert "12/KH-UBND" in html and "Tỉnh Lai Châu" in html
    assert "7/KH-UBND" in html and "Tỉnh Điện Biên" in html
    assert "99/KH-MAT" not in html and "98/KH-NB" not in html


def test_index_search_is_diacritic_insensitive_and_filters_by_province(client, world, public):
    html = client.get(reverse("portal:index"), {"q": "chuyen doi so cau da"}).content.decode()
    assert "7/KH-UBND" in html and "12/KH-UBND" not in html
    html = client.get(reverse("portal:index"), {"tinh": "lai-chau"}).content.decode()
    assert "12/KH-UBND" in html and "7/KH-UBND" not in html
    html = client.get(reverse("portal:index"), {"q": "mật"}).content.decode()
    assert "99/KH-MAT" not in html


def test_plan_page_shows_public_items_and_approved_progress_only(client, world, public):
    resp = client.get(reverse("portal:plan", args=[world.plan.uid]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert world.task.title in html and world.target.text in html
    assert re.search(r"40(,0)?\s*%", html)  # latest approved percent
    assert not re.search(r"75(,0)?\s*%", html)  # the submitted 75% is not shown
    assert "Báo cáo chưa duyệt" not in html
    assert "88,8" not in html  # the submitted figure
    assert re.search(r">\s*30(,0)?\s*%", html)  # the approved figure 300/1000 = 30%
    for hidden in ("Nhiệm vụ nội bộ không công khai", "Nhiệm vụ mật", "Chỉ tiêu mật", "nội bộ)",
                   "Ghi chú duyệt nội bộ", "0912 345 678", "mai@example.test", "bimat@example.test",
                   "Câu hỏi chưa được trả lời", "Quảng cáo không liên quan", "officer_a", "Leader A"):
        assert hidden not in html, hidden


def test_finance_is_shown_only_for_tasks_marked_public(client, world, public):
    html = client.get(reverse("portal:plan", args=[world.plan.uid])).content.decode()
    assert "80.000.000" in html and "15.000.000" in html  # budget and disbursed of the finance-public task
    assert "50.000.000" not in html and "12.500.000" not in html  # task 1 keeps its finance private
    task_html = client.get(reverse("portal:task", args=[world.task.uid])).content.decode()
    assert "50.000.000" not in task_html and "12.500.000" not in task_html
    fin_html = client.get(reverse("portal:task", args=[public.finance_task.uid])).content.decode()
    assert "80.000.000" in fin_html and "15.000.000" in fin_html


def test_task_page_shows_approved_history_and_answered_feedback(client, world, public):
    html = client.get(reverse("portal:task", args=[world.task.uid])).content.decode()
    assert "Đã số hóa 400 hồ sơ đợt một" in html and "400 hồ sơ điện tử" in html
    assert "Báo cáo chưa duyệt" not in html and "Thiếu máy quét" not in html
    assert "Khi nào số hóa xong hồ sơ đất đai?" in html and "Trong quý II/2026." in html
    assert "mai@example.test" not in html


@pytest.mark.parametrize("which", ["private_task", "secret_task"])
def test_private_and_confidential_tasks_are_not_found(client, world, public, which):
    task = getattr(public, which)
    assert client.get(reverse("portal:task", args=[task.uid])).status_code == 404


@pytest.mark.parametrize("which", ["secret_plan", "internal_plan"])
def test_private_and_confidential_plans_are_not_found(client, world, public, which):
    doc = getattr(public, which)
    assert client.get(reverse("portal:plan", args=[doc.uid])).status_code == 404
    task = doc.tasks.first()
    if task is not None:
        assert client.get(reverse("portal:task", args=[task.uid])).status_code == 404


def test_unknown_uid_is_404(client, world):
    assert client.get(reverse("portal:plan", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/public/plans/not-a-uuid/").status_code == 404


def test_plan_page_query_count_does_not_grow_with_tasks(client, world, public, django_assert_max_num_queries):
    from theodoi.planning.models import Task

    with django_assert_max_num_queries(20) as ctx:
        client.get(reverse("portal:plan", args=[world.plan.uid]))
    before = len(ctx.captured_queries)
    for i in range(15):
        Task.objects.create(document=world.plan, code=f"IV.{i}", title=f"Nhiệm vụ thêm {i}", lead_unit=world.vhxh)
    with django_assert_max_num_queries(before) as ctx2:
        client.get(reverse("portal:plan", args=[world.plan.uid]))
    assert len(ctx2.captured_queries) <= before


def test_portal_pages_use_the_shared_stylesheet_and_no_cdn(client, world, public):
    html = client.get(reverse("portal:plan", args=[world.plan.uid])).content.decode()
    assert "/static/theodoi/app.css" in html
    assert "https://" not in html and "http://" not in html.replace('http://www.w3.org', '')


def test_index_query_count_does_not_grow_with_plans(client, world, public, django_assert_max_num_queries):
    from theodoi.planning.models import Document
    from theodoi.tenancy.models import Unit, UnitKind

    with django_assert_max_num_queries(15) as ctx:
        client.get(reverse("portal:index"))
    for i in range(10):
        commune = Unit.objects.create(slug=f"xa-moi-{i}", name=f"Xã Mới {i}", kind=UnitKind.COMMUNE,
                                      parent=world.lai_chau)
        Document.objects.create(doc_type="ke_hoach", number=f"{i}/KH", issuer=commune, title=f"Kế hoạch {i}")
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        html = client.get(reverse("portal:index")).content.decode()
    assert "Xã Mới 9" in html


def test_index_is_paginated_in_the_database_and_keeps_the_search(client, world, public, django_assert_max_num_queries):
    from theodoi.planning.models import DocType, Document
    from theodoi.portal.selectors import PLANS_PER_PAGE

    Document.objects.bulk_create([
        Document(doc_type=DocType.KE_HOACH, number=f"{500 + i}/KH-UBND", number_key=f"{500 + i}/KH-UBND",
                 issuer=world.xa_b, title=f"Kế hoạch chuyển đổi số thôn {i}") for i in range(PLANS_PER_PAGE + 5)
    ])
    total = Document.objects.public().count()
    first = client.get(reverse("portal:index")).content.decode()
    assert f"{total} kế hoạch" in first and "Trang 1/2" in first
    assert len(re.findall(r'href="/public/plans/', first)) == PLANS_PER_PAGE
    second = client.get(reverse("portal:index"), {"page": 2}).content.decode()
    assert len(re.findall(r'href="/public/plans/', second)) == total - PLANS_PER_PAGE
    assert "Trang 2/2" in second and "page=1" in second
    # the search stays in the pager's links, and a page past the end shows the last one
    found = client.get(reverse("portal:index"), {"q": "chuyen doi so thon"}).content.decode()
    assert f"{PLANS_PER_PAGE + 5} kế hoạch" in found and "q=chuyen+doi+so+thon&amp;page=2" in found
    assert "Trang 2/2" in client.get(reverse("portal:index"), {"page": 99}).content.decode()
    with django_assert_max_num_queries(8):  # one page of rows, whatever the number of plans
        client.get(reverse("portal:index"))
