"""Text people type, made hostile: the payloads typed into every free-text field of ``world``'s data,
and the check that an answer carries them escaped (tests/web/test_crawl.py applies it to every page
it crawls, anonymously and as each persona; tests/web/test_escaping.py reads the public pages)."""

from __future__ import annotations

from typing import Any

from tests.portal.data import build_crawl_objects, build_public_data

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
BREAKOUT = '"><img src=x onerror=alert(2)>'  # out of an attribute, into an event handler
JS_URL = "javascript:alert(3)"
RAW = (PAYLOAD, "<img src=x onerror", 'href="javascript:', "href='javascript:", "href=javascript:")


def build_hostile_objects(world) -> dict[str, list[Any]]:
    """``world`` with the public data (tests/portal/data.py), the payload typed into every free-text
    field people fill in (task, target, updates, review note, feedback and its answer), and the
    objects to crawl with (``build_crawl_objects``)."""
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


def unescaped(resp) -> str | None:
    """What is wrong with the answer ``resp`` to a page holding the payloads, or None: no raw payload in
    an HTML answer, and no payload in an answer served as anything but HTML, JSON, CSV or a file."""
    if getattr(resp, "streaming", False):
        return None
    body = resp.content.decode("utf-8", "replace")
    ctype = resp.get("Content-Type", "")
    if "text/html" in ctype:
        raw = [r for r in RAW if r in body]
        return f"raw payload in HTML: {raw}" if raw else None
    if PAYLOAD in body and not any(k in ctype for k in ("json", "csv", "spreadsheet", "octet-stream")):
        return f"payload served as {ctype!r}"
    return None


def shows_escaped(resp) -> bool:
    """The answer is HTML showing the payload escaped (rendered, not merely absent)."""
    return (not getattr(resp, "streaming", False) and "text/html" in resp.get("Content-Type", "")
            and ESCAPED in resp.content.decode("utf-8", "replace"))
