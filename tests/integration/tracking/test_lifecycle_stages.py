"""The science-and-technology lifecycle entered by the lead unit: the eight stages in order (or with a
reason), with date, document number, amount and file; the reconciliation on the task page, as a
warning kind, in the reports and over the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.samples import tiny_pdf
from theodoi.planning.models import Stage, Task, TaskStage
from theodoi.planning.selectors.warnings import LIFECYCLE, compute_warnings
from theodoi.planning.services import lifecycle, progress

from .conftest import P

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        yield
EIGHT = [(Stage.ORDER, dt.date(2026, 1, 20), None), (Stage.SELECTION, dt.date(2026, 2, 10), None),
         (Stage.CONTRACT, dt.date(2026, 3, 1), None), (Stage.DISBURSEMENT, dt.date(2026, 3, 15), 20_000_000),
         (Stage.ACCEPTANCE, dt.date(2026, 5, 10), None), (Stage.TRANSFER, dt.date(2026, 5, 20), None),
         (Stage.FOLLOW_UP, dt.date(2026, 6, 20), None)]


@pytest.fixture
def science(world):
    Task.objects.filter(pk=world.task.pk).update(is_science_task=True)
    world.task.refresh_from_db()
    return world.task


def test_the_lead_unit_enters_every_stage_in_order_with_its_document_amount_and_file(world, science):
    for stage, day, amount in EIGHT:
        lifecycle.add_stage(user=world.officer, task=science, stage=stage, date=day, amount=amount,
                            document_ref=f"Số {stage}/QĐ-UBND",
                            files=[SimpleUploadedFile("quyet-dinh.pdf", tiny_pdf("quyet dinh"))])
    rows = list(TaskStage.objects.filter(task=science).order_by("date"))
    assert [r.stage for r in rows] == [s for s, _d, _a in EIGHT]
    assert all(r.evidence.count() == 1 and r.document_ref and not r.order_reason for r in rows)
    assert rows[3].amount == Decimal(20_000_000)


def test_an_out_of_order_stage_needs_a_reason(world, science):
    with pytest.raises(ValidationError, match="chưa ghi nhận giai đoạn Hợp đồng trước Giải ngân"):
        lifecycle.add_stage(user=world.officer, task=science, stage=Stage.DISBURSEMENT, date=dt.date(2026, 3, 1),
                            amount=10_000_000)
    assert not TaskStage.objects.exists()
    row = lifecycle.add_stage(user=world.officer, task=science, stage=Stage.DISBURSEMENT, date=dt.date(2026, 3, 1),
                              amount=10_000_000, order_reason="Tạm ứng trước khi ký hợp đồng theo Quyết định 5")
    assert row.order_reason.startswith("Tạm ứng")
    from theodoi.audit.services import history

    assert history(row).last().reason == row.order_reason


def test_others_may_not_enter_stages(world, science):
    for who in ("officer_b", "reader", "outsider"):
        with pytest.raises(PermissionDenied):
            lifecycle.add_stage(user=getattr(world, who), task=science, stage=Stage.ORDER, date=dt.date(2026, 1, 1))
    assert not TaskStage.objects.exists()


def test_reconciliation_is_a_warning_kind_and_on_the_pages(world, science, client):
    lifecycle.add_stage(user=world.officer, task=science, stage=Stage.ORDER, date=dt.date(2026, 1, 20))
    lifecycle.add_stage(user=world.officer, task=science, stage=Stage.DIRECT, date=dt.date(2026, 1, 25))
    lifecycle.add_stage(user=world.officer, task=science, stage=Stage.CONTRACT, date=dt.date(2026, 2, 1))
    lifecycle.add_stage(user=world.officer, task=science, stage=Stage.DISBURSEMENT, date=dt.date(2026, 3, 1),
                        amount=40_000_000)
    progress.save_update(user=world.officer, task=science, period_key=P,
                         data={"percent": 10, "work_done": "Khảo sát", "disbursed_total": 30_000_000}, submit=True)
    [w] = [w for w in compute_warnings(dt.date(2026, 6, 1)) if w.code == LIFECYCLE]
    assert w.task == science and w.unit == world.vhxh
    assert "Giải ngân theo các giai đoạn 40.000.000 đồng khác số báo cáo 30.000.000 đồng" in w.reason_vi
    assert w.to_dict()["message"]["template"].startswith("Đối soát tiến độ")
    client.force_login(world.officer)
    html = client.get(science.get_absolute_url()).content.decode()
    assert "Đối soát tiến độ, giải ngân, sản phẩm" in html and "khác số báo cáo" in html
    assert reverse("task_stages", args=[science.uid]) in html
    from theodoi.domain.periods import Period
    from theodoi.reporting.data import gather
    from theodoi.reporting.document import compose

    data = gather(world.xa_a, "monthly", Period.parse("2026-05"))
    [sc] = data["science"]
    assert sc["stage"] == "Giải ngân" and any("khác số báo cáo" in f for f in sc["findings"])
    doc = compose(data, {}, issued=dt.date(2026, 5, 20))
    assert any("Nhiệm vụ KH&CN" in text and "chưa khớp" in text for _kind, text in doc.blocks)


def test_the_stage_page_records_a_stage_with_its_file(world, science, client):
    client.force_login(world.officer)
    url = reverse("task_stages", args=[science.uid])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"stage": Stage.CONTRACT, "date": "2026-02-01", "document_ref": "HĐ 01"})
    assert bad.status_code == 200 and "Hãy ghi lý do" in bad.content.decode()
    ok = client.post(url, {"stage": Stage.ORDER, "date": "2026-01-20", "document_ref": "QĐ 12/QĐ-UBND",
                           "file": SimpleUploadedFile("qd.pdf", tiny_pdf("qd"))})
    assert ok.status_code == 302
    stage = TaskStage.objects.get(task=science)
    assert stage.document_ref == "QĐ 12/QĐ-UBND" and stage.evidence.count() == 1
    page = client.get(url).content.decode()
    assert "QĐ 12/QĐ-UBND" in page and "qd.pdf" in page
    client.force_login(world.officer_b)
    assert client.post(url, {"stage": Stage.ORDER, "date": "2026-01-21"}).status_code == 403
