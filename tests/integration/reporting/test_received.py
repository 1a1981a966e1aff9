"""The recipient's own report aggregates what it received: per sender on time, late or not at all,
figures as the sender signed them, today's figures only for those that have not sent (marked)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from theodoi.reporting import data, document, draft, periods, received, services

MAY = periods.parse("monthly", "2026-05")
DUE = periods.due(MAY, 10)  # the plan's duty: "báo cáo Sở KH&CN trước ngày 10 hằng tháng"


def _sign_and_send(unit, when: dt.datetime):
    from theodoi.reporting.certificates import install_test_certificate

    install_test_certificate(unit)
    report = services.open_report(unit, "monthly", MAY.key)
    report = services.finalise(report, None, now=when)
    return services.submit(report, None, now=when)


def _row(snap, text):
    return next(t for t in snap["targets"] if t["text"].startswith(text))


def test_nothing_received_counts_the_live_figures_and_says_so(lworld):
    w = lworld
    snap = data.gather(w.so_khcn, "monthly", MAY)
    assert snap["received"] == [{"unit": "Xã An Bình", "unit_id": w.xa_a.pk, "kind": "commune", "state": "missing",
                                 "via": "live",
                                 "due": DUE.isoformat(), "sent_on": None, "number": "", "frozen": False}]
    assert _row(snap, "Tỷ lệ số hóa hồ sơ đạt 100%")["value"] == "50"  # the village's 10/20, live
    text = document.received_text(snap)
    assert text.startswith("Tình hình nhận báo cáo: chưa nhận được báo cáo của 1/1 đơn vị: Xã An Bình.")
    assert "số liệu trên hệ thống theo dõi" in text
    # the opening says the same: no "trên cơ sở báo cáo" of a commune that sent none
    intro = draft.default_narrative(snap)["intro"]
    assert "trên cơ sở số liệu trên hệ thống theo dõi của UBND xã An Bình, Sở" in intro
    table = next(t for t in document.tables(snap) if t.title.startswith("Biểu 05"))
    assert table.rows == [["1", "Xã An Bình", f"{DUE:%d/%m/%Y}", "–", "Chưa gửi", "Trên hệ thống, chưa qua báo cáo"]]


def test_a_sent_report_counts_with_the_figures_it_signed(lworld):
    from theodoi.planning.models import Measurement, ReviewState

    w = lworld
    sent = _sign_and_send(w.xa_a, timezone.make_aware(dt.datetime(2026, 6, 5, 9)))
    assert sent.on_time
    assert any(f["value"] is None and f["numerator"] == "10" for f in sent.data["figures"])
    # a figure approved after the commune signed: the commune's next report carries it, the Sở's does not
    Measurement.objects.create(target=w.target, unit=w.vhxh, period_key=MAY.key, period_end=MAY.end,
                               numerator=Decimal(20), denominator=Decimal(20), state=ReviewState.APPROVED)
    own = data.gather(w.xa_a, "monthly", MAY)
    assert _row(own, "Tỷ lệ số hóa hồ sơ đạt 100%")["value"] == "75"  # (10 + 20) / (20 + 20)
    snap = data.gather(w.so_khcn, "monthly", MAY)
    assert _row(snap, "Tỷ lệ số hóa hồ sơ đạt 100%")["value"] == "50"  # 10/20, as signed
    [got] = snap["received"]
    assert (got["state"], got["via"], got["frozen"], got["sent_on"], got["number"]) == (
        "on_time", "report", True, "2026-06-05", sent.number)
    text = document.received_text(snap)
    assert "đã nhận 1/1 báo cáo của các đơn vị (đúng hạn 1, muộn 0): Xã An Bình." in text
    assert "lấy theo các báo cáo đã ký" in text and "trên hệ thống" not in text
    assert "trên cơ sở báo cáo của UBND xã An Bình, Sở" in draft.default_narrative(snap)["intro"]


def test_a_late_report_is_late_and_still_counts_as_signed(lworld):
    w = lworld
    _sign_and_send(w.xa_a, timezone.make_aware(dt.datetime(2026, 6, 12, 9)))
    [got] = received.received(w.so_khcn, "monthly", MAY)
    assert (got.state, got.frozen, got.sent_on) == ("late", True, dt.date(2026, 6, 12))
    assert "(đúng hạn 0, muộn 1)" in document.received_text(data.gather(w.so_khcn, "monthly", MAY))


def test_the_province_counts_a_report_received_from_another_instance(lworld, client):
    """xa-b's instance sent its report to the province (exchange): received, by the date it arrived;
    its figures are those the province stored from it (approved, "Liên thông")."""
    from django.core.files.base import ContentFile

    from theodoi.exchange.models import Submission

    w = lworld
    sub = Submission(unit=w.xa_b, kind="monthly", period_key=MAY.key, report_version=1, sha256="0" * 64,
                     report_uid="00000000-0000-4000-8000-000000000001", payload={})
    sub.pdf.save("xa-b.pdf", ContentFile(b"%PDF-1.7"), save=False)
    sub.save()
    Submission.objects.filter(pk=sub.pk).update(received_at=timezone.make_aware(dt.datetime(2026, 6, 20, 9)))
    got = {r.unit.slug: r for r in received.received(w.lai_chau, "monthly", MAY)}
    assert (got["xa-b"].state, got["xa-b"].via, got["xa-b"].sent_on) == ("late", "exchange", dt.date(2026, 6, 20))
    assert "xa-a" not in got  # xa-a's duty sends its report to the Sở
    assert got["so-khcn"].state == "missing"  # the Sở reports to the province on its own
    snap = data.gather(w.lai_chau, "monthly", MAY)
    table = next(t for t in document.tables(snap) if t.title.startswith("Biểu 05"))
    row = next(r for r in table.rows if r[1] == "Xã Bình Yên")
    assert (row[3], row[4], row[5]) == ("20/06/2026", "Muộn", "Theo báo cáo nhận liên thông")
    # the inbox and the warnings before signing say the same: xa-b sent (late), nothing missing from it
    from theodoi.reporting import selectors

    inbox = {r["unit"].slug: r for r in selectors.children_status(w.lai_chau, "monthly", MAY.key)}
    assert inbox["xa-b"]["submission"] == sub and inbox["xa-b"]["on_time"] is False
    assert selectors.children_summary(list(inbox.values()))["late"] == 1
    report = services.open_report(w.lai_chau, "monthly", MAY.key)
    warnings = " ".join(selectors.before_signing(report, services.current_data(report))["warnings"])
    assert "chưa gửi báo cáo" in warnings and "Xã Bình Yên" not in warnings
    from django.urls import reverse

    client.force_login(w.leader_tinh)
    page = client.get(reverse("reporting:unit", args=["lai-chau"]) + "?kind=monthly&period=2026-05").content.decode()
    assert "Đã nhận qua liên thông, muộn" in page and "20/06/2026" in page
    assert "2 đơn vị: 0 đã gửi đúng hạn, 1 gửi muộn, 0 bị trả lại, 1 chưa gửi." in page


def test_own_offices_and_boards_are_not_report_senders(lworld):
    w = lworld
    assert received.received(w.xa_a, "monthly", MAY) == []  # its Phòng Văn hóa - Xã hội feeds it by updates
    assert received.received(w.dang_uy, "monthly", MAY) == []  # so does its Ban Xây dựng Đảng
    assert [r.unit for r in received.received(w.tinh_uy, "monthly", MAY)] == [w.dang_uy]


def test_a_report_signed_before_figures_were_frozen_counts_live_and_is_marked(lworld):
    from theodoi.reporting.models import Report, ReportState

    w = lworld
    report = services.open_report(w.xa_a, "monthly", MAY.key)
    old = data.gather(w.xa_a, "monthly", MAY)
    old.pop("figures")
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED, data=old, on_time=True,
                                               submitted_at=timezone.make_aware(dt.datetime(2026, 6, 1, 9)))
    snap = data.gather(w.so_khcn, "monthly", MAY)
    [got] = snap["received"]
    assert (got["state"], got["frozen"]) == ("on_time", False)
    assert "số liệu của đơn vị còn lại là số liệu trên hệ thống" in document.received_text(snap)
