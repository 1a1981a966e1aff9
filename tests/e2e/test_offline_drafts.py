"""Offline drafts of the report form in Chromium (390 px, a phone): opened and filled without
signal, kept on the phone, sent when the connection returns, through the server's version check."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import full_page_shot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "exchange"
PHONE = {"width": 390, "height": 844}


def _until(page, script: str, timeout: float = 20.0) -> None:
    """Poll a JS expression (the site's CSP forbids wait_for_function's eval)."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"never true: {script}"
        page.wait_for_timeout(200)


def _wait_for_worker(page) -> None:
    _until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def _open_form_then_go_offline(page, base, world):
    sign_in(page, base, "officer_a", world.password)
    url = f"{base}/tasks/{world.task.uid}/update/"
    page.goto(url)
    _wait_for_worker(page)  # the worker now looks after the form
    page.reload()
    _until(page, "caches.open('theodoi-forms-v1').then(c => c.match(location.href)).then(Boolean)")
    page.context.set_offline(True)
    page.goto(url)  # without signal: from the phone's copy
    assert page.locator("form[data-offline-draft]").count() == 1
    return url


def test_a_draft_made_without_signal_is_sent_when_it_returns(live_server, world, new_page):
    from theodoi.audit.models import AuditEvent
    from theodoi.planning.models import ProgressUpdate

    page = new_page(PHONE, phone=True)
    _open_form_then_go_offline(page, live_server.url, world)
    page.fill("#id_percent", "35")
    page.fill("#id_work_done", "Đã số hóa 350 hồ sơ ở bản Nà Hừ (nhập khi không có sóng)")
    page.get_by_role("button", name="Lưu nháp").click()
    status = page.locator("[data-offline-status]")
    status.wait_for(state="visible")
    assert "đã lưu bản nháp trên máy" in status.inner_text()
    full_page_shot(page, SHOTS / "offline-draft-390.png")
    assert ProgressUpdate.objects.count() == 0

    page.reload()  # still without signal: the draft comes back into the form
    # offline.js reads the draft from IndexedDB after the page loads, then fills the form and says
    # "waiting for signal" in one callback: wait for the message, not for the load alone
    _until(page, "(document.querySelector('[data-offline-status]') || {textContent: ''})"
                 ".textContent.includes('chờ có mạng')")
    assert page.input_value("#id_percent") == "35"

    page.context.set_offline(False)  # the connection returns
    _until(page, "document.querySelector('[data-offline-status]').textContent.includes('đã được gửi')")
    full_page_shot(page, SHOTS / "offline-sent-390.png")
    update = ProgressUpdate.objects.get()
    assert update.percent == 35 and "Nà Hừ" in update.work_done and update.state == "draft"
    assert AuditEvent.objects.filter(object_type="planning.progressupdate", action="create").count() == 1
    assert page.evaluate("""new Promise(r => { const q = indexedDB.open('theodoi-offline');
        q.onsuccess = () => { const g = q.result.transaction('drafts').objectStore('drafts').getAll();
        g.onsuccess = () => r(g.result.length); }; })""") == 0


def test_a_draft_that_meets_a_newer_save_is_kept_and_explained(live_server, world, new_page):
    from theodoi.planning.models import ProgressUpdate
    from theodoi.planning.services.progress import save_update

    page = new_page(PHONE, phone=True)
    _open_form_then_go_offline(page, live_server.url, world)
    page.fill("#id_percent", "50")
    page.get_by_role("button", name="Lưu nháp").click()
    page.locator("[data-offline-status]").wait_for(state="visible")
    # meanwhile, with signal, the leader saves the same month's update
    save_update(user=world.leader, task=world.task, period_key=_period(page), data={"percent": "45"})
    page.context.set_offline(False)
    _until(page, "document.querySelector('[data-offline-status]').textContent.includes('chưa được lưu')")
    assert ProgressUpdate.objects.get().percent == 45  # the version check refused the stale draft
    full_page_shot(page, SHOTS / "offline-conflict-390.png")
    page.reload()
    # the officer's draft is still there to reconsider: the page puts it back from the device's store
    # once that answers (IndexedDB is asynchronous), over the leader's figure the server rendered
    _until(page, "document.querySelector('[data-offline-status]') !== null && "
                 "document.querySelector('[data-offline-status]').textContent.includes('chưa được lưu')", 10)
    assert page.input_value("#id_percent") == "50"


def _period(page) -> str:
    return page.locator("input[name=period]").first.input_value()  # the form and its "không phát sinh" twin
