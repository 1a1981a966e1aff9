"""The import review page at phone width: the confidence marks fit, nothing scrolls sideways."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import fits_width, sign_in
from theodoi.demo.data import seed_files

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_review_page_with_confidence_marks_fits_a_phone(live_server, world, new_page, shot):
    page = new_page({"width": 390, "height": 844}, phone=True)
    sign_in(page, live_server.url, "admin_a", world.password)
    page.goto(live_server.url + "/import/")
    page.set_input_files("input[type=file]", str(next(p for p in seed_files() if p.name.startswith("002"))))
    page.locator("form:has(input[type=file]) [type=submit]").first.click()
    page.wait_for_selector(".confidence")
    assert page.locator(".confidence.unsure").count() >= 1
    assert fits_width(page), "the review page scrolls sideways at 390 px"
    shot(page, "phone-import-review")
    page.locator(".row-form").first.screenshot(path=str(shot(page, "phone-import-review").parent
                                                    / "phone-import-review-first-item.png"))
