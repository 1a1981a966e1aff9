"""The navigation in a real browser: on a 360 px phone one "Danh mục" button (a <details>
element, no script) opens every link as a touch-sized target and the header never scrolls
sideways, even with a long name; on a desktop the links show without a click."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Nguyễn Thị Phương Thảo Hoàng Minh Châu"


def test_phone_menu_opens_every_link_as_a_touch_target(live_server, world, new_page, shot):
    world.admin.full_name = LONG_NAME
    world.admin.save(update_fields=["full_name"])
    base = live_server.url
    page = new_page(PHONE, phone=True)
    sign_in(page, base, "admin_a", world.password)
    page.goto(f"{base}/tasks/")
    assert fits_width(page), "the header or the page scrolls sideways at 360 px"

    name = page.locator(".account summary").bounding_box()
    assert name["x"] >= 0 and name["x"] + name["width"] <= PHONE["width"], "the user's name runs off the screen"
    assert page.evaluate("(s => s.scrollWidth <= s.clientWidth)(document.querySelector('.account summary'))"), \
        "the name is clipped instead of ending in …"
    page.locator(".account summary").click()
    assert page.locator(".account-name").inner_text() == LONG_NAME  # the whole name, one tap away
    page.locator(".account summary").click()
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 2 * 44 + 8, "the closed header takes more than two rows"

    summary = page.locator(".navmenu > summary")
    assert summary.bounding_box()["height"] >= 44
    assert "Nhiệm vụ" in summary.inner_text(), "the menu button does not say which page is open"
    links = page.locator(".mainnav a")
    assert not links.first.is_visible(), "the links should wait behind the menu button on a phone"
    shot(page, "phone-menu-closed")

    summary.click()
    count = links.count()
    assert count >= 12, count  # the standing office may use every page
    for i in range(count):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 44, (links.nth(i).inner_text(), box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (links.nth(i).inner_text(), box)
    assert fits_width(page)
    shot(page, "phone-menu-open")

    page.locator(".mainnav a", has_text="Cảnh báo").click()
    page.wait_for_url("**/warnings/")
    assert "Cảnh báo" in page.locator(".navmenu > summary").inner_text()
    assert not page.locator(".mainnav a").first.is_visible(), "the menu stays closed on the next page"


def test_desktop_shows_every_link_in_one_row_without_a_click(live_server, world, new_page, shot):
    base = live_server.url
    page = new_page(DESKTOP)
    sign_in(page, base, "admin_a", world.password)
    page.goto(f"{base}/plans/")
    assert not page.locator(".navmenu > summary").is_visible()
    links = page.locator(".mainnav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, f"the navigation wraps into {len(tops)} rows at 1280 px"
    assert page.locator(".mainnav a[aria-current=page]").inner_text() == "Kế hoạch"
    assert fits_width(page)
    shot(page, "desktop-nav")


def test_officer_menu_on_a_phone_holds_only_their_pages(live_server, world, new_page):
    base = live_server.url
    page = new_page(PHONE, phone=True)
    sign_in(page, base, "officer_a", world.password)
    page.locator(".navmenu > summary").click()
    hrefs = [a.get_attribute("href") for a in page.locator(".mainnav a").all()]
    assert "/tasks/" in hrefs and "/public/" in hrefs
    for hidden in ("/import/", "/feedback/", "/review/", "/six-clear/"):
        assert hidden not in hrefs, hidden
