"""A plan's conformity with the plans it implements as warnings: coded (``conform_*``), worded by a
Message (template + parameters, Vietnamese or English at the edge), told to the plan's issuer,
stored by the daily job and kept true by every write to a target, a task or a link."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from theodoi.planning.models import (
    Comparator,
    DocStatus,
    DocType,
    Document,
    DocumentLink,
    LinkKind,
    StoredWarning,
    Target,
    Task,
)
from theodoi.planning.selectors.warnings import compute_warnings, live_warnings
from theodoi.planning.services.warnings import refresh_all

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 20)


@pytest.fixture
def province(world):
    """The province's plan, implemented by the commune's: 100 % (the commune asks 95 %) by 2026, and
    a target the commune has no counterpart for."""
    doc = Document.objects.create(doc_type=DocType.KE_HOACH, number="2273/KH-UBND", issuer=world.lai_chau,
                                  title="Kế hoạch của tỉnh", status=DocStatus.ACTIVE, issued_date=dt.date(2025, 5, 22))
    DocumentLink.objects.create(source=world.plan, target=doc, kind=LinkKind.IMPLEMENTS)
    same = Target.objects.create(document=doc, text="Tỷ lệ số hóa hồ sơ đạt 100%", comparator=Comparator.GE,
                                 value=Decimal(100), unit_of_measure="%", deadline=dt.date(2026, 12, 31),
                                 indicator=world.indicator)
    alone = Target.objects.create(document=doc, text="20 sản phẩm OCOP trên sàn thương mại điện tử",
                                  comparator=Comparator.GE, value=Decimal(20), unit_of_measure="sản phẩm",
                                  position=1)
    Target.objects.filter(pk=world.target.pk).update(value=Decimal(95))
    Task.objects.filter(pk=world.task2.pk).update(budget_planned=Decimal(1_000_000), is_science_task=True)
    return doc, same, alone


def _conform(found):
    return {w.code: w for w in found if w.code.startswith("conform_")}


def test_each_finding_is_a_coded_warning_of_the_plans_issuer(world, province):
    _doc, same, alone = province
    found = _conform(live_warnings(TODAY))
    assert set(found) == {"conform_weaker", "conform_missing", "conform_six_clear", "conform_budget"}
    weaker = found["conform_weaker"]
    assert weaker.unit == world.xa_a and weaker.document == world.plan and weaker.target == world.target
    assert str(weaker.reason_vi) == ("Chỉ tiêu “Tỷ lệ số hóa hồ sơ đạt 100%” đặt mức ≥ 95%, thấp hơn mức ≥ 100% "
                                     "của 2273/KH-UBND.")
    assert weaker.reason_vi.params == {"child": "Tỷ lệ số hóa hồ sơ đạt 100%", "goal": "≥ 95%",
                                       "parent_goal": "≥ 100%", "plan": "2273/KH-UBND"}
    assert "20 sản phẩm OCOP" in found["conform_missing"].reason_vi
    assert str(found["conform_budget"].reason_vi).startswith(
        "Kinh phí dự kiến cho nhiệm vụ khoa học, công nghệ là 2% tổng kinh phí (1.000.000 đồng trên 51.000.000 đồng)")
    six = found["conform_six_clear"]
    assert str(six.reason_vi) == "1 nhiệm vụ chưa đủ “6 rõ” (III.2 Tuyên truyền chuyển đổi số)."
    d = weaker.to_dict()
    assert d["plan"] == str(world.plan.uid) and d["url"].endswith(f"/plans/{world.plan.uid}/conformity/")
    with translation.override("en"):
        assert weaker.reason.startswith("Target “Tỷ lệ số hóa hồ sơ đạt 100%” is set at ≥ 95%")
        assert weaker.label == "Targets below the level above"


def test_stored_by_the_daily_job_and_read_by_those_who_read_the_plan(world, province, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    refresh_all(TODAY)
    rows = StoredWarning.objects.filter(code__startswith="conform_")
    assert rows.count() == 4 and all(r.document_id == world.plan.pk for r in rows)
    stored = _conform(compute_warnings(TODAY))
    assert {c: str(w.reason_vi) for c, w in stored.items()} == {
        c: str(w.reason_vi) for c, w in _conform(live_warnings(TODAY)).items()}
    assert set(_conform(compute_warnings(TODAY, user=world.officer))) == set(stored)  # reads the commune's plan
    assert not _conform(compute_warnings(TODAY, user=world.outsider))  # Điện Biên's officer: not his plan
    assert set(_conform(compute_warnings(TODAY, unit=world.xa_a))) == set(stored)
    assert not _conform(compute_warnings(TODAY, unit=world.xa_b))


def test_a_write_keeps_the_stored_set_true(world, province, monkeypatch, django_capture_on_commit_callbacks):
    _doc, same, alone = province
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    refresh_all(TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        t = Target.objects.get(pk=world.target.pk)
        t.value = Decimal(100)
        t.save()
    codes = set(_conform(compute_warnings(TODAY)))
    assert "conform_weaker" not in codes and "conform_missing" in codes
    # the parent's office adds what the commune already has: the "missing" goes too, on the child plan
    with django_capture_on_commit_callbacks(execute=True):
        alone.delete()
    assert "conform_missing" not in set(_conform(compute_warnings(TODAY)))
    assert set(_conform(compute_warnings(TODAY))) == set(_conform(live_warnings(TODAY)))
    # an ended plan warns no more
    with django_capture_on_commit_callbacks(execute=True):
        plan = Document.objects.get(pk=world.plan.pk)
        plan.status = DocStatus.CLOSED
        plan.save()
    assert not _conform(compute_warnings(TODAY))
    assert not StoredWarning.objects.filter(code__startswith="conform_").exists()


def test_a_plan_without_parents_in_the_system_has_no_conformity_warning(world):
    assert not _conform(live_warnings(TODAY))


def test_the_warnings_page_and_api_show_them(world, province, client):
    from django.urls import reverse

    client.force_login(world.admin)
    page = client.get(reverse("warnings")).content.decode()
    assert "Chỉ tiêu thấp hơn cấp trên" in page and "Tỷ trọng kinh phí khoa học, công nghệ dưới 3%" in page
    assert reverse("plan_conformity", args=[world.plan.uid]) in page
    assert "đặt mức ≥ 95%, thấp hơn mức ≥ 100% của 2273/KH-UBND" in page
    results = client.get(reverse("warnings"), {"format": "json"}).json()["results"]
    ours = [r for r in results if "2273/KH-UBND" in str(r) or "Kinh phí dự kiến" in str(r)]
    assert len(ours) >= 2 and all(r["url"].endswith(f"/plans/{world.plan.uid}/conformity/") for r in ours)
