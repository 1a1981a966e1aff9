"""A person's month, in a real browser: the officer reports from a phone, the leader approves,
the dashboard and the public portal change, and the private fields stay private."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Đã số hóa 600 hồ sơ tại bộ phận một cửa"
PRIVATE = "Thiếu máy quét ở bản xa – việc nội bộ"


def test_officer_reports_on_phone_leader_approves_public_sees(live_server, world, new_page, shot):
    base, task = live_server.url, world.task

    # The leader's dashboard before anything is reported.
    leader = new_page(DESKTOP)
    sign_in(leader, base, "leader_a", world.password)
    leader.goto(f"{base}/dashboard/")
    before = leader.inner_text("main")
    assert "20.000.000" not in before

    # The officer fills the monthly update on a 360×740 phone.
    phone = new_page(PHONE, phone=True)
    sign_in(phone, base, "officer_a", world.password)
    phone.goto(f"{base}/tasks/{task.uid}/update/")
    phone.fill("#id_percent", "60")
    phone.fill("#id_work_done", NOTE)
    phone.fill("#id_outputs_delivered", "600 hồ sơ điện tử")
    phone.fill("#id_disbursed_total", "20.000.000")  # as people write it; a number box would drop it
    phone.fill("#id_difficulties", PRIVATE)
    assert fits_width(phone), "the update form scrolls sideways on a phone"
    shot(phone, "phone-task-update-filled")
    phone.locator("button[name=submit]").click()
    phone.wait_for_load_state()
    assert "Đã gửi báo cáo tiến độ" in phone.inner_text("body")
    shot(phone, "phone-task-after-submit")

    # Submitted but not approved: the public portal shows nothing of it yet.
    citizen = new_page(PHONE, phone=True)
    citizen.goto(f"{base}/public/tasks/{task.uid}/")
    assert NOTE not in citizen.inner_text("main")

    # The leader approves from the task page.
    leader.goto(f"{base}/tasks/{task.uid}/")
    leader.locator("form[action*='/approve/'] button").first.click()
    leader.wait_for_load_state()
    body = leader.inner_text("body")
    assert "Đã duyệt" in body or "duyệt" in body.lower()
    shot(leader, "desktop-task-after-approval")

    # The dashboard changed: the disbursement is counted.
    leader.goto(f"{base}/dashboard/")
    after = leader.inner_text("main")
    assert after != before
    assert "20.000.000" in after
    shot(leader, "desktop-dashboard-after-approval")

    # The public portal shows the approved progress, not the private fields.
    citizen.goto(f"{base}/public/tasks/{task.uid}/")
    text = citizen.inner_text("main")
    assert NOTE in text and "600 hồ sơ điện tử" in text
    assert re.search(r"60(,0)?\s*%", text)
    for private in (PRIVATE, "50.000.000", "20.000.000", "officer_a", "Officer A", "Leader A"):
        assert private not in text, private
    assert fits_width(citizen)
    shot(citizen, "phone-public-task-after-approval")
    citizen.goto(f"{base}/public/plans/{world.plan.uid}/")
    assert re.search(r"60(,0)?\s*%", citizen.inner_text("main"))
    shot(citizen, "phone-public-plan-after-approval")


def test_citizen_feedback_answered_by_standing_office(live_server, world, new_page, shot):
    base = live_server.url
    citizen = new_page(PHONE, phone=True)
    citizen.goto(f"{base}/public/plans/{world.plan.uid}/")
    citizen.select_option("#id_kind", "kien_nghi")
    citizen.fill("#id_name", "Lò Văn Páo")
    citizen.fill("#id_contact", "0912 000 999")
    citizen.fill("#id_body", "Đề nghị mở lớp hướng dẫn dịch vụ công trực tuyến cho bà con bản Một.")
    # The honeypot sits off screen, out of people's way (bots fill it in).
    assert citizen.locator("#id_website").evaluate("e => e.getBoundingClientRect().right <= 0")
    citizen.locator("#y-kien form button[type=submit]").click()
    citizen.wait_for_load_state()
    assert "Cảm ơn bạn đã gửi ý kiến" in citizen.inner_text("body")
    assert "mở lớp hướng dẫn" not in citizen.inner_text("#y-kien")  # shown only once answered
    shot(citizen, "phone-public-feedback-sent")

    office = new_page(DESKTOP)
    sign_in(office, base, "admin_a", world.password)
    office.goto(f"{base}/feedback/")
    office.get_by_text("Đề nghị mở lớp hướng dẫn").first.click()
    office.wait_for_load_state()
    assert "0912 000 999" in office.inner_text("main")  # the office sees the contact
    office.fill("#id_answer", "UBND xã sẽ mở lớp vào sáng thứ Bảy tại nhà văn hóa bản Một.")
    shot(office, "desktop-feedback-answer")
    office.locator("form:has(input[value=answer]) button[type=submit]").click()
    office.wait_for_load_state()

    citizen.goto(f"{base}/public/plans/{world.plan.uid}/")
    text = citizen.inner_text("#y-kien")
    assert "mở lớp vào sáng thứ Bảy" in text and "Lò Văn Páo" in text
    assert "0912 000 999" not in citizen.content()
    shot(citizen, "phone-public-feedback-answered")
