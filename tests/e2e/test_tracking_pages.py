"""The pages of issue 9's tracking parts in Chromium at 390 px and 1366 px: the leader's decision on a
stalled task (from the warning's button), the science lifecycle, the plans owed by lower units, and
the re-import review with hand-set values against the document. No page may scroll sideways."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import fits_width, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SIZES = (("390", {"width": 390, "height": 844}, True), ("1366", {"width": 1366, "height": 900}, False))


def _scene(world, django_user_model):
    from theodoi.planning.models import Stage, Task
    from theodoi.planning.services import child_plans, lifecycle, progress
    from theodoi.tenancy.models import Membership, Role

    chairman = django_user_model.objects.create_user(username="chutich_a", password=world.password)
    Membership.objects.create(user=chairman, unit=world.xa_a, role=Role.LEADER)
    Task.objects.filter(pk=world.task.pk).update(is_science_task=True)
    world.task.refresh_from_db()
    for stage, day, amount in ((Stage.ORDER, dt.date(2026, 1, 20), None), (Stage.DIRECT, dt.date(2026, 1, 25), None),
                               (Stage.CONTRACT, dt.date(2026, 2, 1), None),
                               (Stage.DISBURSEMENT, dt.date(2026, 3, 1), 40_000_000)):
        lifecycle.add_stage(user=world.officer, task=world.task, stage=stage, date=day, amount=amount,
                            document_ref=f"Quyết định số {day.month}/QĐ-UBND ngày {day:%d/%m/%Y}")
    progress.save_update(user=world.officer, task=world.task, period_key="2026-03",
                         data={"percent": 10, "work_done": "Khảo sát", "disbursed_total": 30_000_000}, submit=True)
    child_plans.add_plan_due(user=world.admin, document=world.plan, unit=world.vhxh, due_text="tháng 4/2026")
    return chairman


def test_tracking_pages_fit_a_phone_and_a_desktop(live_server, world, django_user_model, new_page, shot):
    from django.urls import reverse

    _scene(world, django_user_model)
    base = live_server.url
    pages = [
        ("chutich_a", "run-state", reverse("task_run_state", args=[world.task.uid]) + "?from=stalled"),
        ("chutich_a", "task-directed", reverse("task_detail", args=[world.task.uid])),
        ("officer_a", "stages", reverse("task_stages", args=[world.task.uid])),
        ("officer_a", "task-science", reverse("task_detail", args=[world.task.uid])),
        ("admin_a", "plan-dues", reverse("plan_detail", args=[world.plan.uid])),
        ("admin_a", "warnings", reverse("warnings")),
    ]
    for label, size, phone in SIZES:
        signed: dict[str, object] = {}
        for who, name, path in pages:
            if who not in signed:
                signed[who] = new_page(size, phone=phone)
                sign_in(signed[who], base, who, world.password)
            page = signed[who]
            resp = page.goto(base + path)
            assert resp.status == 200, (who, path, resp.status)
            assert fits_width(page), f"{path} scrolls sideways at {label} px"
            shot(page, f"i09b-{label}-{name}")
        html = signed["officer_a"].content()
        assert "Đối soát tiến độ, giải ngân, sản phẩm" in html and "khác số báo cáo" in html


def test_reimport_review_fits_a_phone_and_a_desktop(live_server, django_user_model, new_page, shot):
    from theodoi.demo import units as demo_units
    from theodoi.demo.data import seed_files
    from theodoi.planning.importing.service import import_plan
    from theodoi.planning.services.tasks import update_task
    from theodoi.tenancy.models import Membership, Role, Unit

    demo_units.load_all()
    path = next(p for p in seed_files() if p.name.startswith("002"))
    doc = import_plan(path.read_bytes(), path.name).document
    office = django_user_model.objects.create_user(username="vp_pt", password="mat-khau-dai-2026-e2e")
    Membership.objects.create(user=office, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    for task in [t for t in doc.tasks.order_by("position") if t.deadline_text][:2]:
        update_task(user=office, task=task, fields={"deadline_text": "Quý I/2027", "due_date": dt.date(2027, 3, 31)})
    base = live_server.url
    review = ""
    for label, size, phone in SIZES:
        if not review:  # uploaded once, on the phone; the desktop opens the same review in that session
            page = first = new_page(size, phone=phone)
            sign_in(page, base, "vp_pt", "mat-khau-dai-2026-e2e")
            page.goto(base + "/import/")
            page.set_input_files("input[type=file]", str(path))
            page.locator("form:has(input[type=file]) button[type=submit]").first.click()
            page.wait_for_load_state()
            review = page.url
            assert "/import/" in review and review.rstrip("/") != f"{base}/import", review
        else:
            page = new_page(size, phone=phone, signed_in_as=first)
            page.goto(review)
        assert "Văn bản mới khác với nội dung đã nhập tay" in page.content()
        assert fits_width(page), f"the review page scrolls sideways at {label} px"
        page.locator("#khac-nhap-tay").scroll_into_view_if_needed()
        shot(page, f"i09b-{label}-reimport-review")
