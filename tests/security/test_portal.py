"""The portal's feedback form against a flood: a limit per address that lives in the database
(it survives a restart and holds across server processes), ignores forged headers, and refuses
oversized bodies; answers appear only once given, confidential items never."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from theodoi.portal.models import Feedback, ThrottleHit

pytestmark = pytest.mark.django_db
GOOD = {"kind": "y_kien", "name": "Trần Văn Bình", "organisation": "", "contact": "",
        "body": "Đề nghị lắp thêm wifi miễn phí ở nhà văn hóa.", "website": ""}


def test_the_feedback_limit_is_kept_in_the_database(world):
    from theodoi.portal.throttle import FEEDBACK_LIMIT

    url = f"/public/plans/{world.plan.uid}/"
    client = Client(REMOTE_ADDR="198.51.100.20")
    for i in range(FEEDBACK_LIMIT):
        assert client.post(url, {**GOOD, "name": f"Người {i}"}, HTTP_X_FORWARDED_FOR=f"10.1.1.{i}").status_code == 302
    cache.clear()  # a restarted server, or another process: the count is still there
    resp = Client(REMOTE_ADDR="198.51.100.20").post(url, {**GOOD, "name": "Người nữa"})
    assert resp.status_code == 400 and "gửi nhiều ý kiến" in resp.content.decode()
    assert Feedback.objects.count() == FEEDBACK_LIMIT
    assert ThrottleHit.objects.filter(scope="feedback").count() == FEEDBACK_LIMIT


def test_an_oversized_feedback_is_refused_without_being_stored(client, world):
    resp = client.post(f"/public/plans/{world.plan.uid}/", {**GOOD, "body": "x" * 3001, "name": "y" * 121})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "không được dài quá 3000 ký tự" in html.lower() or "3000" in html
    assert not Feedback.objects.exists()
    assert not ThrottleHit.objects.exists()  # an invalid form does not use up the limit


def test_a_bot_filling_the_honeypot_stores_nothing(client, world):
    resp = client.post(f"/public/plans/{world.plan.uid}/", {**GOOD, "website": "http://spam.example"})
    assert resp.status_code == 400 and not Feedback.objects.exists()


def test_feedback_text_is_shown_escaped_and_only_once_answered(client, world):
    from theodoi.portal.models import FeedbackStatus

    fb = Feedback.objects.create(document=world.plan, name="<b>Dân</b>", body="<script>alert(1)</script> hỏi")
    url = f"/public/plans/{world.plan.uid}/"
    assert "alert(1)" not in client.get(url).content.decode()
    Feedback.objects.filter(pk=fb.pk).update(status=FeedbackStatus.ANSWERED, answer="<img src=x onerror=alert(2)>")
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hỏi" in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html and "<b>Dân</b>" not in html
    api = client.get(f"/api/v1/public/plans/{world.plan.uid}/feedback").json()
    assert api[0]["body"].startswith("<script>") and "contact" not in api[0]  # JSON: data, not markup
