"""Reporting fixtures: the ``world`` plus figures, updates, a second commune's plan and signers (``rworld``),
and reporting lines: a duty to the Sở, Party bodies, an abolished district (``lworld``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

MAY = "2026-05"  # reporting month 15/04/2026 .. 14/05/2026



@pytest.fixture
def rworld(world, django_user_model):
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
    from theodoi.tenancy.models import Membership, Role

    w = world
    plan_b = Document.objects.create(
        doc_type=DocType.KE_HOACH, number="7/KH-UBND", issuer=w.xa_b, issuer_name="UBND xã Bình Yên",
        title="Kế hoạch chuyển đổi số xã Bình Yên năm 2026", period_start=2026, period_end=2026,
        status=DocStatus.ACTIVE, issued_date=dt.date(2026, 1, 12),
    )
    target_b = Target.objects.create(
        document=plan_b, text="Tỷ lệ số hóa hồ sơ đạt 100%.", area="CĐS", comparator=">=", value=Decimal(100),
        unit_of_measure="%", deadline_year=2026, indicator=w.indicator, responsible_unit=w.xa_b,
    )
    Task.objects.create(document=plan_b, code="1", title="Lắp đặt wifi miễn phí tại nhà văn hóa", lead_unit=w.xa_b,
                        due_date=dt.date(2026, 3, 31), budget_planned=Decimal(20_000_000))

    def figure(target, unit, key, end, num, den, state=ReviewState.APPROVED):
        return Measurement.objects.create(target=target, unit=unit, period_key=key, period_end=end,
                                          numerator=Decimal(num), denominator=Decimal(den), state=state)

    # xa-a reports through its village: 10/20 = 50 %; xa-b: 90/300 = 30 %.
    # Σ = 100/320 = 31,25 % — the mean of the percentages (40 %) would be wrong.
    figure(w.target, w.ban, "2026-04", dt.date(2026, 4, 14), 6, 20)
    figure(w.target, w.ban, MAY, dt.date(2026, 5, 14), 10, 20)
    figure(target_b, w.xa_b, MAY, dt.date(2026, 5, 14), 90, 300)
    figure(target_b, w.xa_b, "2026-06", dt.date(2026, 6, 14), 300, 300)  # after May: must not count in May
    ProgressUpdate.objects.create(
        task=w.task, unit=w.vhxh, period_key=MAY, period_end=dt.date(2026, 5, 14), percent=Decimal(60),
        work_done="Đã số hóa 600 hồ sơ thủ tục hành chính", disbursed_total=Decimal(20_000_000),
        difficulties="Máy quét hỏng, thiếu nhân lực nhập liệu", proposals="Đề nghị tỉnh hỗ trợ máy quét",
        state=ReviewState.APPROVED,
    )
    leader_xa = django_user_model.objects.create_user(username="chu_tich_a", password=w.password,
                                                      full_name="Lò Văn Thắng")
    Membership.objects.create(user=leader_xa, unit=w.xa_a, role=Role.LEADER, title="Chủ tịch")
    leader_tinh = django_user_model.objects.create_user(username="lanh_dao_tinh", password=w.password,
                                                        full_name="Giàng A Páo")
    Membership.objects.create(user=leader_tinh, unit=w.lai_chau, role=Role.LEADER, title="Phó Chủ tịch")
    w.plan_b, w.target_b, w.leader_xa, w.leader_tinh = plan_b, target_b, leader_xa, leader_tinh
    return w


@pytest.fixture
def certified(rworld):
    from theodoi.reporting.certificates import install_test_certificate

    install_test_certificate(rworld.xa_a)
    return rworld


@pytest.fixture
def lworld(rworld):
    """rworld plus a duty "báo cáo Sở KH&CN trước ngày 10 hằng tháng", Party bodies and an abolished district."""
    from theodoi.planning.models import DocStatus, DocType, Document, ReportingDuty, Target, Task
    from theodoi.tenancy.models import Unit, UnitKind

    w = rworld
    ReportingDuty.objects.create(document=w.plan, unit=w.vhxh, unit_name="Phòng Văn hóa - Xã hội",
                                 recipient=w.so_khcn, recipient_name="Sở Khoa học và Công nghệ",
                                 frequency="monthly", due_day=10)
    ReportingDuty.objects.create(document=w.plan, unit=w.ban, unit_name="Trưởng các thôn, bản",
                                 recipient=w.xa_a, recipient_name="UBND xã", frequency="adhoc")
    w.tinh_uy = Unit.objects.create(slug="tinh-uy", name="Tỉnh ủy Lai Châu", kind=UnitKind.PARTY, parent=w.lai_chau)
    w.dang_uy = Unit.objects.create(slug="xa-a-dang-uy", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY,
                                    parent=w.xa_a)
    w.ban_xdd = Unit.objects.create(slug="xa-a-ban-xdd", name="Ban Xây dựng Đảng", kind=UnitKind.PARTY,
                                    parent=w.dang_uy)
    w.huyen = Unit.objects.create(slug="cu-huyen", name="Huyện Tam Đường", kind=UnitKind.DISTRICT,
                                  parent=w.lai_chau, valid_to=dt.date(2025, 6, 30))
    w.huyen_uy = Unit.objects.create(slug="cu-huyen-uy", name="Huyện ủy Tam Đường", kind=UnitKind.PARTY,
                                     parent=w.huyen, valid_to=dt.date(2025, 6, 30))
    w.huyen_uy.successors.add(w.dang_uy)
    w.resolution = Document.objects.create(
        doc_type=DocType.NGHI_QUYET, number="05-NQ/ĐU", issuer=w.dang_uy, issuer_name="Đảng ủy xã An Bình",
        title="Nghị quyết về chuyển đổi số", status=DocStatus.ACTIVE, issued_date=dt.date(2026, 1, 5))
    w.party_target = Target.objects.create(document=w.resolution, text="100% chi bộ họp trực tuyến",
                                           comparator=">=", value=Decimal(100), unit_of_measure="%")
    w.party_task = Task.objects.create(document=w.resolution, title="Quán triệt Nghị quyết 57", lead_unit=w.dang_uy,
                                       due_date=dt.date(2026, 6, 30))
    w.old_plan = Document.objects.create(
        doc_type=DocType.CHUONG_TRINH, number="10-CTr/HU", issuer=w.huyen_uy, issuer_name="Huyện ủy Tam Đường",
        title="Chương trình hành động", status=DocStatus.ACTIVE, issued_date=dt.date(2025, 3, 1))
    w.old_target = Target.objects.create(document=w.old_plan, text="Chỉ tiêu của huyện ủy cũ", comparator=">=",
                                         value=Decimal(10), unit_of_measure="cuộc")
    return w
