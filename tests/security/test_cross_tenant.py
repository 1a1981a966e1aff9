"""Another province's officer guesses every URL of Lai Châu: pages, exports in every format,
evidence, report files, review actions, the API (session and token), the admin and the import
pages. Nothing of Lai Châu may come back, and nothing may change.

The walk is ``tests/portal/urlwalk.py`` (every pattern of ``get_resolver()``), filled with the
real uids, slugs and ids of Lai Châu's objects, plus a report of xã An Bình.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from tests.portal.urlwalk import Target, all_targets

pytestmark = pytest.mark.django_db

# Text that exists only in Lai Châu's data (tests/conftest.py, tests/portal/data.py).
MARKERS = [
    "Kế hoạch chuyển đổi số năm 2026", "12/KH-UBND", "Số hóa hồ sơ thủ tục hành chính", "Tỷ lệ số hóa hồ sơ đạt",
    "Đã số hóa 400 hồ sơ", "750 hồ sơ", "Thiếu máy quét", "Nhiệm vụ mật", "Chỉ tiêu mật", "Kế hoạch mật",
    "Kế hoạch nội bộ", "minh chung", "bien-ban.txt", "Câu hỏi chưa được trả lời", "bimat@example.test",
    "Xã An Bình", "Bản Một", "officer_a", "leader_a", "admin_a",
]
OWN = ("xa-c", "7/KH-UBND")  # the outsider's own commune and plan: allowed, not guessed


@pytest.fixture
def lai_chau(world, crawl_objects):
    from theodoi.reporting import services

    report = services.open_report(world.xa_a, "monthly", "2026-05", world.admin)
    objects = {**crawl_objects, "report": [report]}
    objects["plan"] = [p for p in objects["plan"] if p.issuer_id != world.xa_c.pk]
    objects["public_plan"] = [p for p in objects["public_plan"] if p.issuer_id != world.xa_c.pk]
    objects["unit"] = [world.xa_a, world.vhxh, world.lai_chau]
    return objects


def _targets(objects) -> list[Target]:
    """Every path, and every list again with ?format=json|csv|xlsx and a Lai Châu filter."""
    out = []
    for t in all_targets(objects, admin_models=True):
        if t.route.name.startswith("portal:") or t.route.template.startswith("api/v1/public/"):
            continue  # public by design: the portal shows Lai Châu's public plans to everyone
        if t.route.name in ("login", "admin:login", "logout", "admin:logout", "set_language"):
            continue
        out.append(t)
        if t.obj is None and "<" not in t.route.template and not t.route.template.startswith(("admin/", "api/")):
            for fmt in ("json", "csv", "xlsx"):
                out.append(Target(f"{t.path}?format={fmt}&unit=xa-a&lead=xa-a-vhxh&q=hồ sơ", t.route))
    return out


def _text(resp) -> str:
    body = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    if body[:2] == b"PK":  # XLSX, DOCX: the text lives in the XML members
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    text = body.decode("utf-8", "replace")
    if "json" in resp.get("Content-Type", ""):  # "\u1ed1" escapes would hide Vietnamese markers
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _leaks(resp) -> list[str]:
    text = _text(resp)
    return [m for m in MARKERS if m in text]


def _check_get(client: Client, targets: list[Target], **headers) -> list[str]:
    client.raise_request_exception = False
    problems = []
    for t in targets:
        resp = client.get(t.path, **headers)
        if resp.status_code >= 500:
            problems.append(f"GET {t.path}: server error")
        elif leaked := _leaks(resp):
            problems.append(f"GET {t.path} [{t.route.name}] {resp.status_code}: shows {leaked}")
        elif t.obj is not None and resp.status_code == 200:
            problems.append(f"GET {t.path} [{t.route.name}]: Lai Châu object answered 200")
    return problems


def test_a_guessing_officer_of_another_province_reads_nothing(client, world, lai_chau):
    targets = _targets(lai_chau)
    assert sum(1 for t in targets if t.obj is not None) > 30
    assert any(t.route.name == "reporting:download" for t in targets)
    assert any(t.route.name == "evidence" for t in targets)
    client.force_login(world.outsider)
    problems = _check_get(client, targets)
    assert not problems, "\n".join(problems)


def test_the_same_with_a_personal_api_token(world, lai_chau):
    from theodoi.portal.tokens import issue_token

    _, plain = issue_token(world.outsider, "đoán mã")
    api = [t for t in _targets(lai_chau) if t.route.name.startswith("api-1:")]
    assert len(api) > 10
    problems = _check_get(Client(), api, HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert not problems, "\n".join(problems)


def _state():
    from theodoi.audit.models import AuditEvent
    from theodoi.planning.models import (
        Document,
        Evidence,
        Measurement,
        ProgressUpdate,
        Target,
        Task,
    )
    from theodoi.portal.models import Feedback
    from theodoi.reporting.models import Report

    rows = {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in
            (AuditEvent, Document, Evidence, Measurement, ProgressUpdate, Target, Task, Feedback, Report)}
    rows["states"] = sorted(ProgressUpdate.objects.values_list("pk", "state", "version"))
    rows["feedback"] = sorted(Feedback.objects.values_list("pk", "status", "answer"))
    rows["reports"] = sorted(Report.objects.values_list("pk", "state", "version"))
    return rows


def test_a_guessing_officer_of_another_province_changes_nothing(client, world, lai_chau):
    """POST every URL (review actions, report actions, forms, API writes, admin, import) with
    plausible data: refused, and the database is as before."""
    before = _state()
    client.force_login(world.outsider)
    client.raise_request_exception = False
    data = {"reason": "đoán", "percent": "90", "work_done": "sửa trộm", "value": "1", "answer": "trả lời trộm",
            "kind": "monthly", "period": "2026-05", "version": "1", "action": "approve"}
    problems = []
    for t in _targets(lai_chau):
        resp = client.post(t.path, data)
        if t.route.name.startswith("api-1:"):
            resp = client.post(t.path, {**data, "period_key": "2026-05", "action": "approve"},
                               content_type="application/json")
        if resp.status_code >= 500 or _leaks(resp):
            problems.append(f"POST {t.path} [{t.route.name}]: {resp.status_code} {_leaks(resp)}")
    assert not problems, "\n".join(problems)
    assert _state() == before


def test_the_detector_sees_lai_chau_data_where_it_is_allowed(client, world, lai_chau):
    """The same walk's pages, exports, report files and evidence, read by xã An Bình's standing
    office, show the markers: the checks above would notice a leak. Only the routes asserted are
    requested (the rest of the walk asserted nothing here)."""
    wanted = ("plan_detail", "task_detail", "evidence", "reporting:download", "api-1:tasks", "task_list?json",
              "task_list?csv", "task_list?xlsx", "plan_list_export")
    client.force_login(world.admin)
    client.raise_request_exception = False
    found = set()
    for t in _targets(lai_chau):
        if t.route.name not in {n.split("?")[0] for n in wanted}:
            continue  # the walk's other routes prove nothing here: only these are asserted below
        resp = client.get(t.path)
        if resp.status_code == 200 and _leaks(resp):
            found.add(t.route.name + ("?" + t.path.split("format=")[1].split("&")[0] if "format=" in t.path else ""))
    for name in wanted:
        assert name in found, f"{name} not in {sorted(found)}"
