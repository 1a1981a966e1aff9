"""The national system's shape: section tree, KPI codes by the province's mapping, JSON file and push."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.integration.exchange.national_standin import StandIn
from theodoi.exchange import kpi, national, services
from theodoi.planning.models import Measurement, ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(world):
    """Approved figures of the ratio target from a commune office and a village; the province maps it."""
    for unit, num, den in ((world.vhxh, "300", "1000"), (world.ban, "45", "50")):
        Measurement.objects.create(target=world.target, unit=unit, period_key="2026-05",
                                   period_end=dt.date(2026, 5, 14), numerator=Decimal(num),
                                   denominator=Decimal(den), state=ReviewState.APPROVED)
    services.map_kpi(user=world.superuser, owner=world.lai_chau, indicator=world.indicator,
                     kpi_code="NQ57-VH-02", kpi_name="Tỷ lệ hồ sơ thủ tục hành chính được số hóa")
    return world


def test_suggestions_find_the_alike_kpi():
    catalogue = kpi.load_catalogue()
    best = kpi.suggest("Tỷ lệ số hóa hồ sơ thủ tục hành chính", catalogue, unit_of_measure="%")
    assert best[0].kpi.code == "NQ57-VH-02"
    assert kpi.suggest("Thành lập tổ công nghệ số cộng đồng ở mọi thôn", catalogue)[0].kpi.code == "NQ57-VH-09"
    assert kpi.suggest("Trồng rừng", catalogue) == []
    assert kpi.similarity("Tỷ lệ hộ có Internet cáp quang", "Ty le ho gia dinh co ket noi Internet cap quang") >= 0.4


def test_only_the_province_administrator_maps(world):
    with pytest.raises(PermissionDenied):
        services.map_kpi(user=world.officer, owner=world.lai_chau, indicator=world.indicator, kpi_code="X")
    row = services.map_kpi(user=world.admin, owner=world.xa_a, indicator=world.indicator, kpi_code="X-1")
    again = services.map_kpi(user=world.admin, owner=world.xa_a, indicator=world.indicator, kpi_code="X-2")
    assert row.pk == again.pk and again.version == 2


def test_section_tree_and_kpis(mapped):
    payload = national.build(mapped.xa_a, "2026-05")
    assert national.validate(payload) == []
    by_code = {s["code"]: s for s in payload["sections"]}
    assert [s["code"] for s in payload["sections"]] == ["BC57", "BC57.I", "BC57.I.1", "BC57.I.2", "BC57.I.3"]
    assert by_code["BC57.I"]["parent_id"] == "BC57" and by_code["BC57.I.2"]["order"] == 2
    assert by_code["BC57.I.1"]["title"] == "1. Kết quả nổi bật"
    assert by_code["BC57.I.2"]["title"] == "2. Khó khăn, vướng mắc"
    assert by_code["BC57.I.3"]["title"] == "3. Nhiệm vụ tiếp theo"
    assert by_code["BC57.I.1"]["content"].startswith("<p>") and by_code["BC57"]["content"] == ""
    [ind] = payload["indicators"]
    assert ind["kpi_code"] == "NQ57-VH-02" and (ind["numerator"], ind["denominator"]) == ("345", "1050")
    assert ind["value"] == "32.86"  # Σ numerators / Σ denominators, not an average of percentages
    assert ind["targets"] == [str(mapped.target.uid)] and payload["unmapped_targets"] == 0


def test_the_edited_report_text_is_what_goes(mapped):
    from theodoi.reporting import services as reports

    report = reports.open_report(mapped.xa_a, "monthly", "2026-05", mapped.admin)
    narrative = dict(report.narrative, limits="Thiếu máy quét <b>tốc độ cao</b>.\nĐường truyền yếu.")
    reports.edit(report, mapped.admin, narrative=narrative, version=report.version)
    section = {s["code"]: s for s in national.build(mapped.xa_a, "2026-05")["sections"]}["BC57.I.2"]
    expected = "<p>Thiếu máy quét &lt;b&gt;tốc độ cao&lt;/b&gt;.</p><p>Đường truyền yếu.</p>"
    assert section["content"].startswith(expected)


def test_export_national_json_file(mapped, tmp_path):
    out = tmp_path / "bc.json"
    call_command("exchange", "export-national", "--unit", "xa-a", "--period", "2026-05", "-o", str(out))
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["schema"] == national.SCHEMA and national.validate(payload) == []
    with pytest.raises(CommandError, match="Kỳ"):
        call_command("exchange", "export-national", "--unit", "xa-a", "--period", "2026-13")


def test_push_national_to_a_stand_in_that_checks_the_shape(mapped, settings):
    with StandIn(token="tok-123", grant="G-42") as standin:
        settings.THEODOI_NATIONAL_URL = standin.url
        settings.THEODOI_NATIONAL_TOKEN = "tok-123"
        call_command("exchange", "push-national", "--unit", "xa-a", "--period", "2026-05", "--grant", "G-42")
        assert standin.refused == []
        paths = [r["path"] for r in standin.received]
        assert paths == ["/api/reports/G-42/sections/BC57.I.1", "/api/reports/G-42/sections/BC57.I.2",
                         "/api/reports/G-42/sections/BC57.I.3", "/api/reports/G-42/indicators"]
        assert standin.received[-1]["body"]["indicators"][0]["kpi_code"] == "NQ57-VH-02"
        settings.THEODOI_NATIONAL_TOKEN = "sai"
        with pytest.raises(CommandError, match="401"):
            call_command("exchange", "push-national", "--unit", "xa-a", "--period", "2026-05", "--grant", "G-42")
    settings.THEODOI_NATIONAL_URL = ""
    with pytest.raises(CommandError, match="THEODOI_NATIONAL_URL"):
        call_command("exchange", "push-national", "--unit", "xa-a", "--period", "2026-05", "--grant", "G-42")


def test_the_mapping_page_suggests_and_maps(client, world):
    from theodoi.exchange.models import KpiMapping

    client.force_login(world.admin)
    page = client.get(reverse("exchange:kpi"), {"unit": "xa-a"}).content.decode()
    assert "Tỷ lệ số hóa hồ sơ" in page and "NQ57-VH-02" in page and "Chưa ánh xạ" in page
    resp = client.post(reverse("exchange:kpi"), {"unit": "xa-a", "ref": "indicator:T-SOHOA",
                                                 "kpi_code": "NQ57-VH-02"})
    assert resp.status_code == 302
    m = KpiMapping.objects.get()
    assert (m.owner, m.indicator, m.kpi_name) == (world.xa_a, world.indicator,
                                                  "Tỷ lệ hồ sơ thủ tục hành chính được số hóa")
    client.force_login(world.officer)
    assert client.get(reverse("exchange:kpi")).status_code == 403
