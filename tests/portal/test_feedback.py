"""Citizens send feedback (CSRF, honeypot, rate limit, length limits); the standing office answers it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.portal.models import Feedback, FeedbackStatus

pytestmark = pytest.mark.django_db

GOOD = {"kind": "kien_nghi", "name": "Trần Văn Bình", "organisation": "", "contact": "0987 000 111",
        "body": "Đề nghị lắp thêm wifi miễn phí ở nhà văn hóa.", "website": ""}


def _post(client, url, **changes):
    return client.post(url, {**GOOD, **changes})


def test_feedback_is_stored_new_and_not_shown_until_answered(client, world, public):
    url = reverse("portal:plan", args=[world.plan.uid])
    resp = _post(client, url)
    assert resp.status_code == 302
    fb = Feedback.objects.get(name="Trần Văn Bình")
    assert fb.status == FeedbackStatus.NEW and fb.task is None and fb.contact == "0987 000 111"
    page = client.get(url).content.decode()
    assert "Cảm ơn bạn đã gửi ý kiến" in page
    assert "wifi miễn phí" not in page


def test_feedback_on_a_task(client, world, public):
    resp = _post(client, reverse("portal:task", args=[world.task.uid]))
    assert resp.status_code == 302
    assert Feedback.objects.get(name="Trần Văn Bình").task == world.task


def test_feedback_needs_csrf(world, public):
    strict = Client(enforce_csrf_checks=True)
    resp = strict.post(reverse("portal:plan", args=[world.plan.uid]), GOOD)
    assert resp.status_code == 403
    assert not Feedback.objects.filter(name="Trần Văn Bình").exists()


def test_honeypot_refuses_bots(client, world, public):
    resp = _post(client, reverse("portal:plan", args=[world.plan.uid]), website="http://spam.example")
    assert resp.status_code == 400
    assert not Feedback.objects.filter(name="Trần Văn Bình").exists()


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Vui lòng nhập họ và tên."),
    ({"body": "ngắn"}, "cần ít nhất 10 ký tự"),
    ({"body": "x" * 3001}, "không được dài quá 3000 ký tự"),
    ({"name": "a" * 121}, "không được dài quá 120 ký tự"),
    ({"kind": "khac"}, "Loại ý kiến không hợp lệ."),
])
def test_validation_messages_are_vietnamese(client, world, public, changes, message):
    resp = _post(client, reverse("portal:plan", args=[world.plan.uid]), **changes)
    assert resp.status_code == 400
    assert message in resp.content.decode()
    assert not Feedback.objects.filter(name=changes.get("name", GOOD["name"])).exists()


def test_rate_limit_per_ip(client, world, public):
    url = reverse("portal:plan", args=[world.plan.uid])
    for i in range(5):
        assert _post(client, url, name=f"Người {i}").status_code == 302
    resp = _post(client, url, name="Người thứ sáu")
    assert resp.status_code == 400
    assert "gửi nhiều ý kiến trong thời gian ngắn" in resp.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _post(other, url, name="Người ở máy khác").status_code == 302


def test_no_feedback_on_confidential_or_private_items(client, world, public):
    assert _post(client, reverse("portal:task", args=[public.secret_task.uid])).status_code == 404
    assert _post(client, reverse("portal:plan", args=[public.secret_plan.uid])).status_code == 404


def test_answered_feedback_is_public_hidden_and_new_are_not(client, world, public):
    html = client.get(reverse("portal:plan", args=[world.plan.uid])).content.decode()
    assert "Đề nghị hướng dẫn nộp hồ sơ" in html and "tổ chức hướng dẫn vào thứ Bảy" in html
    assert "Hợp tác xã Chè" in html
    assert "0912 345 678" not in html
    assert "Câu hỏi chưa được trả lời" not in html and "Quảng cáo" not in html
    # Feedback about a task shows on the task page, not on the plan page.
    assert "Khi nào số hóa xong" not in html


# Staff side -----------------------------------------------------------------------------

def test_staff_pages_need_sign_in(client, world, public):
    for url in (reverse("feedback:list"), reverse("feedback:detail", args=[public.new_fb.uid])):
        resp = client.get(url)
        assert resp.status_code == 302 and "/login/" in resp["Location"]


def test_standing_office_answers_and_answer_becomes_public(client, world, public):
    client.force_login(world.admin)
    listing = client.get(reverse("feedback:list")).content.decode()
    assert "Câu hỏi chưa được trả lời" in listing
    url = reverse("feedback:detail", args=[public.new_fb.uid])
    page = client.get(url).content.decode()
    assert "bimat@example.test" in page  # the office sees the contact
    resp = client.post(url, {"action": "answer", "answer": "Đã ghi nhận, sẽ trả lời bằng văn bản."})
    assert resp.status_code == 302
    public.new_fb.refresh_from_db()
    assert public.new_fb.status == FeedbackStatus.ANSWERED and public.new_fb.answered_by == world.admin
    client.logout()
    html = client.get(reverse("portal:plan", args=[world.plan.uid])).content.decode()
    assert "Đã ghi nhận, sẽ trả lời bằng văn bản." in html and "bimat@example.test" not in html


def test_hide_needs_a_reason_and_removes_from_portal(client, world, public):
    client.force_login(world.admin)
    url = reverse("feedback:detail", args=[public.answered.uid])
    resp = client.post(url, {"action": "hide", "reason": ""})
    assert resp.status_code == 200
    public.answered.refresh_from_db()
    assert public.answered.status == FeedbackStatus.ANSWERED
    client.post(url, {"action": "hide", "reason": "Có thông tin cá nhân"})
    public.answered.refresh_from_db()
    assert public.answered.status == FeedbackStatus.HIDDEN
    client.logout()
    page = client.get(reverse("portal:plan", args=[world.plan.uid])).content.decode()
    assert "Đề nghị hướng dẫn nộp hồ sơ" not in page
    client.force_login(world.admin)
    client.post(url, {"action": "restore"})
    public.answered.refresh_from_db()
    assert public.answered.status == FeedbackStatus.ANSWERED


def test_reader_sees_but_cannot_answer(client, world, public):
    client.force_login(world.reader)
    url = reverse("feedback:detail", args=[public.new_fb.uid])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "answer", "answer": "Trả lời trái phép"}).status_code == 403
    public.new_fb.refresh_from_db()
    assert public.new_fb.status == FeedbackStatus.NEW


@pytest.mark.parametrize("persona", ["outsider", "officer_b", "nobody"])
def test_other_units_cannot_read_feedback(client, world, public, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("feedback:detail", args=[public.new_fb.uid])).status_code == 403
    assert "Câu hỏi chưa được trả lời" not in client.get(reverse("feedback:list")).content.decode()


def test_answer_is_audited(client, world, public):
    from theodoi.audit.models import AuditEvent
    from theodoi.portal.services import answer_feedback

    answer_feedback(user=world.admin, feedback=public.new_fb, answer="Trả lời có ghi vết")
    ev = AuditEvent.objects.filter(action="feedback_answered").get()
    assert ev.actor == world.admin and ev.after["answer"] == "Trả lời có ghi vết"
