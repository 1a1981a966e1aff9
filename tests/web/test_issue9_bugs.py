"""Bugs of issue 9: a figure's evidence is kept, the standing office reopens from the page,
the return page names what is returned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.samples import tiny_pdf
from theodoi.audit.models import AuditEvent
from theodoi.planning.models import Evidence, Measurement, ReviewState

pytestmark = pytest.mark.django_db


def _open_period(world):
    from theodoi.web.views.common import current_period

    return current_period(world.plan.monthly_due_day).key


def test_figure_evidence_is_stored_with_the_figure(login, world):
    client = login(world.officer)
    period = _open_period(world)
    resp = client.post(reverse("target_figure", args=[world.target.uid]), {
        "numerator": "45", "denominator": "100", "source": "Sổ theo dõi", "period": period, "unit": "xa-a-vhxh",
        "evidence": [SimpleUploadedFile("bien-ban.pdf", tiny_pdf("minh chung"), content_type="application/pdf"),
                     SimpleUploadedFile("anh.png", b"\x89PNG anh", content_type="image/png")],
        "submit": "1",
    })
    assert resp.status_code == 302
    m = Measurement.objects.get(target=world.target, unit=world.vhxh, period_key=period)
    names = sorted(Evidence.objects.filter(measurement=m).values_list("original_name", flat=True))
    assert names == ["anh.png", "bien-ban.pdf"]
    assert AuditEvent.objects.filter(action="attach").count() == 2
    page = client.get(reverse("target_detail", args=[world.target.uid])).content.decode()
    assert "bien-ban.pdf" in page


def test_a_refused_evidence_file_stores_no_figure(login, world):
    client = login(world.officer)
    period = _open_period(world)
    resp = client.post(reverse("target_figure", args=[world.target.uid]), {
        "numerator": "45", "denominator": "100", "period": period, "unit": "xa-a-vhxh",
        "evidence": [SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")],
    })
    assert resp.status_code == 200
    assert "không được chấp nhận" in resp.content.decode()
    assert not Measurement.objects.filter(target=world.target, period_key=period).exists()
    assert not Evidence.objects.exists()


@pytest.fixture
def approved(world):
    return Measurement.objects.create(
        target=world.target, unit=world.vhxh, period_key="2026-03", period_end=dt.date(2026, 3, 14),
        numerator=Decimal("300"), denominator=Decimal("1000"), state=ReviewState.APPROVED,
    )


def test_standing_office_sees_and_uses_reopen(login, world, approved):
    client = login(world.admin)  # admin of xa-a: the standing office that issued the plan
    page = client.get(reverse("target_detail", args=[world.target.uid])).content.decode()
    url = reverse("review_action", args=["figure", approved.uid, "reopen"])
    assert url in page
    assert client.get(url).status_code == 200
    resp = client.post(url, {"reason": "Số liệu tháng 3 nhập nhầm mẫu số", "version": approved.version})
    assert resp.status_code == 302
    approved.refresh_from_db()
    assert approved.state == ReviewState.RETURNED
    assert AuditEvent.objects.filter(action="reopen", reason="Số liệu tháng 3 nhập nhầm mẫu số").exists()


def test_officer_neither_sees_nor_may_reopen(login, world, approved):
    client = login(world.officer)
    url = reverse("review_action", args=["figure", approved.uid, "reopen"])
    assert url not in client.get(reverse("target_detail", args=[world.target.uid])).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    approved.refresh_from_db()
    assert approved.state == ReviewState.APPROVED


def test_standing_office_may_not_approve(login, world, progress):
    url = reverse("review_action", args=["update", progress.update.uid, "approve"])
    assert login(world.admin).post(url, {"version": progress.update.version}).status_code == 403


def test_return_page_names_what_is_returned(login, world, progress):
    html = login(world.leader).get(reverse("review_action", args=["figure", progress.m2.uid, "return"])).content
    text = html.decode()
    assert "Trả lại số liệu" in text
    assert world.target.text in text and "Phòng Văn hóa - Xã hội" in text
    assert f"{progress.m2.target_id} / " not in text  # not the row's internal label
    html = login(world.leader).get(reverse("review_action", args=["update", progress.update.uid, "return"])).content
    text = html.decode()
    assert "Trả lại báo cáo tiến độ" in text and world.task.title in text and "Đã số hóa 400 hồ sơ" in text
