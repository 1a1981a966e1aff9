"""The province leader's minute and the officer's first month, in real Chromium at 390×844 and 1366×768.

Every page visited is screenshotted under test-artifacts/screenshots/ (``i16-<size>-<page>.png``),
must not scroll sideways, and passes axe-core's checks of labels, contrast and landmarks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tests.e2e import a11y
from tests.e2e.conftest import SHOTS, fits_width, full_page_shot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SIZES = (("phone", PHONE, True), ("desktop", DESKTOP, False))


@pytest.fixture
def open_page(new_page):
    """``open_page(size, phone)``: a page that lets axe-core be injected and accepts downloads."""
    return lambda size, phone: new_page(size, phone, axe=True, downloads=True, timeout=20000)


@pytest.fixture
def province(world):
    """Four more communes of Lai Châu, late in different measure: Dào San (3 overdue tasks), Đông Phong
    (2), and the world's An Bình (1); Bình Yên has a task on time."""
    from theodoi.planning.models import Task
    from theodoi.tenancy.models import Unit, UnitKind

    def commune(slug, name, overdue, on_time=0):
        unit = Unit.objects.create(slug=slug, name=name, kind=UnitKind.COMMUNE, parent=world.lai_chau)
        for i in range(overdue):
            Task.objects.create(document=world.plan, code=f"{slug}-{i}", title=f"Chuyển đổi số {name} việc {i + 1}",
                                lead_unit=unit, due_date=dt.date(2026, 3, 31) - dt.timedelta(days=10 * i))
        for i in range(on_time):
            Task.objects.create(document=world.plan, code=f"{slug}-ok-{i}", title=f"Việc đúng hạn {i + 1}",
                                lead_unit=unit, due_date=dt.date(2027, 12, 31))
        return unit

    Task.objects.create(document=world.plan, code="B-1", title="Việc của Bình Yên", lead_unit=world.xa_b,
                        due_date=dt.date(2027, 12, 31))
    return [commune("xa-dao-san", "Xã Dào San", 3), commune("xa-dong-phong", "Xã Đông Phong", 2, 1)]


def _look(page, name: str, label: str, problems: list) -> Path:
    """Screenshot, no sideways scroll, axe-core clean."""
    path = full_page_shot(page, SHOTS / f"i16-{label}-{name}.png")
    if not fits_width(page):
        problems.append(f"{name} scrolls sideways at {label} size")
    problems.extend(a11y.check(page, f"{label}-{name}"))
    return path


def _same_numbers(xlsx: Path, pdf: Path, names: list[str]) -> None:
    """The spreadsheet opens, the PDF opens, and every number and unit of the spreadsheet is in the PDF
    as the PDF writes it (Vietnamese decimals)."""
    import re

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from theodoi.web.dashboard_export import _text

    book = load_workbook(xlsx, read_only=True)
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(pdf).pages).split())
    numbers, units = [], set()
    for ws in book.worksheets:
        for row in list(ws.iter_rows(min_row=4, values_only=True))[:200]:  # the PDF's rows per table
            numbers += [v for v in row if isinstance(v, int | float | Decimal) and not isinstance(v, bool)]
            units |= {v for v in row[:2] if isinstance(v, str) and v.startswith("Xã ")}
    assert len(numbers) > 10 and set(names) <= units, (len(numbers), units)
    missing = [n for n in numbers if not re.search(r"(?<![\d,])" + re.escape(_text(n)) + r"(?![\d,])", text)]
    assert not missing, missing
    assert all(u in text for u in units), [u for u in units if u not in text]


def _at_each_size(open_page, base: str, username: str, password: str, path: str, name: str, problems: list):
    """For the phone, then the desktop: a page signed in as ``username`` on ``path``, looked at as
    ``name`` (:func:`_look`); yields (label, size, phone?, page)."""
    a11y.available()
    for label, size, phone in SIZES:
        page = open_page(size, phone)
        sign_in(page, base, username, password)
        page.goto(f"{base}{path}")
        _look(page, name, label, problems)
        yield label, size, phone, page


def test_the_province_leader_reads_the_dashboard_in_a_minute(live_server, world, province, open_page, tmp_path):
    base = live_server.url
    problems: list = []
    for label, _size, _phone, page in _at_each_size(open_page, base, "reader", world.password,
                                                    "/dashboard/lai-chau/", "leader-dashboard", problems):
        # the three latest communes and why, from the dashboard alone
        items = page.locator("#late ol.late-list > li")
        names = [items.nth(i).locator("strong").first.inner_text() for i in range(3)]
        assert names == ["Xã Dào San", "Xã Đông Phong", "Xã An Bình"], names
        reasons = [items.nth(i).locator("ul").inner_text() for i in range(3)]
        assert "3 nhiệm vụ quá hạn" in reasons[0] and "2 nhiệm vụ quá hạn" in reasons[1], reasons
        assert all("ngày" in r for r in reasons)
        # switch to last quarter
        page.get_by_role("link", name="Quý trước (Quý III/2026)").click()
        page.wait_for_load_state()
        assert "period=2026-Q3" in page.url
        assert "Quý III/2026" in page.locator(".pagehead").inner_text()
        assert page.locator("#id_period").input_value() == "2026-Q3"
        _look(page, "leader-dashboard-last-quarter", label, problems)
        # the period picker reaches a year as well
        page.select_option("#id_period", "2026")
        page.locator(".period-picker button[type=submit]").click()
        page.wait_for_load_state()
        assert "period=2026" in page.url and "Năm 2026" in page.locator(".pagehead").inner_text()
        # download the dashboard, both ways: both open and hold the same numbers
        saved = {}
        for fmt, magic in (("XLSX", b"PK"), ("PDF", b"%PDF")):
            with page.expect_download() as got:
                page.get_by_role("link", name=f"Tải về {fmt}").click()
            saved[fmt] = tmp_path / f"{label}-{got.value.suggested_filename}"
            got.value.save_as(saved[fmt])
            assert saved[fmt].read_bytes().startswith(magic) and "2026" in saved[fmt].name
        _same_numbers(saved["XLSX"], saved["PDF"], ["Xã Dào San", "Xã Đông Phong", "Xã An Bình"])
        # each scorecard cell links to its figures
        cell = page.locator("#scorecard a.cell").first
        href = cell.get_attribute("href")
        assert href and href.endswith("#figures")
    assert not problems, problems


def test_the_officer_enters_the_first_figure_in_four_taps(live_server, world, open_page):
    from theodoi.planning.models import Measurement, ReviewState

    base = live_server.url
    problems: list = []
    for label, _size, phone, page in _at_each_size(open_page, base, "officer_a", world.password, "/",
                                                   "officer-home", problems):
        taps = 0

        def tap(locator, touch=phone):
            nonlocal taps
            taps += 1
            locator.tap() if touch else locator.click()

        tap(page.locator("#report-figures a.todo").first)  # 1: the target's title opens its form
        page.wait_for_url("**/figure/**")
        _look(page, "officer-figure-form", label, problems)
        tap(page.locator("#id_numerator"))  # 2
        page.keyboard.type("455")
        tap(page.locator("#id_denominator"))  # 3
        page.keyboard.type("1.000")
        tap(page.locator("button[name=submit]"))  # 4: sent
        page.wait_for_url(f"**/targets/{world.target.uid}/")
        assert taps <= 4
        m = Measurement.objects.get(target=world.target, unit=world.vhxh)
        assert m.state == ReviewState.SUBMITTED and m.numerator == Decimal("455") and m.denominator == 1000
        m.delete()  # the other size starts from the same first month
        for name, path in (("officer-targets", "/targets/"), ("officer-tasks", "/tasks/"),
                           ("officer-warnings", "/warnings/"), ("officer-overdue", "/overdue/"),
                           ("officer-completeness", "/completeness/")):
            page.goto(base + path)
            own = page.locator("p.own-unit")
            assert "Của đơn vị bạn: Phòng Văn hóa - Xã hội xã An Bình." in own.inner_text(), name
            _look(page, name, label, problems)
        page.goto(base + "/overdue/")
        page.locator("p.own-unit a").click()  # widen to everything the officer may read
        page.wait_for_url("**/overdue/?all=1")
        assert page.locator("p.own-unit").count() == 0
    assert not problems, problems


def test_history_kpi_and_public_pages_look_right(live_server, world, open_page, django_user_model):
    from tests.portal.data import build_public_data
    from theodoi.planning.models import DocType, Document, Task
    from theodoi.tenancy.models import Membership, Role, Unit, UnitKind

    build_public_data(world)
    district = Unit.objects.create(slug="huyen-cu", name="Huyện Cũ", kind=UnitKind.DISTRICT, parent=world.lai_chau,
                                   valid_to=dt.date(2025, 6, 30))
    district.successors.set([world.xa_a, world.xa_b])
    old = Document.objects.create(doc_type=DocType.KE_HOACH, number="5/KH-UBND", issuer=district,
                                  title="Kế hoạch chuyển đổi số huyện Cũ", issued_date=dt.date(2024, 3, 1))
    for i in range(3):
        Task.objects.create(document=old, code=str(i + 1), title=f"Nhiệm vụ {i + 1} trên toàn huyện",
                            lead_unit=district)
    office = django_user_model.objects.create_user(username="tinh_admin", password=world.password)
    Membership.objects.create(user=office, unit=world.lai_chau, role=Role.ADMIN)
    base = live_server.url
    problems: list = []
    for label, size, phone, page in _at_each_size(open_page, base, "tinh_admin", world.password,
                                                  f"/plans/{old.uid}/handover/", "handover", problems):
        page.goto(f"{base}/units/")
        assert "Huyện Cũ" not in page.content()
        _look(page, "units", label, problems)
        lead = open_page(size, phone)
        sign_in(lead, base, "leader_a", world.password)
        lead.goto(f"{base}/dashboard/{world.vhxh.slug}/")
        assert lead.locator("#people").count() == 1
        _look(lead, "leader-people-kpi", label, problems)
        public = open_page(size, phone)
        public.goto(f"{base}/public/plans/{world.plan.uid}/")
        assert public.locator("details.fold").count() == 2
        _look(public, "public-plan", label, problems)
        public.goto(f"{base}/khong-co-trang-nay/")
        _look(public, "404", label, problems)
    # the language switcher is a 44 px target
    box = public.locator(".langswitch select").bounding_box()
    assert box and box["height"] >= 44
    assert not problems, problems
