"""The officer's first month: their own work first, numbers and texts as written, Vietnamese errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.planning.models import Comparator, DocType, Document, Target
from theodoi.tenancy.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_target(world):
    nation = Unit.objects.create(slug="trung-uong", name="Trung ương", kind=UnitKind.NATION)
    plan = Document.objects.create(doc_type=DocType.NGHI_QUYET,
                                   number="03/NQ-CP", issuer=nation, title="Chương trình hành động của Chính phủ")
    return Target.objects.create(document=plan, text="Chỉ số HDI đạt trên 0,623", comparator=Comparator.GT,
                                 value=Decimal("0.6230"), unit_of_measure="index")


def test_the_target_list_opens_on_the_persons_own_unit(login, world, national_target):
    client = login(world.officer)
    page = client.get(reverse("target_list")).content.decode()
    assert "Của đơn vị bạn: Phòng Văn hóa - Xã hội xã An Bình." in page
    assert world.target.text in page and national_target.text not in page
    every = client.get(reverse("target_list") + "?all=1").content.decode()
    assert national_target.text in every and "&gt; 0,623" in every  # as the plan wrote it, not 0,62
    # exports are what was asked, never narrowed behind the caller's back
    rows = client.get(reverse("target_list_export", args=["json"])).json()["results"]
    assert {r["text"] for r in rows} >= {world.target.text, national_target.text}


def test_the_task_list_opens_on_the_persons_own_unit(login, world):
    page = login(world.officer).get(reverse("task_list")).content.decode()
    assert f'<option value="{world.vhxh.slug}" selected>' in page and world.task.title in page


def test_home_takes_the_officer_to_each_form_in_one_tap(login, world):
    page = login(world.officer).get(reverse("home")).content.decode()
    form = reverse("task_update", args=[world.task.uid])
    assert f'<a class="todo" href="{form}?period=' in page  # the title itself opens the form
    figure = reverse("target_figure", args=[world.target.uid])
    assert f'<a class="todo" href="{figure}?unit={world.vhxh.slug}&amp;period=' in page
    assert "Phòng Văn hóa - Xã hội xã An Bình" in page  # the office named with its commune


def test_ranges_and_empty_goals_read_as_written(login, world):
    world.target.value, world.target.value_max, world.target.unit_of_measure = Decimal(1), Decimal(2), "sản phẩm"
    world.target.save()
    Target.objects.create(document=world.plan, text="Chỉ tiêu chưa có số", comparator=Comparator.GE)
    page = login(world.officer).get(reverse("plan_detail", args=[world.plan.uid])).content.decode()
    assert "1–2 sản phẩm" in page and "≥ 1 sản phẩm" not in page and "≥ —" not in page


def test_form_errors_and_expired_forms_speak_the_projects_vietnamese(login, world, progress):
    url = reverse("review_action", args=["figure", progress.m2.uid, "return"])
    page = login(world.leader).post(url, {"reason": ""}).content.decode()
    assert "Vui lòng điền mục này." in page and "Trường này là bắt buộc" not in page
    wrong = Client().post(reverse("login"), {"username": "officer_a", "password": "sai"}).content.decode()
    assert "hoặc mật khẩu không đúng" in wrong
    strict = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "officer_a", "password": "x"})
    assert strict.status_code == 403 and "Biểu mẫu đã hết hạn" in strict.content.decode()
    assert "CSRF verification" not in strict.content.decode()


def test_a_long_public_plan_is_folded_by_section(client, world):
    from tests.portal.data import build_public_data

    build_public_data(world)
    page = client.get(reverse("portal:plan", args=[world.plan.uid])).content.decode()
    assert page.count('<details class="card fold"') == 2  # the targets, the tasks


def test_an_index_has_no_unit_in_the_target_list(login, world, national_target):
    page = login(world.officer).get(reverse("target_list") + "?all=1").content.decode()
    row = page.split(national_target.text, 1)[1].split("</tr>", 1)[0]
    assert ">index<" not in row and "&gt; 0,623" in row


def test_a_plan_with_headings_folds_under_each(client, world):
    from tests.portal.data import build_public_data
    from theodoi.planning.models import Task

    build_public_data(world)
    group = Task.objects.create(document=world.plan, code="III", title="Nhóm nhiệm vụ chuyển đổi số", position=0)
    Task.objects.filter(pk__in=[world.task.pk, world.task2.pk]).update(parent=group)
    page = client.get(reverse("portal:plan", args=[world.plan.uid])).content.decode()
    assert page.count('<details class="fold"') >= 2
    assert "Nhóm nhiệm vụ chuyển đổi số <small" in page and "Các nhiệm vụ khác" in page
