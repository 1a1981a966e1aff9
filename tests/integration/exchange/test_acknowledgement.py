"""The commune's report follows the province's acknowledgement when sent instance to instance."""

from __future__ import annotations

import datetime as dt
import io
import json
import urllib.error

import pytest
from django.utils import timezone

from theodoi.exchange import upward
from theodoi.exchange.models import OutgoingState
from theodoi.reporting import services
from theodoi.reporting.models import ReportState

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(world):
    """xa-a's May report, signed, registered to go up to the province's instance and queued."""
    from theodoi.reporting.certificates import install_test_certificate

    install_test_certificate(world.xa_a)
    report = services.open_report(world.xa_a, "monthly", "2026-05")
    report = services.finalise(report, None, now=timezone.make_aware(dt.datetime(2026, 6, 3, 9)))
    upward.register_upstream(user=None, unit=world.xa_a, url="http://127.0.0.1:8110", token="tdx_thu")
    row, _new = upward.queue_send(user=None, report=report)
    return report, row


class _Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _province_answers(monkeypatch, *, received_at=None, status=None):
    def urlopen(request, timeout):
        if status is not None:
            raise urllib.error.HTTPError(request.full_url, status, "refused", {}, io.BytesIO(b"Khoa khong hop le"))
        return _Answer(json.dumps({"status": "accepted", "submission": "7b1f", "report_version": 1,
                                   "received_at": received_at}).encode())

    monkeypatch.setattr(upward.urllib.request, "urlopen", urlopen)


@pytest.mark.parametrize(("days_after_due", "on_time"), [(0, True), (3, False)])
def test_acknowledged_means_sent_and_accepted(queued, monkeypatch, days_after_due, on_time):
    """Received by the province on the due day: on time; three days after: late."""
    from theodoi.audit.models import AuditEvent

    report, row = queued
    arrived = (report.due_date + dt.timedelta(days=days_after_due)).isoformat() + "T16:30:00+07:00"
    _province_answers(monkeypatch, received_at=arrived)
    assert upward.attempt(row) == "accepted"
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.on_time is on_time
    assert report.submitted_at == dt.datetime.fromisoformat(arrived)
    event = AuditEvent.objects.filter(action="accept", object_id=str(report.pk)).get()
    assert "liên thông" in event.reason and event.actor_name == "liên thông"


def test_a_refusal_leaves_the_report_signed_not_sent(queued, monkeypatch):
    report, row = queued
    _province_answers(monkeypatch, status=403)
    assert upward.attempt(row) == "refused"
    report.refresh_from_db()
    row.refresh_from_db()
    assert report.state == ReportState.FINAL and row.state == OutgoingState.REFUSED


def test_a_report_returned_since_is_left_alone(queued, monkeypatch):
    from theodoi.reporting.models import Report

    report, row = queued
    Report.objects.filter(pk=report.pk).update(state=ReportState.RETURNED, version=report.version + 1)
    _province_answers(monkeypatch, received_at="2026-06-10T09:00:00+07:00")
    assert upward.attempt(row) == "accepted"  # the province has the old version
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
