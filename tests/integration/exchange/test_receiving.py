"""The province's end of the upward exchange, in process: token scope, hashes, idempotency, versions."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from theodoi.audit.models import AuditEvent
from theodoi.exchange.models import Submission
from theodoi.exchange.receiving import Refused, issue_token, receive
from theodoi.planning.models import Measurement, ReviewState

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n% a signed report\n"


def _body(unit="xa-a", version=1, pdf=PDF, numerator="45", report=None):
    return {"schema": "theodoi.submission/1", "unit": unit, "kind": "monthly", "period_key": "2026-05",
            "report_uid": str(report or uuid.UUID(int=7)), "report_version": version,
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(), "pdf_base64": base64.b64encode(pdf).decode(),
            "data": {"figures": [{"indicator_code": "T-SOHOA", "unit": "xa-a-ban-1", "numerator": numerator,
                                  "denominator": "50"},
                                 {"indicator_code": "T-SOHOA", "unit": "xa-a-vhxh", "numerator": "300",
                                  "denominator": "1000"},
                                 {"indicator_code": "KHAC", "unit": "xa-a", "value": "3"}],
                     "tasks": [], "progress": [], "audit_head": {"seq": 12, "hash": "ab" * 32}}}


@pytest.fixture
def province(world, baseline):
    """A provincial plan whose target follows the ratio indicator the commune reports."""
    from theodoi.planning.models import DocStatus, DocType, Document, Target

    plan = Document.objects.create(doc_type=DocType.KE_HOACH, number="45/KH-UBND", issuer=world.lai_chau,
                                   title="Kế hoạch tỉnh", status=DocStatus.ACTIVE, issued_date=dt.date(2026, 1, 5))
    world.province_target = Target.objects.create(document=plan, text="Tỷ lệ số hóa hồ sơ các xã",
                                                  indicator=world.indicator, unit_of_measure="%")
    baseline()  # rows the fixtures wrote directly, so audit verify watches them
    _row, world.token = issue_token(user=world.superuser, unit=world.xa_a, name="xã An Bình")
    return world


def test_accepted_then_recognised(province):
    ack = receive(province.token, _body())
    assert ack["status"] == "accepted" and ack["figures_stored"] == 1
    m = Measurement.objects.get(target=province.province_target)
    assert (m.unit, m.numerator, m.denominator, m.state) == (province.xa_a, 345, 1050, ReviewState.APPROVED)
    events = AuditEvent.objects.count()
    again = receive(province.token, _body())
    assert again == {**ack, "status": "duplicate"}
    assert Submission.objects.count() == 1 and AuditEvent.objects.count() == events
    from theodoi.audit.verify import verify

    assert verify().ok, [str(p) for p in verify().problems]  # the stored figure matches its audit record


def test_changed_content_needs_a_new_version(province):
    receive(province.token, _body())
    with pytest.raises(Refused) as exc:
        receive(province.token, _body(numerator="50"))
    assert exc.value.status == 409 and "phiên bản mới" in exc.value.message
    ack = receive(province.token, _body(version=2, numerator="50"))
    assert ack["status"] == "accepted"
    assert [s.state for s in Submission.objects.order_by("report_version")] == ["superseded", "accepted"]
    assert Measurement.objects.get(target=province.province_target).numerator == 350
    with pytest.raises(Refused) as exc:
        receive(province.token, _body(version=1, pdf=PDF + b"x"))
    assert exc.value.status == 409


def test_token_scope_and_integrity(province):
    with pytest.raises(Refused) as exc:
        receive("tdx_not-a-token", _body())
    assert exc.value.status == 401
    with pytest.raises(Refused) as exc:
        receive(province.token, _body(unit="xa-b"))
    assert exc.value.status == 403
    body = _body()
    body["pdf_sha256"] = "0" * 64
    with pytest.raises(Refused) as exc:
        receive(province.token, body)
    assert exc.value.status == 400
    assert Submission.objects.count() == 0


def test_a_figure_the_province_approved_is_kept(province):
    Measurement.objects.create(target=province.province_target, unit=province.xa_a, period_key="2026-05",
                               period_end=dt.date(2026, 5, 14), numerator=Decimal(1), denominator=Decimal(2),
                               state=ReviewState.APPROVED, source="Sở KH&CN")
    assert receive(province.token, _body())["figures_stored"] == 0
    assert Measurement.objects.get(target=province.province_target).numerator == 1


def test_the_http_endpoint(client, province):
    url = reverse("exchange:receive")
    resp = client.post(url, json.dumps(_body()), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {province.token}")
    assert resp.status_code == 200 and resp.json()["status"] == "accepted"
    resp = client.post(url, json.dumps(_body()), content_type="application/json")
    assert resp.status_code == 401 and "khóa" in resp.json()["error"]
    assert client.get(url).status_code == 405
