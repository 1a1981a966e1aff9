"""Obligations, completeness, statuses, "6 rõ", overdue lists, lifecycle and evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.integration.tracking.conftest import P
from tests.samples import tiny_pdf
from theodoi.domain import periods
from theodoi.planning.models import Measurement, Task, TaskStage
from theodoi.planning.selectors.completeness import unit_completeness
from theodoi.planning.selectors.obligations import obligations
from theodoi.planning.selectors.overdue import overdue_by_lead
from theodoi.planning.selectors.six_clear import incomplete_tasks, unmeasurable_targets
from theodoi.planning.selectors.status import target_rows, task_rows, task_status
from theodoi.planning.services import evidence, lifecycle, progress, review

pytestmark = pytest.mark.django_db


def test_obligations_show_what_to_report_with_state(world, sent):
    items = obligations(world.officer, P)
    state = {(o.kind, o.obj.pk): o.state for o in items}
    assert state == {("task", world.task.pk): "submitted", ("task", world.task2.pk): "missing",
                     ("target", world.target.pk): "submitted"}
    o = next(o for o in items if o.obj == world.task)
    assert o.done and o.version == sent.update.version and o.due == periods.due_date(periods.as_period(P), 15)
    assert obligations(world.reader, P) == [] and obligations(world.outsider, P) == []
    world.task2.run_state = "paused"
    world.task2.save()
    assert world.task2.pk not in {o.obj.pk for o in obligations(world.officer, P) if o.kind == "task"}


def test_completeness_of_a_subtree(world, sent):
    c = unit_completeness(world.lai_chau, P)
    [row] = c.rows
    assert row.unit == world.vhxh and row.state == "not_sent" and row.counts == {"submitted": 2, "not_sent": 1}
    assert c.expected == 1 and c.sent == 0 and c.missing == [row]
    progress.save_update(user=world.officer, task=world.task2, period_key=P, data={"percent": 5}, submit=True)
    c = unit_completeness(world.xa_a, P)
    assert c.rows[0].state == "submitted" and c.sent == 1 and not c.missing
    review.return_for_changes(world.leader, sent.figure, "Sai mẫu số")
    assert unit_completeness(world.xa_a, P).rows[0].state == "returned"
    assert unit_completeness(world.xa_b, P).rows == []


def test_task_rows_use_approved_updates(world, sent, django_assert_max_num_queries):
    today = dt.date(2026, 7, 20)
    with django_assert_max_num_queries(2):
        rows = task_rows(Task.objects.filter(document=world.plan), today)
    by_code = {r.task.code: r for r in rows}
    assert by_code["III.1"].label == "Đang thực hiện quá hạn" and by_code["III.1"].days_overdue == 20
    assert by_code["III.1"].percent is None and by_code["III.1"].sent_percent == 40
    assert by_code["III.2"].label == "Chưa triển khai"
    review.approve(world.leader, sent.update)
    assert task_status(world.task, today).percent == 40


def test_target_rows_from_approved_figures_aggregated_as_ratios(world):
    for unit, n, d in ((world.vhxh, 30, 100), (world.ban, 50, 100)):
        Measurement.objects.create(target=world.target, unit=unit, period_key=P,
                                   period_end=periods.as_period(P).end, numerator=n, denominator=d,
                                   state="approved")
    [row] = target_rows(world.plan.targets.all(), dt.date(2026, 6, 1))
    assert row.value == Decimal(40) and row.label in ("Có khả năng đạt", "Nguy cơ không đạt")
    [only_ban] = target_rows(world.plan.targets.all(), dt.date(2026, 6, 1), unit=world.ban)
    assert only_ban.value == Decimal(50)
    [late] = target_rows(world.plan.targets.all(), dt.date(2027, 1, 10))
    assert late.label == "Không đạt"


def test_six_clear_and_unmeasurable_targets(world):
    incomplete = {i.task.code: i.missing_labels for i in incomplete_tasks(world.admin)}
    assert "III.1" not in incomplete  # the world's first task is fully assigned
    assert incomplete["III.2"] == ["Rõ người", "Rõ trách nhiệm", "Rõ sản phẩm", "Rõ thẩm quyền"]
    assert incomplete_tasks(world.outsider) == []
    assert not unmeasurable_targets(world.admin).exists()
    world.target.indicator = None
    world.target.save()
    assert list(unmeasurable_targets(world.admin)) == [world.target]


def test_overdue_grouped_by_lead_unit(world):
    Task.objects.create(document=world.plan, code="III.9", title="Việc của xã B", lead_unit=world.xa_b,
                        due_date=dt.date(2026, 5, 1))
    groups = overdue_by_lead(dt.date(2026, 7, 20), user=world.admin)
    assert [(name, [r.task.code for r in rows]) for name, rows in groups] == [
        ("Phòng Văn hóa - Xã hội xã An Bình", ["III.1"]), ("Xã Bình Yên", ["III.9"])]
    assert overdue_by_lead(dt.date(2026, 7, 20), user=world.outsider) == []


def test_evidence_is_hashed_named_safely_and_limited(world, sent, settings):
    body = tiny_pdf()
    ev = evidence.attach_evidence(user=world.officer, update=sent.update,
                                  file=SimpleUploadedFile("../../etc/Biên bản\x00 họp.PDF", body))
    assert ev.sha256 == hashlib.sha256(body).hexdigest() and ev.size == len(body)
    assert ev.original_name == "Biên bản họp.pdf" and ".." not in ev.file.name
    assert ev.file.name.startswith("evidence/") and ev.file.read() == body
    settings.THEODOI_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="quá lớn"):
        evidence.attach_evidence(user=world.officer, update=sent.update, file=SimpleUploadedFile("a.pdf", b"x" * 11))
    with pytest.raises(ValidationError, match="không được chấp nhận"):
        evidence.attach_evidence(user=world.officer, update=sent.update, file=SimpleUploadedFile("a.exe", b"x"))
    with pytest.raises(ValidationError, match="rỗng"):
        evidence.attach_evidence(user=world.officer, update=sent.update, file=SimpleUploadedFile("a.pdf", b""))
    approved = review.approve(world.leader, sent.update)
    with pytest.raises(ValidationError, match="khóa"):
        evidence.attach_evidence(user=world.officer, update=approved, file=SimpleUploadedFile("b.pdf", b"y"))


def test_update_with_files_attaches_them(world):
    u = progress.save_update(user=world.officer, task=world.task, period_key=P,
                             data={"percent": 5, "evidence": [SimpleUploadedFile("anh.jpg", b"jpeg")]})
    assert [e.original_name for e in u.evidence.all()] == ["anh.jpg"]


def test_science_task_stages_and_reconciliation(world):
    with pytest.raises(ValidationError, match="khoa học"):
        lifecycle.add_stage(user=world.officer, task=world.task, stage="dat_hang", date=dt.date(2026, 2, 1))
    Task.objects.filter(pk=world.task.pk).update(is_science_task=True)
    world.task.refresh_from_db()
    lifecycle.add_stage(user=world.admin, task=world.task, stage="dat_hang", date=dt.date(2026, 2, 1),
                        document_ref="QĐ 10/QĐ-UBND")
    with pytest.raises(ValidationError, match="số tiền"):
        lifecycle.add_stage(user=world.officer, task=world.task, stage="giai_ngan", date=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="không theo thứ tự"):
        lifecycle.add_stage(user=world.officer, task=world.task, stage="giai_ngan", date=dt.date(2026, 3, 1),
                            amount="40.000.000")
    lifecycle.add_stage(user=world.officer, task=world.task, stage="giai_ngan", date=dt.date(2026, 3, 1),
                        amount="40.000.000", order_reason="Tạm ứng theo quyết định đặt hàng")
    progress.save_update(user=world.officer, task=world.task, period_key=P,
                         data={"percent": 10, "disbursed_total": 30_000_000}, submit=True)
    r = lifecycle.reconcile(world.task)
    assert r.paid_by_stages == 40_000_000 and r.reported_disbursed == 30_000_000 and not r.consistent
    assert any("khác số báo cáo" in f for f in r.findings)
    assert any("80% kinh phí nhưng tiến độ mới 10%" in f for f in r.findings)
    assert any("chưa ghi nhận hợp đồng" in f for f in r.findings)
    assert TaskStage.objects.filter(task=world.task).count() == 2


def test_an_approved_100_percent_update_counts_as_completion_even_without_completed_on(world):
    """Rows loaded without the review service (imports, demo) still read as completed."""
    from theodoi.planning.models import ProgressUpdate

    p = periods.as_period(P)
    ProgressUpdate.objects.create(task=world.task, unit=world.vhxh, period_key=P, period_end=p.end, percent=100,
                                  state="approved", work_done="Xong")
    [row] = task_rows(Task.objects.filter(pk=world.task.pk), dt.date(2026, 7, 20))
    assert row.label == "Hoàn thành đúng hạn"
    later = p.next().next()
    assert world.task.pk not in {o.obj.pk for o in obligations(world.officer, later.key) if o.kind == "task"}


def test_a_full_lifecycle_that_agrees_and_one_out_of_order(world):
    """Ordered, selected, contracted, paid as reported, accepted with outputs, transferred: no finding.
    Then a contract dated before the selection and a direct assignment beside it are named."""
    from theodoi.planning.models import Stage
    from theodoi.planning.services import review

    Task.objects.filter(pk=world.task.pk).update(is_science_task=True)
    world.task.refresh_from_db()
    for stage, day, amount in ((Stage.ORDER, dt.date(2026, 1, 20), None),
                               (Stage.SELECTION, dt.date(2026, 2, 10), None),
                               (Stage.CONTRACT, dt.date(2026, 3, 1), None),
                               (Stage.DISBURSEMENT, dt.date(2026, 3, 15), 20_000_000),
                               (Stage.DISBURSEMENT, dt.date(2026, 4, 15), 30_000_000),
                               (Stage.ACCEPTANCE, dt.date(2026, 5, 10), None),
                               (Stage.TRANSFER, dt.date(2026, 5, 12), None)):
        lifecycle.add_stage(user=world.officer, task=world.task, stage=stage, date=day, amount=amount,
                            document_ref=f"Văn bản {stage}")
    u = progress.save_update(user=world.officer, task=world.task, period_key=P, submit=True,
                             data={"percent": 100, "disbursed_total": 50_000_000, "work_done": "Nghiệm thu",
                                   "outputs_delivered": "Phần mềm, tài liệu hướng dẫn"})
    review.approve(world.leader, u)
    r = lifecycle.reconcile(world.task)
    assert r.consistent, r.findings
    assert [s.stage for s in r.stages][:3] == ["dat_hang", "tuyen_chon", "hop_dong"]
    assert [s.document_ref for s in r.stages][0] == "Văn bản dat_hang" and r.paid_by_stages == 50_000_000
    lifecycle.add_stage(user=world.officer, task=world.task, stage=Stage.DIRECT, date=dt.date(2026, 3, 5),
                        order_reason="Ghi nhầm, để đối soát")
    TaskStage.objects.filter(task=world.task, stage=Stage.CONTRACT).update(date=dt.date(2026, 2, 1))
    found = lifecycle.reconcile(world.task).findings
    assert "Ghi nhận cả tuyển chọn và giao trực tiếp: một nhiệm vụ chỉ theo một cách." in found
    assert "Hợp đồng ngày 01/02/2026 lại trước tuyển chọn ngày 10/02/2026." in found


def test_approved_100_percent_without_acceptance_is_named(world):
    from theodoi.planning.services import review

    Task.objects.filter(pk=world.task.pk).update(is_science_task=True)
    world.task.refresh_from_db()
    u = progress.save_update(user=world.officer, task=world.task, period_key=P, submit=True,
                             data={"percent": 100, "work_done": "Xong", "outputs_delivered": "Phần mềm"})
    review.approve(world.leader, u)
    assert lifecycle.reconcile(world.task).findings == [
        "Tiến độ đã duyệt đạt 100% nhưng chưa ghi nhận nghiệm thu."]
