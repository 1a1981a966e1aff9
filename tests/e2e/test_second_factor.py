"""Setting up the authenticator app and signing in with its code, in a real browser on a phone."""

from __future__ import annotations

import pyotp
import pytest

from tests.e2e.conftest import PHONE, fits_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_sets_up_the_app_then_signs_in_with_a_code(live_server, world, new_page, shot):
    from theodoi.tenancy.models import SecondFactor

    base = live_server.url
    page = new_page(PHONE, phone=True)
    page.goto(f"{base}/login/")
    page.fill("#id_username", "leader_a")
    page.fill("#id_password", world.password)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/account/second-factor/**")
    assert fits_width(page), "the set-up page scrolls sideways on a phone"
    qr = page.locator("img.qr")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    box = qr.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(page, "second-factor-enrol-phone")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".recovery-codes li").count() == 10
    assert fits_width(page)
    page.locator("a.btn").click()
    page.wait_for_load_state()
    assert "/account/" not in page.url and "/login/" not in page.url

    SecondFactor.objects.filter(user=world.leader).update(last_step=0)  # the next 30-second step
    again = new_page(PHONE, phone=True)
    again.goto(f"{base}/tasks/")
    again.fill("#id_username", "leader_a")
    again.fill("#id_password", world.password)
    again.locator("form.stack button[type=submit]").click()
    again.wait_for_url("**/login/code/**")
    assert fits_width(again)
    shot(again, "second-factor-code-phone")
    again.fill("#id_code", pyotp.TOTP(secret).now())
    again.locator("form.stack button[type=submit]").click()
    again.wait_for_url("**/tasks/")
