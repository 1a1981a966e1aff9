"""Each staff page renders for the personas who may see it and refuses the others."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["plan_list", "task_list", "target_list", "unit_list", "warnings", "overdue", "six_clear", "review_queue"]


@pytest.mark.parametrize("name", [*LISTS, "home", "dashboard"])
def test_sign_in_required_everywhere(client, world, name):
    resp = client.get(reverse(name))
    assert resp.status_code == 302
    assert resp["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_exports_require_sign_in(client, world, name, fmt):
    resp = client.get(reverse(f"{name}_export", kwargs={"fmt": fmt}))
    assert resp.status_code == 302


def test_login_page_is_vietnamese(client, db):
    resp = client.get(reverse("login"))
    html = resp.content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html
    assert "htmx" in html and "theodoi/app.css" in html


@pytest.mark.parametrize("persona", ["officer", "leader", "admin", "reader", "superuser"])
@pytest.mark.parametrize("name", LISTS)
def test_lists_render_for_members(login, world, persona, name):
    resp = login(getattr(world, persona)).get(reverse(name))
    assert resp.status_code == 200, resp.content[:500]


def test_officer_home_lists_what_to_report(login, world):
    html = login(world.officer).get(reverse("home")).content.decode()
    assert "Nhiệm vụ cần báo cáo tháng này" in html
    assert "Số hóa hồ sơ thủ tục hành chính" in html
    assert reverse("task_update", args=[world.task.uid]) in html


def test_leader_home_shows_waiting_approvals(login, world, progress):
    html = login(world.leader).get(reverse("home")).content.decode()
    assert "Chờ duyệt" in html
    assert "Số hóa hồ sơ thủ tục hành chính" in html


def test_standing_office_lands_on_dashboard(login, world):
    resp = login(world.admin).get(reverse("home"))
    assert resp.status_code == 302 and resp["Location"] == reverse("dashboard")


def test_plan_page(login, world, progress):
    resp = login(world.officer).get(reverse("plan_detail", args=[world.plan.uid]))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "12/KH-UBND" in html and "Tỷ lệ số hóa hồ sơ đạt 100%." in html
    assert "Tuyên truyền chuyển đổi số" in html
    assert "<svg" in html


def test_other_province_gets_403(login, world):
    client = login(world.outsider)
    assert client.get(reverse("plan_detail", args=[world.plan.uid])).status_code == 403
    assert client.get(reverse("task_detail", args=[world.task.uid])).status_code == 403
    assert client.get(reverse("unit_detail", args=[world.xa_a.slug])).status_code == 403
    resp = client.get(reverse("dashboard_unit", args=[world.xa_a.slug]))
    assert resp.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in resp.content.decode()


def test_unknown_item_is_404_in_vietnamese(login, world):
    resp = login(world.officer).get(reverse("task_detail", args=["not-a-uuid"]))
    assert resp.status_code == 404
    assert "Không tìm thấy" in resp.content.decode()


def test_task_page_shows_update_review_and_history(login, world, progress):
    html = login(world.leader).get(reverse("task_detail", args=[world.task.uid])).content.decode()
    assert "Đã số hóa 400 hồ sơ" in html
    assert "12.500.000" in html  # Vietnamese thousands separator
    assert "30/06/2026" in html  # Vietnamese date
    assert reverse("review_action", args=["update", progress.update.uid, "return"]) in html
    assert "Nhật ký thay đổi" in html


def test_officer_sees_no_review_buttons(login, world, progress):
    html = login(world.officer).get(reverse("task_detail", args=[world.task.uid])).content.decode()
    assert reverse("review_action", args=["update", progress.update.uid, "return"]) not in html
    assert reverse("task_update", args=[world.task.uid]) in html


def test_reader_sees_no_report_button(login, world):
    html = login(world.reader).get(reverse("task_detail", args=[world.task.uid])).content.decode()
    assert reverse("task_update", args=[world.task.uid]) not in html


def test_target_page_has_trend_chart(login, world, progress):
    """The chart draws the official combined values: approved figures only (the submitted 45,5 %
    waits for approval), the report's and the list's rule."""
    from theodoi.planning.models import Measurement, ReviewState

    html = login(world.officer).get(reverse("target_detail", args=[world.target.uid])).content.decode()
    chart = html[html.index("<svg"):html.index("</svg>")]
    assert "polyline" not in chart and "45,5" not in chart  # one approved point: 300/1000
    assert "45,5" in html  # the submitted figure is listed in the table, in Vietnamese notation
    Measurement.objects.filter(numerator=455).update(state=ReviewState.APPROVED)
    html = login(world.officer).get(reverse("target_detail", args=[world.target.uid])).content.decode()
    chart = html[html.index("<svg"):html.index("</svg>")]
    assert "polyline" in chart and "45,5" in chart


def test_unit_page(login, world):
    html = login(world.admin).get(reverse("unit_detail", args=[world.vhxh.slug])).content.decode()
    assert "Phòng Văn hóa - Xã hội" in html and "Officer A" in html


def test_dashboard_numbers_link_to_lists(login, world, progress):
    resp = login(world.admin).get(reverse("dashboard"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Xã An Bình" in html
    assert f'{reverse("task_list")}?lead={world.xa_a.slug}' in html
    assert "Xếp hạng đơn vị" in html and "trọng số" in html


def test_nobody_dashboard_explains(login, world):
    resp = login(world.nobody).get(reverse("dashboard"))
    assert resp.status_code == 200
    assert "chưa được gắn với đơn vị" in resp.content.decode()


def test_english_is_available(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    html = client.get(reverse("login")).content.decode()
    assert "Sign in" in html and 'lang="en"' in html
    client.force_login(world.officer)
    assert "Tasks to report this month" in client.get(reverse("home")).content.decode()
