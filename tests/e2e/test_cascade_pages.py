"""Issue 17's done-when in Chromium, on the demo, at 390×844 and 1366×768 (no sideways scroll, axe):

* Bình Lư's standing office opens every document its plan cites and reads its issuer and the
  documents it implements, up to 57-NQ/TW;
* the province imports its plan (978/KH-UBND, cited by Phong Thổ's as a stub) after the communes';
  Phong Thổ's office confirms the offered parent targets, and the conformity report flags its 95 %
  against the province's 100 %;
* with the province's national KPI mapping (Tỷ lệ hồ sơ thủ tục hành chính được số hóa), the trace
  of "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính" runs 03/NQ-CP → Lai Châu (the
  province's plan, Thanh tra tỉnh's) → each commune → each village that reported.

Screenshots: test-artifacts/screenshots/i17-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.demo_snapshot import demo_of
from tests.e2e import a11y
from tests.e2e.conftest import SHOTS, fits_width, full_page_shot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SIZES = (("390", {"width": 390, "height": 844}, True), ("1366", {"width": 1366, "height": 768}, False))
DIGITISED = "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
PROVINCE_PLAN = {
    "meta": {"doc_type": "KẾ HOẠCH", "number": "978/KH-UBND", "issuer": "UBND tỉnh Lai Châu",
             "title": "Kế hoạch thực hiện Nghị quyết 57-NQ/TW năm 2026", "period": {"start": 2026, "end": 2026},
             "references": ["57-NQ/TW"]},
    "targets": [{"text": f"{DIGITISED} đạt 100%.", "value": 100, "unit": "%", "comparator": ">=",
                 "deadline_year": 2026}],
    "tasks": [], "assignments": [], "reporting": [],
}


@pytest.fixture
def new_page(new_page):
    """A page that lets axe-core in (tests/e2e/conftest.py ``new_page`` with ``axe=True``)."""
    return lambda size, phone=False: new_page(size, phone, axe=True)


@pytest.fixture
def demo(tmp_path_factory):
    """The demo of today (the session's copy, tests/demo_snapshot.py) and its accounts' passwords."""
    return demo_of(tmp_path_factory, dt.date.today()).passwords


def _province_acts(passwords):
    """The province imports its plan after the communes' and maps its indicator to the national KPI."""
    from theodoi.exchange.services import map_kpi
    from theodoi.planning.importing.service import import_plan
    from theodoi.planning.models import Target
    from theodoi.tenancy.models import Unit, User

    province = Unit.objects.get(slug="tinh-lai-chau")
    admin = User.objects.get(username="tinh.quantri")
    plan = import_plan(b"978", "978-KH-UBND.txt", extraction=PROVINCE_PLAN, issuer=province, user=admin).document
    phong_tho = Target.objects.get(document__issuer__slug="xa-phong-tho", text__startswith=DIGITISED)
    national = Target.objects.get(document__number="03/NQ-CP", text__startswith="Tỉ lệ hồ sơ hợp lệ, kết quả")
    name = "Tỷ lệ hồ sơ thủ tục hành chính được số hóa"
    map_kpi(user=admin, owner=province, kpi_code="NQ57-VH-02", kpi_name=name, indicator=phong_tho.indicator)
    map_kpi(user=admin, owner=province, kpi_code="NQ57-VH-02", kpi_name=name, target=national)
    return plan, phong_tho


def _look(page, base, path, name, label, violations):
    resp = page.goto(base + path)
    assert resp.status == 200, (path, resp.status)
    assert fits_width(page), f"{path} scrolls sideways at {label} px"
    violations += a11y.check(page, f"{name}-{label}")
    full_page_shot(page, SHOTS / f"i17-{label}-{name}.png")
    return page.content()


def test_the_cascade_on_the_demo(live_server, demo, new_page):
    from django.urls import reverse

    from theodoi.planning.models import Document

    base, passwords = live_server.url, demo
    violations: list[dict] = []

    # 1. Bình Lư's standing office: every document its plan cites, with issuer and upward links
    binh_lu = Document.objects.get(issuer__slug="xa-binh-lu", status="active")
    cited = list(Document.objects.filter(incoming_links__source=binh_lu).distinct())
    assert {"2391/KH-UBND", "10-NQ/TU", "57-NQ/TW"} <= {d.number for d in cited}
    for label, size, phone in SIZES:
        page = new_page(size, phone=phone)
        sign_in(page, base, "binhlu.vanphong", passwords["binhlu.vanphong"])
        html = _look(page, base, binh_lu.get_absolute_url(), "binh-lu-plan", label, violations)
        for d in cited:
            assert d.number in html, d.number
        stub = Document.objects.get(number="2391/KH-UBND")
        html = _look(page, base, stub.get_absolute_url(), "cited-2391", label, violations)
        assert "UBND tỉnh Lai Châu" in html or "Tỉnh Lai Châu" in html  # its issuer, read from the sentence
        assert "10-NQ/TU" in html  # what it implements, one level up
        for d in cited:  # each cited document opens for the office
            assert page.goto(base + d.get_absolute_url()).status == 200, d.number
        # the chain reaches 57-NQ/TW: 10-NQ/TU's page names it, directly or through 03/NQ-CP
        resolution = Document.objects.get(number="10-NQ/TU")
        chain = page.goto(base + resolution.get_absolute_url())
        assert chain.status == 200
        up = {lk.target.number for lk in resolution.outgoing_links.select_related("target")}
        assert all(n in page.content() for n in up)
        assert "57-NQ/TW" in page.content() or any(
            "57-NQ/TW" in {x.target.number for x in Document.objects.get(number=n).outgoing_links.all()}
            for n in up)

    # 2. The province's plan comes after the communes': Phong Thổ's office confirms the re-linking
    plan, phong_tho = _province_acts(passwords)
    commune_plan = phong_tho.document
    office = new_page(SIZES[1][1])
    sign_in(office, base, "phongtho.vanphong", passwords["phongtho.vanphong"])
    office.goto(base + commune_plan.get_absolute_url())
    office.get_by_role("link", name=re.compile("có thể nối với chỉ tiêu của kế hoạch cấp trên")).click()
    office.wait_for_load_state()
    box = office.locator(f'input[name="link"][value="{phong_tho.uid}"]')
    assert box.is_checked()  # the same indicator: offered first, ticked
    for other in office.locator('input[name="link"]').all():
        if other.get_attribute("value") != str(phong_tho.uid):
            other.uncheck()
    full_page_shot(office, SHOTS / "i17-1366-relink.png")
    office.get_by_role("button", name="Xác nhận nối các chỉ tiêu đã chọn").click()
    office.wait_for_load_state()
    assert "Đã nối 1 chỉ tiêu với chỉ tiêu cấp trên." in office.content()
    phong_tho.refresh_from_db()
    assert phong_tho.parent.document == plan

    # 3. The conformity report flags Phong Thổ's 95 % against the province's 100 %
    url = reverse("plan_conformity", args=[commune_plan.uid])
    for label, size, phone in SIZES:
        if size == SIZES[1][1]:
            page = office  # the office's page of step 2, signed in at this size
        else:
            page = new_page(size, phone=phone)
            sign_in(page, base, "phongtho.vanphong", passwords["phongtho.vanphong"])
        html = _look(page, base, url, "conformity", label, violations)
        section = html[html.index("Chỉ tiêu thấp hơn cấp trên"):]
        section = section[:section.index("</section>")]
        assert DIGITISED in section and "≥ 95" in section and "978/KH-UBND" in section and "≥ 100" in section

    # 4. The trace: 03/NQ-CP → Lai Châu → each commune → each village
    url = reverse("target_trace", args=[phong_tho.uid])
    for label, size, phone in SIZES:
        page = new_page(size, phone=phone)
        sign_in(page, base, "sokhcn", passwords["sokhcn"])
        html = _look(page, base, url, "trace", label, violations)
        levels = page.locator("li.trace-level")
        heads = [levels.nth(i).locator(".trace-head").inner_text() for i in range(levels.count())]
        assert "03/NQ-CP" in heads[0] and "KPI NQ57-VH-02" in heads[0]
        depth = [int(re.search(r"trace-depth-(\d+)", levels.nth(i).get_attribute("class")).group(1))
                 for i in range(levels.count())]
        [province] = [i for i, h in enumerate(heads) if "978/KH-UBND" in h]  # the province's own plan
        communes = {i: h for i, h in enumerate(heads) if "Phong Thổ" in h or "Bum Nưa" in h}
        assert "Tỉnh Lai Châu" in heads[province] and len(communes) == 2
        assert depth[0] < depth[province] < min(depth[i] for i in communes) and province < min(communes)
        assert any("Thanh tra tỉnh" in h for h in heads)  # a provincial agency's plan with the same target
        assert "KPI quốc gia NQ57-VH-02" in html
        commune = levels.nth(next(i for i, h in communes.items() if "Phong Thổ" in h))
        villages = commune.locator(".trace-reporters li")
        assert villages.count() == 4 and all("Bản" in v.inner_text() for v in villages.all())
        # the province's dashboard lists its targets by risk, and says so
        html = _look(page, base, reverse("dashboard"), "dashboard", label, violations)
        assert 'id="risk-order"' in html
        order = re.findall(r'data-outlook="([a-z_]*)"', html)
        rank = {"at_risk": 0, "uncertain": 1, "likely": 2, "": 3}
        assert order and [rank[o] for o in order] == sorted(rank[o] for o in order)
    assert not violations, violations


def test_the_replaced_plans_tasks_are_carried_over_on_a_phone_and_a_desktop(live_server, new_page):
    """Seed 003 replaces 200/KH-TTr: Thanh tra tỉnh's office links, carries over and closes its open tasks."""
    from django.urls import reverse

    from theodoi.demo import units as demo_units
    from theodoi.demo.data import seed_files
    from theodoi.planning.importing.service import import_plan
    from theodoi.planning.models import DocStatus, Document, RunState, Task
    from theodoi.tenancy.models import Membership, Role, Unit, User

    demo_units.load_all()
    thanh_tra = Unit.objects.get(slug="lai-chau-thanh-tra")
    old = Document.objects.create(number="200/KH-TTr", title="Kế hoạch cũ", status=DocStatus.ACTIVE, issuer=thanh_tra)
    same = Task.objects.create(document=old, code="1", title="Tăng cường giám sát, đánh giá việc thực hiện",
                               lead_unit=thanh_tra, position=1)
    alone = Task.objects.create(document=old, code="2", title="Xây dựng bộ cơ sở dữ liệu thanh tra điện tử dùng chung",
                                lead_unit=thanh_tra, position=2)
    path = next(p for p in seed_files() if p.name.startswith("003"))
    new = import_plan(path.read_bytes(), path.name).document
    password = "mat-khau-dai-2026-e2e"
    User.objects.create_user(username="tt_vanphong", password=password)
    Membership.objects.create(user=User.objects.get(username="tt_vanphong"), unit=thanh_tra, role=Role.ADMIN)
    url = reverse("plan_carry_over", args=[new.uid])
    violations: list[dict] = []
    base = live_server.url
    for label, size, phone in SIZES:
        page = new_page(size, phone=phone)
        sign_in(page, base, "tt_vanphong", password)
        html = _look(page, base, url, "carry-over", label, violations)
        assert "Tăng cường giám sát đánh giá" in html and "Xây dựng bộ cơ sở dữ liệu thanh tra" in html
    page.locator(f'input[name="action-{alone.uid}"][value="close"]').check()
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    assert "Đã nối 1, chuyển 0 và đóng 1 nhiệm vụ của kế hoạch bị thay thế." in page.content()
    same.refresh_from_db(), alone.refresh_from_db()
    assert same.continued_by.document == new and alone.run_state == RunState.STOPPED
    assert not violations, violations
