"""The trace of an indicator: national layer → province → commune → village, and back up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from theodoi.planning.models import (
    Comparator,
    DocStatus,
    DocType,
    Document,
    Measurement,
    ReviewState,
    Target,
)
from theodoi.tenancy.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def cascade(world):
    """03/NQ-CP-like national target, the province's target and the commune's (world.target), all of
    one ratio indicator; approved figures from two villages and the commune's office."""
    nation = Unit.objects.create(slug="chinh-phu", name="Chính phủ", kind=UnitKind.NATION)

    def plan(issuer, number):
        return Document.objects.create(doc_type=DocType.KE_HOACH, number=number, issuer=issuer,
                                       title=f"Kế hoạch {number}", status=DocStatus.ACTIVE,
                                       issued_date=dt.date(2025, 5, 1))

    def target(doc, value):
        return Target.objects.create(document=doc, text=f"Tỷ lệ số hóa hồ sơ đạt {value}%", comparator=Comparator.GE,
                                     value=Decimal(value), unit_of_measure="%", indicator=world.indicator)

    national = target(plan(nation, "03/NQ-CP"), 100)
    province = target(plan(world.lai_chau, "2273/KH-UBND"), 100)
    ban2 = Unit.objects.create(slug="xa-a-ban-2", name="Bản Hai", kind=UnitKind.VILLAGE, parent=world.xa_a)

    def figure(unit, key, end, num, den, state=ReviewState.APPROVED):
        Measurement.objects.create(target=world.target, unit=unit, period_key=key, period_end=end,
                                   numerator=Decimal(num), denominator=Decimal(den), state=state)

    figure(world.ban, "2026-03", dt.date(2026, 3, 14), 30, 100)
    figure(world.ban, "2026-04", dt.date(2026, 4, 14), 60, 100)
    figure(ban2, "2026-04", dt.date(2026, 4, 14), 90, 100)
    figure(ban2, "2026-05", dt.date(2026, 5, 14), 99, 100, ReviewState.SUBMITTED)  # not approved: not shown
    return national, province, ban2


def test_the_levels_in_order_with_values_and_villages(login, world, cascade):
    national, province, ban2 = cascade
    data = login(world.reader).get(reverse("target_trace_json", args=[world.target.uid])).json()
    levels = data["levels"]
    assert [lv["plan"] for lv in levels] == ["03/NQ-CP", "2273/KH-UBND", "12/KH-UBND"]
    assert [lv["depth"] for lv in levels] == [0, 1, 2]
    commune = levels[2]
    assert commune["value"] == "75" and commune["period"] == "2026-04"  # (60 + 90) / (100 + 100)
    assert [(r["unit"], r["numerator"], r["period"]) for r in commune["reporters"]] == [
        ("xa-a-ban-2", "90", "2026-04"), ("xa-a-ban-1", "60", "2026-04")]  # Bản Hai, Bản Một
    # the levels above have no figures of their own: they add up the ones below, by the ratio rule
    assert levels[1]["value"] == "75" and levels[1]["rolled_up"] is True
    assert levels[0]["value"] == "75" and levels[0]["rolled_up"] is True
    assert data["hidden"] == 0


def test_from_a_village_up(login, world, cascade):
    _national, _province, ban2 = cascade
    data = login(world.reader).get(reverse("target_trace_json", args=[world.target.uid]),
                                   {"unit": "xa-a-ban-2"}).json()
    assert [lv["on_path"] for lv in data["levels"]] == [True, True, True]
    assert [r["on_path"] for r in data["levels"][2]["reporters"]] == [True, False]
    html = login(world.reader).get(reverse("target_trace", args=[world.target.uid]), {"unit": "xa-a-ban-2"})
    page = html.content.decode()
    assert "Đường từ Bản Hai xã An Bình lên các cấp trên được tô đậm." in page
    assert page.count("trace-path") >= 4 and "(90/100)" in page and "(99/100)" not in page


def test_what_the_reader_may_not_read_is_counted_not_shown(login, world, cascade):
    _national, province, _ban2 = cascade
    # an officer of the neighbouring commune reads the plans above it, not xã An Bình's
    data = login(world.officer_b).get(reverse("target_trace_json", args=[province.uid])).json()
    assert [lv["plan"] for lv in data["levels"]] == ["03/NQ-CP", "2273/KH-UBND"]
    assert data["hidden"] == 1
    assert login(world.officer_b).get(reverse("target_trace", args=[world.target.uid])).status_code == 403
    assert login(world.outsider).get(reverse("target_trace", args=[province.uid])).status_code == 403


def test_the_target_page_links_to_its_trace(login, world):
    html = login(world.officer).get(reverse("target_detail", args=[world.target.uid])).content.decode()
    assert reverse("target_trace", args=[world.target.uid]) in html


def test_a_target_mapped_to_the_same_kpi_is_on_the_trace_though_worded_otherwise(login, world, cascade):
    """The province's KPI mapping (exchange.KpiMapping) joins a commune target the importer gave an
    indicator of its own (other wording) to the trace; the JSON twin names the KPI code."""
    from theodoi.exchange.services import map_kpi
    from theodoi.planning.models import Indicator, IndicatorKind

    national, province, _ban2 = cascade
    own = Indicator.objects.create(code="X-HSDT", name="Hồ sơ điện tử hóa", kind=IndicatorKind.RATIO,
                                   unit_of_measure="%")
    other = Target.objects.create(document=Document.objects.create(
        doc_type=DocType.KE_HOACH, number="7/KH-UBND", issuer=world.xa_b, title="Kế hoạch xã Bình Yên",
        status=DocStatus.ACTIVE, issued_date=dt.date(2026, 2, 1)),
        text="Điện tử hóa 95% hồ sơ thủ tục hành chính", comparator=Comparator.GE, value=Decimal(95),
        unit_of_measure="%", indicator=own)
    unrelated = Target.objects.create(document=other.document, text="Tỷ lệ người dân có tài khoản định danh",
                                      comparator=Comparator.GE, value=Decimal(80), unit_of_measure="%")
    url = reverse("target_trace_json", args=[province.uid])
    before = login(world.reader).get(url).json()
    assert "7/KH-UBND" not in [lv["plan"] for lv in before["levels"]] and before["kpi"] is None

    root = world.superuser
    map_kpi(user=root, owner=world.lai_chau, kpi_code="CDS-DVC-05", kpi_name="Tỷ lệ hồ sơ TTHC được số hóa",
            indicator=world.indicator)
    map_kpi(user=root, owner=world.lai_chau, kpi_code="CDS-DVC-05", target=other)
    data = login(world.reader).get(url).json()
    assert data["kpi"] == {"code": "CDS-DVC-05", "name": "Tỷ lệ hồ sơ TTHC được số hóa"}
    levels = {lv["plan"]: lv for lv in data["levels"]}
    assert set(levels) == {"03/NQ-CP", "2273/KH-UBND", "12/KH-UBND", "7/KH-UBND"}
    assert levels["7/KH-UBND"]["target"] == str(other.uid) and levels["7/KH-UBND"]["depth"] == 2
    assert all(lv["kpi_code"] == "CDS-DVC-05" for lv in data["levels"])
    assert str(unrelated.uid) not in [lv["target"] for lv in data["levels"]]
    # the same trace from the other side: the commune target mapped by hand finds the shared indicator
    back = login(world.reader).get(reverse("target_trace_json", args=[other.uid])).json()
    assert {lv["plan"] for lv in back["levels"]} == set(levels)
    page = login(world.reader).get(reverse("target_trace", args=[province.uid])).content.decode()
    assert "KPI quốc gia CDS-DVC-05" in page and page.count('data-kpi="CDS-DVC-05"') == 4

    # a target's own mapping wins over its indicator's: it stays (it shares the indicator, its figures
    # add up) and says which KPI it is reported under
    map_kpi(user=root, owner=world.lai_chau, kpi_code="CDS-KHAC", target=world.target)
    data = login(world.reader).get(url).json()
    assert {lv["plan"]: lv["kpi_code"] for lv in data["levels"]}["12/KH-UBND"] == "CDS-KHAC"
