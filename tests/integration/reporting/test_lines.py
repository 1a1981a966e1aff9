"""Reporting lines: reports go to the body the plan names, the inbox, and State and Party kept apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from theodoi.reporting import data, lines, periods, selectors, services

MAY = periods.parse("monthly", "2026-05")


def test_the_plans_duty_names_recipient_and_due_day(lworld):
    w = lworld
    line = lines.line_of(w.xa_a, "monthly", MAY)
    assert line.recipient == w.so_khcn and line.due_day == 10
    assert "12/KH-UBND" in line.source and "UBND xã An Bình" in line.source
    # no duty: the State line goes up to the province, the Party line up the Party
    assert lines.line_of(w.xa_b, "monthly", MAY).recipient == w.lai_chau
    assert lines.line_of(w.dang_uy, "monthly", MAY).recipient == w.tinh_uy
    assert lines.line_of(w.ban_xdd, "monthly", MAY).recipient == w.dang_uy
    # a quarterly report goes where the monthly duty sends the reports, when no quarterly duty says otherwise
    assert lines.line_of(w.xa_a, "quarterly", periods.parse("quarterly", "2026-Q2")).recipient == w.so_khcn


def test_report_is_addressed_and_due_by_the_duty(lworld):
    w = lworld
    report = services.open_report(w.xa_a, "monthly", "2026-05")
    assert report.recipient == w.so_khcn
    assert report.due_date == periods.due(MAY, 10)
    snap = services.current_data(report)
    assert snap["line"]["recipient"] == "Sở Khoa học và Công nghệ"
    assert snap["frame"]["recipients"][0] == "Sở Khoa học và Công nghệ (b/c);"
    assert all("An Bình (b/c)" not in r for r in snap["frame"]["recipients"])  # never to itself


def test_inbox_lists_who_sent_on_time_late_or_not(lworld):
    from django.utils import timezone

    from theodoi.reporting.models import Report, ReportState

    w = lworld
    # the Sở's inbox holds the commune whose plan sends its report there, the province's does not
    assert lines.senders(w.so_khcn, "monthly", MAY) == [w.xa_a]
    assert w.xa_a not in lines.senders(w.lai_chau, "monthly", MAY)
    assert w.xa_b in lines.senders(w.lai_chau, "monthly", MAY)
    assert w.dang_uy not in lines.senders(w.xa_a, "monthly", MAY)  # the Party committee is not a UBND unit
    rows = selectors.children_status(w.so_khcn, "monthly", "2026-05")
    assert [r["unit"] for r in rows] == [w.xa_a] and selectors.children_summary(rows)["missing"] == 1
    report = services.open_report(w.xa_a, "monthly", "2026-05")
    Report.objects.filter(pk=report.pk).update(state=ReportState.FINAL)
    report.refresh_from_db()
    late = timezone.make_aware(dt.datetime(2026, 6, 12, 9))  # due 10/06 (a day before the month closes)
    services.submit(report, None, now=late)
    report.refresh_from_db()
    assert report.recipient == w.so_khcn and report.on_time is False
    summary = selectors.children_summary(selectors.children_status(w.so_khcn, "monthly", "2026-05"))
    assert (summary["late"], summary["on_time"], summary["missing"]) == (1, 0, 0)


def test_the_recipient_may_read_and_accept_what_it_received(lworld, django_user_model):
    from theodoi.reporting.models import Report, ReportState
    from theodoi.tenancy import permissions
    from theodoi.tenancy.models import Membership, Role

    w = lworld
    so_leader = django_user_model.objects.create_user(username="gd_so", password=w.password)
    Membership.objects.create(user=so_leader, unit=w.so_khcn, role=Role.LEADER, title="Giám đốc")
    report = services.open_report(w.xa_a, "monthly", "2026-05")
    assert not permissions.can(so_leader, "view", report)  # a draft stays the commune's
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    report.refresh_from_db()
    assert permissions.can(so_leader, "view", report) and permissions.can(so_leader, "manage", report)
    services.accept(report, so_leader)
    assert not permissions.can(w.leader_tinh, "manage", report)  # the province is not the recipient


def test_the_recipients_own_report_aggregates_what_it_received(lworld):
    w = lworld
    snap = data.gather(w.so_khcn, "monthly", MAY)
    assert snap["targets"] and snap["task_counts"]["total"] >= 2
    assert [s["name"] for s in snap["senders"]] == ["Xã An Bình"]
    assert any(u["unit"] == "Xã An Bình" for u in snap["by_unit"])


def test_state_and_party_lines_stay_apart(lworld):
    w = lworld
    state = data.gather(w.xa_a, "monthly", MAY)
    assert all("chi bộ" not in t["text"] for t in state["targets"])
    assert all(r["title"] != "Quán triệt Nghị quyết 57" for g in state["task_groups"] for r in g["tasks"])
    assert all(u["unit"] != "Đảng ủy xã An Bình" for u in state["by_unit"])
    party = data.gather(w.dang_uy, "monthly", MAY)
    # its own resolution, and the plan of the abolished Huyện ủy it alone succeeds
    assert sorted(t["text"] for t in party["targets"]) == ["100% chi bộ họp trực tuyến", "Chỉ tiêu của huyện ủy cũ"]
    assert party["frame"]["party"] and party["line"]["recipient"] == "Tỉnh ủy Lai Châu"
    province = data.gather(w.lai_chau, "annual", periods.parse("annual", "2026"))
    assert all(t["text"] != "Chỉ tiêu của huyện ủy cũ" for t in province["targets"])


def test_abolished_units_only_through_their_successors(lworld):
    w = lworld
    year = periods.parse("annual", "2026")
    assert w.huyen_uy not in lines.senders(w.tinh_uy, "annual", year)
    assert w.dang_uy in lines.senders(w.tinh_uy, "annual", year)
    tinh_uy = data.gather(w.tinh_uy, "annual", year)
    texts = [t["text"] for t in tinh_uy["targets"]]
    assert "Chỉ tiêu của huyện ủy cũ" in texts  # carried on by its successor, which reports to the Tỉnh ủy
    assert "100% chi bộ họp trực tuyến" in texts
    # before the reorganisation the Huyện ủy itself sent its report to the Tỉnh ủy
    assert w.huyen_uy in lines.senders(w.tinh_uy, "annual", periods.parse("annual", "2025"))


def test_each_units_own_target_value_is_its_own_row(lworld):
    """Two communes tracking one indicator with goals 95 % and 100 % are two rows, never one "≥ 100 %"."""
    from theodoi.planning.models import Target

    w = lworld
    Target.objects.filter(pk=w.target_b.pk).update(value=Decimal(95))
    rows = [t for t in data.gather(w.lai_chau, "monthly", MAY)["targets"] if t["goal"] in ("95", "100")]
    assert sorted((t["goal"], t["issuers"][0]) for t in rows) == [("100", "Xã An Bình"), ("95", "Xã Bình Yên")]
    assert {t["value"] for t in rows} == {"50", "30"}


def test_a_commune_target_never_shows_a_ministry_as_tracking_unit(lworld):
    from theodoi.planning.models import Indicator, Target

    w = lworld
    Indicator.objects.filter(pk=w.indicator.pk).update(lead_name="Bộ Thông tin và Truyền thông")
    Target.objects.filter(pk__in=[w.target.pk, w.target_b.pk]).update(responsible_unit=None)
    leads = {t["lead"] for t in data.gather(w.lai_chau, "monthly", MAY)["targets"]}
    assert "Bộ Thông tin và Truyền thông" not in leads
