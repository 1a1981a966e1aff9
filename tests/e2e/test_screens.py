"""Screenshots of the main pages at phone (360×740) and desktop size, saved as test artifacts
(test-artifacts/screenshots/, git-ignored) for people to look at: the standing office's pages,
the officer's forms and error pages, and a few pages in English. No page may scroll sideways."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, sign_in
from tests.portal.data import build_public_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_main_pages_at_phone_and_desktop_size(live_server, world, new_page, shot):
    build_public_data(world)
    base = live_server.url
    public_pages = {
        "public-index": "/public/",
        "public-plan": f"/public/plans/{world.plan.uid}/",
        "public-task": f"/public/tasks/{world.task.uid}/",
    }
    staff_pages = {
        "login": "/login/",
        "home": "/",
        "dashboard": "/dashboard/",
        "plan": f"/plans/{world.plan.uid}/",
        "task": f"/tasks/{world.task.uid}/",
        "task-update": f"/tasks/{world.task.uid}/update/",
        "review-queue": "/review/",
        "feedback-list": "/feedback/",
        "plans": "/plans/",
        "tasks": "/tasks/",
        "targets": "/targets/",
        "target": f"/targets/{world.target.uid}/",
        "units": "/units/",
        "unit": f"/units/{world.vhxh.slug}/",
        "warnings": "/warnings/",
        "overdue": "/overdue/",
        "completeness": "/completeness/",
        "six-clear": "/six-clear/",
        "reports": "/reports/",
        "import": "/import/",
    }
    # (name, path, expected status) as the officer: the forms they fill and the error pages
    officer_pages = [
        ("officer-home", "/", 200),
        ("target-figure", f"/targets/{world.target.uid}/figure/", 200),
        ("403", "/import/", 403),
        ("404", "/khong-co-trang-nay/", 404),
    ]
    english_pages = {"en-dashboard": "/dashboard/", "en-task-update": f"/tasks/{world.task.uid}/update/",
                     "en-tasks": "/tasks/"}
    for label, size, phone in (("phone", PHONE, True), ("desktop", DESKTOP, False)):
        anon = new_page(size, phone=phone)
        for name, path in public_pages.items():
            resp = anon.goto(base + path)
            assert resp.status == 200, path
            assert fits_width(anon), f"{path} scrolls sideways at {label} size"
            shot(anon, f"{label}-{name}")
        anon.goto(base + "/login/")
        shot(anon, f"{label}-login")
        staff = new_page(size, phone=phone)
        sign_in(staff, base, "admin_a", world.password)
        for name, path in staff_pages.items():
            if name == "login":
                continue
            resp = staff.goto(base + path)
            assert resp.status == 200, path
            assert fits_width(staff), f"{path} scrolls sideways at {label} size"
            shot(staff, f"{label}-{name}")
        officer = new_page(size, phone=phone)
        sign_in(officer, base, "officer_a", world.password)
        for name, path, status in officer_pages:
            resp = officer.goto(base + path)
            assert resp.status == status, (path, resp.status)
            assert fits_width(officer), f"{path} scrolls sideways at {label} size"
            shot(officer, f"{label}-{name}")
        staff.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
        for name, path in english_pages.items():
            resp = staff.goto(base + path)
            assert resp.status == 200 and staff.locator("html").get_attribute("lang") == "en", path
            assert "Menu" in staff.locator(".navmenu > summary").text_content()
            assert fits_width(staff), f"{path} scrolls sideways in English at {label} size"
            shot(staff, f"{label}-{name}")
