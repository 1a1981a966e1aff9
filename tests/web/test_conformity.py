"""The conformity report of a child plan against the plans it implements."""

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
    DocumentLink,
    Indicator,
    IndicatorKind,
    LinkKind,
    Target,
    Task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(world):
    """The province's plan, cited by the commune's: 100 % by 2025 (the commune says 95 % by 2026),
    and a second target the commune has no counterpart for."""
    doc = Document.objects.create(doc_type=DocType.KE_HOACH, number="2273/KH-UBND", issuer=world.lai_chau,
                                  title="Kế hoạch của tỉnh", status=DocStatus.ACTIVE, issued_date=dt.date(2025, 5, 22))
    DocumentLink.objects.create(source=world.plan, target=doc, kind=LinkKind.IMPLEMENTS)
    same = Target.objects.create(document=doc, text="Tỷ lệ số hóa hồ sơ đạt 100%", comparator=Comparator.GE,
                                 value=Decimal(100), unit_of_measure="%", deadline_year=2025,
                                 indicator=world.indicator)
    other = Indicator.objects.create(code="T-OCOP", name="Sản phẩm OCOP trên sàn", kind=IndicatorKind.COUNT)
    alone = Target.objects.create(document=doc, text="20 sản phẩm OCOP trên sàn thương mại điện tử",
                                  comparator=Comparator.GE, value=Decimal(20), unit_of_measure="sản phẩm",
                                  indicator=other, position=1)
    Target.objects.filter(pk=world.target.pk).update(value=Decimal(95))
    return same, alone


def test_weaker_later_missing_six_clear_and_budget(login, world, parent):
    same, alone = parent
    Task.objects.filter(pk=world.task2.pk).update(budget_planned=Decimal(10_000_000), is_science_task=True)
    data = login(world.admin).get(reverse("plan_conformity_json", args=[world.plan.uid])).json()
    codes = [f["code"] for f in data["findings"]]
    assert codes[:3] == ["weaker", "later", "missing"]
    weaker = data["findings"][0]
    assert (weaker["child"], weaker["parent"], weaker["params"]["how"]) == (str(world.target.uid), str(same.uid), "lower")
    assert data["findings"][1]["params"] == {"child_due": "2026-12-31", "parent_due": "2025-12-31"}
    assert data["findings"][2]["parent"] == str(alone.uid)
    # task 1 has the six; task 2 has no responsible person, deadline, output or authority
    six = [f for f in data["findings"] if f["code"] == "six_clear"]
    assert [f["task"] for f in six] == [str(world.task2.uid)]
    # 10 of 60 million for science: 16.7 %, above the 3 % the resolution asks: no budget finding
    assert data["science_share"].startswith("16.66") and "budget" not in codes
    html = login(world.admin).get(reverse("plan_conformity", args=[world.plan.uid])).content.decode()
    assert "Chỉ tiêu thấp hơn cấp trên" in html and "≥ 95" in html and "yêu cầu <strong>≥ 100" in html
    assert "Thời hạn muộn hơn cấp trên" in html and "31/12/2026" in html and "31/12/2025" in html


def test_a_plan_spending_under_three_percent_on_science_is_flagged(login, world):
    Task.objects.filter(pk=world.task2.pk).update(budget_planned=Decimal(1_000_000), is_science_task=True)
    data = login(world.admin).get(reverse("plan_conformity_json", args=[world.plan.uid])).json()
    budget = [f for f in data["findings"] if f["code"] == "budget"]
    assert len(budget) == 1 and budget[0]["params"]["share"].startswith("1.96")  # 1 of 51 million
    html = login(world.admin).get(reverse("plan_conformity", args=[world.plan.uid])).content.decode()
    assert "Chưa có văn bản cấp trên nào" in html and "Tỷ trọng kinh phí khoa học, công nghệ dưới 3%" in html


def test_the_plan_page_links_to_it_and_outsiders_are_refused(login, world, parent):
    assert reverse("plan_conformity", args=[world.plan.uid]) in login(world.officer).get(
        reverse("plan_detail", args=[world.plan.uid])).content.decode()
    assert login(world.outsider).get(reverse("plan_conformity", args=[world.plan.uid])).status_code == 403
