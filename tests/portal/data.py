"""Test data shared by the portal, API, crawl and escaping tests (built on the ``world`` fixture)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace


def build_public_data(world) -> SimpleNamespace:
    """Add to ``world``: an approved update (40%) and a newer submitted one (75%) of task 1,
    an approved figure of the target, a task with public finance, a non-public task, a
    confidential task and target, a confidential plan, a non-public plan, and feedback."""
    from theodoi.planning.models import (
        DocStatus,
        DocType,
        Document,
        Measurement,
        ProgressUpdate,
        ReviewState,
        Target,
        Task,
    )
    from theodoi.portal.models import Feedback, FeedbackStatus

    approved = ProgressUpdate.objects.create(
        task=world.task, unit=world.vhxh, period_key="2026-03", period_end=dt.date(2026, 3, 14),
        percent=Decimal("40"), work_done="Đã số hóa 400 hồ sơ đợt một", outputs_delivered="400 hồ sơ điện tử",
        disbursed_total=Decimal("12500000"), difficulties="Thiếu máy quét (nội bộ)",
        proposals="Đề nghị cấp thêm máy quét (nội bộ)", state=ReviewState.APPROVED,
        submitted_by=world.officer, reviewed_by=world.leader, review_note="Ghi chú duyệt nội bộ",
    )
    submitted = ProgressUpdate.objects.create(
        task=world.task, unit=world.vhxh, period_key="2026-04", period_end=dt.date(2026, 4, 14),
        percent=Decimal("75"), work_done="Báo cáo chưa duyệt: 750 hồ sơ", state=ReviewState.SUBMITTED,
        submitted_by=world.officer,
    )
    figure = Measurement.objects.create(
        target=world.target, unit=world.vhxh, period_key="2026-03", period_end=dt.date(2026, 3, 14),
        numerator=Decimal("300"), denominator=Decimal("1000"), state=ReviewState.APPROVED,
    )
    Measurement.objects.create(
        target=world.target, unit=world.vhxh, period_key="2026-04", period_end=dt.date(2026, 4, 14),
        numerator=Decimal("888"), denominator=Decimal("1000"), state=ReviewState.SUBMITTED,
    )
    plan = world.plan
    finance_task = Task.objects.create(
        document=plan, code="III.3", title="Xây dựng điểm truy cập Internet công cộng", lead_unit=world.vhxh,
        budget_planned=Decimal("80000000"), finance_public=True, position=3,
    )
    ProgressUpdate.objects.create(
        task=finance_task, unit=world.vhxh, period_key="2026-03", period_end=dt.date(2026, 3, 14),
        percent=Decimal("20"), work_done="Khảo sát địa điểm", disbursed_total=Decimal("15000000"),
        state=ReviewState.APPROVED,
    )
    private_task = Task.objects.create(document=plan, code="III.4", title="Nhiệm vụ nội bộ không công khai",
                                       lead_unit=world.vhxh, is_public=False, position=4)
    secret_task = Task.objects.create(document=plan, code="III.5", title="Nhiệm vụ mật về an ninh mạng",
                                      lead_unit=world.vhxh, confidential=True, position=5)
    secret_target = Target.objects.create(document=plan, code="CT-MAT", text="Chỉ tiêu mật về bảo mật",
                                          confidential=True, position=9)
    secret_plan = Document.objects.create(
        doc_type=DocType.KE_HOACH, number="99/KH-MAT", issuer=world.xa_a, title="Kế hoạch mật bảo vệ hệ thống",
        status=DocStatus.ACTIVE, confidential=True,
    )
    Task.objects.create(document=secret_plan, code="1", title="Việc của kế hoạch mật", lead_unit=world.vhxh)
    internal_plan = Document.objects.create(
        doc_type=DocType.KE_HOACH, number="98/KH-NB", issuer=world.xa_a, title="Kế hoạch nội bộ chưa công khai",
        status=DocStatus.ACTIVE, is_public=False,
    )
    other_plan = Document.objects.create(
        doc_type=DocType.KE_HOACH, number="7/KH-UBND", issuer=world.xa_c, title="Kế hoạch chuyển đổi số xã Cầu Đá",
        status=DocStatus.ACTIVE, issued_date=dt.date(2026, 2, 1),
    )
    answered = Feedback.objects.create(
        document=plan, name="Nguyễn Văn Dân", organisation="Hợp tác xã Chè", contact="0912 345 678",
        body="Đề nghị hướng dẫn nộp hồ sơ trực tuyến tại nhà văn hóa bản.", status=FeedbackStatus.ANSWERED,
        answer="Văn phòng sẽ tổ chức hướng dẫn vào thứ Bảy hằng tuần.", answered_by=world.admin,
    )
    task_fb = Feedback.objects.create(
        document=plan, task=world.task, name="Lò Thị Mai", contact="mai@example.test",
        body="Khi nào số hóa xong hồ sơ đất đai?", status=FeedbackStatus.ANSWERED, answer="Trong quý II/2026.",
    )
    new_fb = Feedback.objects.create(document=plan, name="Người hỏi mới", contact="bimat@example.test",
                                     body="Câu hỏi chưa được trả lời")
    hidden_fb = Feedback.objects.create(document=plan, name="Người spam", body="Quảng cáo không liên quan",
                                        status=FeedbackStatus.HIDDEN, answer="x", hidden_reason="spam")
    return SimpleNamespace(
        approved=approved, submitted=submitted, figure=figure, finance_task=finance_task,
        private_task=private_task, secret_task=secret_task, secret_target=secret_target,
        secret_plan=secret_plan, internal_plan=internal_plan, other_plan=other_plan,
        answered=answered, task_fb=task_fb, new_fb=new_fb, hidden_fb=hidden_fb,
    )


def build_crawl_objects(world, p: SimpleNamespace) -> dict[str, list]:
    """Objects to fill URL converters with, per kind (see tests/portal/urlwalk.py)."""
    from django.core.files.base import ContentFile

    from theodoi.planning.models import Evidence

    ev = Evidence.objects.create(update=p.approved, file=ContentFile(b"minh chung", name="bien-ban.txt"),
                                 original_name="bien-ban.txt", content_type="text/plain", size=10, sha256="0" * 64)
    return {
        "plan": [world.plan, p.secret_plan, p.other_plan],
        "task": [world.task, p.secret_task, p.private_task],
        "target": [world.target, p.secret_target],
        "update": [p.approved], "measurement": [p.figure], "feedback": [p.new_fb],
        "public_plan": [world.plan, p.secret_plan, p.internal_plan, p.other_plan],
        "public_task": [world.task, p.secret_task, p.private_task],
        "unit": [world.xa_a, world.xa_c], "evidence": [ev],
    }
