"""Text people type comes out escaped on every page: a task title, a progress note, feedback.

Every URL pattern (tests/portal/urlwalk.py) is rendered anonymously and as several personas;
no HTML answer may contain a raw payload (a script, an attribute break-out with an event
handler, a javascript: link), and JSON/CSV/XLSX answers must not be served as HTML.
tests/security/test_injection.py checks the spreadsheet formulas and the report files.
"""

from __future__ import annotations

import pytest

from tests.installations import http_layer_only
from tests.portal.data import build_crawl_objects, build_public_data
from tests.portal.urlwalk import all_targets

pytestmark = [pytest.mark.django_db, http_layer_only]  # once, in the SQLite pass (tests/installations.py)
PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
BREAKOUT = '"><img src=x onerror=alert(2)>'  # out of an attribute, into an event handler
JS_URL = "javascript:alert(3)"
RAW = (PAYLOAD, "<img src=x onerror", 'href="javascript:', "href='javascript:", "href=javascript:")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hostile(world):
    """The world's data with the payload typed into every free-text field people fill in."""
    from theodoi.planning.models import ProgressUpdate, ReviewState
    from theodoi.portal.models import Feedback, FeedbackStatus

    p = build_public_data(world)
    world.task.title = f"Số hóa {PAYLOAD} hồ sơ {BREAKOUT}"
    world.task.outputs = f"Sản phẩm {PAYLOAD}"
    world.task.save()
    world.target.text = f"Chỉ tiêu {PAYLOAD} {BREAKOUT}"
    world.target.save()
    ProgressUpdate.objects.filter(pk=p.approved.pk).update(
        work_done=f"Ghi chú tiến độ {PAYLOAD}", outputs_delivered=JS_URL, difficulties=BREAKOUT, proposals=PAYLOAD,
        review_note=PAYLOAD, state=ReviewState.APPROVED,
    )
    ProgressUpdate.objects.filter(pk=p.submitted.pk).update(work_done=f"Chờ duyệt {PAYLOAD}")
    Feedback.objects.create(document=world.plan, task=world.task, name=PAYLOAD, organisation=BREAKOUT,
                            contact=JS_URL, body=f"Ý kiến {PAYLOAD}", status=FeedbackStatus.ANSWERED,
                            answer=f"Trả lời {PAYLOAD}")
    Feedback.objects.filter(pk=p.new_fb.pk).update(body=f"Câu hỏi {PAYLOAD}", name=PAYLOAD)
    return build_crawl_objects(world, p)


def _check(client, targets) -> tuple[list[str], int]:
    client.raise_request_exception = False
    problems, shown = [], 0
    for t in targets:
        resp = client.get(t.path)
        if resp.status_code >= 500:
            problems.append(f"{t.path}: server error")
            continue
        if getattr(resp, "streaming", False):
            continue
        body = resp.content.decode("utf-8", "replace")
        ctype = resp.get("Content-Type", "")
        if "text/html" in ctype:
            raw = [r for r in RAW if r in body]
            if raw:
                problems.append(f"{t.path} [{t.route.name}]: raw payload in HTML: {raw}")
            shown += ESCAPED in body
        elif PAYLOAD in body and not any(k in ctype for k in ("json", "csv", "spreadsheet", "octet-stream")):
            problems.append(f"{t.path}: payload served as {ctype!r}")
    return problems, shown


@pytest.mark.parametrize("persona", [None, "admin", "officer", "leader", "reader", "superuser"])
def test_payload_is_escaped_on_every_page(client, world, hostile, persona):
    if persona:
        client.force_login(getattr(world, persona))
    problems, shown = _check(client, all_targets(hostile, admin_models=persona == "superuser"))
    assert not problems, "\n".join(problems)
    assert shown >= 2  # the payload was rendered (escaped), not merely absent


def test_public_pages_show_the_escaped_title_and_note(client, world, hostile):
    html = client.get(f"/public/tasks/{world.task.uid}/").content.decode()
    assert f"Số hóa {ESCAPED} hồ sơ" in html and f"Ghi chú tiến độ {ESCAPED}" in html
    assert f"Trả lời {ESCAPED}" in html
    assert "Chờ duyệt" not in html  # unapproved text stays private as well
