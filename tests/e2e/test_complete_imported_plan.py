"""Issue 9, "done when": from a database holding only the units (and their people), Bình Lư's
standing office imports seed 001 in the web, completes every task's "6 rõ" and every target's
responsible unit in the web, an officer sees exactly their obligations and reports, the leader
approves, and the dashboard shows it. No page of the Django admin is requested on the way.

The new pages are shot at 390 px and 1366 px and checked for sideways scroll."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = Path(__file__).resolve().parents[2] / "src/theodoi/demo/data/seeds/001_6d01d706f720c3dd.txt"
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def units_only(db):
    """The demo's unit tree and its accounts: no plan, no figure, no update."""
    from theodoi.demo import accounts, units
    from theodoi.planning.models import Document

    tree = units.load_all()
    communes = [tree[s] for s in ("xa-bum-nua", "xa-binh-lu", "xa-phong-tho")]
    passwords = accounts.ensure_accounts(accounts.plan_accounts(communes))
    assert not Document.objects.exists()
    return passwords


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def _shoot_both(new_page, base, user, password, pages, shot):
    """Each of ``pages`` ((path, name) pairs) at 390 px (a phone) and at 1366 px: screenshots, and no
    sideways scroll. One signed-in page per size walks them all (a sign-in per page cost a second
    factor's round each)."""
    for size, label in ((NARROW, "390"), (WIDE, "1366")):
        page = new_page(size, phone=size is NARROW)
        sign_in(page, base, user, password)
        for path, name in pages:
            page.goto(f"{base}{path}")
            assert page.url.endswith(path.split("#")[0]) or path.split("?")[0] in page.url
            shot(page, f"issue9-{name}-{label}")
            assert _no_sideways_scroll(page), f"{path} scrolls sideways at {label} px"
        page.context.close()


def test_binh_lu_completes_an_imported_plan_without_the_admin(live_server, units_only, new_page, shot, browser):
    from theodoi.planning.models import Document, Measurement, ProgressUpdate, ReviewState, Target, Task
    from theodoi.tenancy.models import Unit, User

    base, pw = live_server.url, units_only
    requests: list[str] = []

    def watch(page):
        page.on("request", lambda r: requests.append(r.url))
        return page

    # 1. The standing office imports seed 001 through the web import page.
    office = watch(new_page(WIDE))
    sign_in(office, base, "binhlu.vanphong", pw["binhlu.vanphong"])
    office.goto(f"{base}/import/")
    office.set_input_files("input[type=file]", str(SEED))
    office.locator("main form button[type=submit]").first.click()
    office.wait_for_load_state()
    assert "/import/" in office.url, office.inner_text("main")[:500]
    office.select_option("#id_meta-issuer", label="Xã Bình Lư")
    office.locator("button[name=confirm]").click()
    office.wait_for_load_state()
    doc = Document.objects.exclude(status="stub").get(issuer__slug="xa-binh-lu")
    assert f"/plans/{doc.uid}/" in office.url, office.inner_text("main")[:800]
    tasks = list(Task.objects.filter(document=doc, children__isnull=True).order_by("position", "id"))
    targets = list(Target.objects.filter(document=doc).order_by("position", "id"))
    assert len(tasks) == 7 and len(targets) >= 15
    assert not any(t.lead_unit_id for t in tasks) and not any(t.responsible_unit_id for t in targets)

    # 2. From the plan page to its "6 rõ" worklist.
    office.locator(f"a[href='/plans/{doc.uid}/six-clear/']").click()
    office.wait_for_load_state()
    assert "Hoàn thiện “6 rõ”" in office.inner_text("main")
    vhxh, kinh_te, village = (Unit.objects.get(slug=s) for s in
                              ("xa-binh-lu-vhxh", "xa-binh-lu-kinh-te", "xa-binh-lu-ban-1"))
    ours, theirs = tasks[:4], tasks[4:]

    def bulk(form_id, box, items, unit):
        for item in items:
            office.check(f"input[name={box}][value='{item.uid}']")
        office.select_option(f"#{form_id} select", value=str(unit.pk))
        office.locator(f"#{form_id} button[type=submit]").click()
        office.wait_for_load_state()
        assert "Đã giao" in office.inner_text("body"), office.inner_text("main")[:500]

    bulk("bulk-tasks", "tasks", ours, vhxh)
    bulk("bulk-tasks", "tasks", theirs, kinh_te)
    officer = User.objects.get(username="binhlu.vhxh")
    economist = User.objects.get(username="binhlu.kinhte")
    deadlines = ["Quý IV/2026", "Hằng năm", "Năm 2026", "Thường xuyên", "Quý IV/2026", "Hằng năm", "Năm 2026"]
    for n, task in enumerate(tasks):
        row = f"#t-{task.uid}"
        p = f"#id_t{task.pk}-"
        office.select_option(p + "responsible_person", value=str((officer if task in ours else economist).pk))
        office.fill(p + "deadline_text", deadlines[n])
        office.fill(p + "responsibility", "Chủ trì tham mưu, tổ chức thực hiện")
        office.fill(p + "outputs", "Báo cáo kết quả thực hiện")
        office.fill(p + "approving_authority", "Chủ tịch UBND xã")
        office.locator(f"{row} button[type=submit]").click()
        office.wait_for_load_state()
        assert "Đã lưu nhiệm vụ" in office.inner_text("body"), office.inner_text("main")[:800]

    # 3. Every target gets a responsible unit (two bulk passes); one also a village reporting for it.
    bulk("bulk-targets", "targets", targets[:-3], vhxh)
    bulk("bulk-targets", "targets", targets[-3:], kinh_te)
    assert "Mọi nhiệm vụ của kế hoạch đã đủ “6 rõ”" in office.inner_text("main")
    assert "Mọi chỉ tiêu đã có đơn vị theo dõi" in office.inner_text("main")
    office.goto(f"{base}/targets/{targets[0].uid}/edit/")
    office.check(f"input[name=reporting_units][value='{village.pk}']")
    office.locator("#target-edit button[type=submit]").click()
    office.wait_for_load_state()
    assert "Đã lưu chỉ tiêu" in office.inner_text("body")

    # The full task page: coordinating unit, budget and its source, the targets it serves.
    office.goto(f"{base}/tasks/{ours[0].uid}/edit/")
    office.check(f"input[name=coordinating_units][value='{kinh_te.pk}']")
    office.fill("#id_budget_planned", "20.000.000")
    office.fill("#id_funding_source", "Ngân sách xã")
    office.check(f"input[name=targets][value='{targets[0].pk}']")
    office.locator("#task-edit button[type=submit]").click()
    office.wait_for_load_state()
    assert "Đã lưu nhiệm vụ" in office.inner_text("body")
    from theodoi.planning.selectors.six_clear import missing_of

    for t in Task.objects.filter(pk__in=[t.pk for t in tasks]):
        assert missing_of(t) == [], (t.code, missing_of(t))
    assert not Target.objects.filter(document=doc, responsible_unit__isnull=True).exists()
    office.goto(f"{base}/dashboard/")
    before = office.locator("[data-total=disbursed_total]").get_attribute("data-value")

    # 4. The officer of Phòng Văn hóa - Xã hội sees exactly their obligations, and reports.
    phone = watch(new_page(NARROW, phone=True))
    sign_in(phone, base, "binhlu.vhxh", pw["binhlu.vhxh"])
    phone.goto(f"{base}/?view=personal")
    listed = {a.split("/")[2] for a in phone.locator("#report-tasks a[href^='/tasks/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))") if a.count("/") == 3}
    assert listed == {str(t.uid) for t in ours}
    figures = {a.split("/")[2] for a in phone.locator("#report-figures a[href^='/targets/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href').split('?')[0])") if a.count("/") == 3}
    assert figures == {str(t.uid) for t in targets[:-3]}
    phone.goto(f"{base}/tasks/{ours[0].uid}/update/")
    phone.fill("#id_percent", "50")
    phone.fill("#id_work_done", "Đã tổ chức hội nghị quán triệt cho cán bộ, công chức xã")
    phone.fill("#id_disbursed_total", "5.000.000")
    phone.locator("button[name=submit]").click()
    phone.wait_for_load_state()
    assert "Đã gửi báo cáo tiến độ" in phone.inner_text("body")
    phone.goto(f"{base}/?view=personal")
    phone.locator(f"#report-tasks form[action='/tasks/{ours[1].uid}/update/'] button[name=nothing]").click()
    phone.wait_for_load_state()
    assert "không phát sinh" in phone.inner_text("body")
    # The figure of last month, still unsent: chosen in the period picker, sent late.
    from django.utils import timezone

    from theodoi.domain.periods import closed_period

    late = closed_period(timezone.localdate(), doc.monthly_due_day).key
    phone.goto(f"{base}/targets/{targets[0].uid}/figure/?unit=xa-binh-lu-vhxh")
    assert "quá hạn, gửi muộn" in phone.inner_text("#period-picker")
    phone.select_option("#id_period_pick", value=late)
    phone.locator("#period-picker button[type=submit]").click()
    phone.wait_for_load_state()
    assert f"period={late}" in phone.url and "Kỳ này đã quá hạn gửi" in phone.inner_text("main")
    value = phone.locator("#id_value")
    if phone.locator("#id_numerator").is_visible():
        phone.fill("#id_numerator", "45")
        phone.fill("#id_denominator", "100")
    else:
        value.fill("45")
    phone.locator("button[name=submit]").click()
    phone.wait_for_load_state()
    assert "Đã lưu số liệu" in phone.inner_text("body")
    update = ProgressUpdate.objects.get(task=ours[0])
    figure = Measurement.objects.get(target=targets[0], unit=vhxh, period_key=late)
    assert update.state == figure.state == ReviewState.SUBMITTED

    # 5. The office's leader approves the update and the figure.
    leader = watch(new_page(WIDE))
    sign_in(leader, base, "binhlu.vhxh.lanhdao", pw["binhlu.vhxh.lanhdao"])
    leader.goto(f"{base}/tasks/{ours[0].uid}/")
    leader.locator(f"#u-{update.uid} form[action*='/approve/'] button").click()
    leader.wait_for_load_state()
    leader.goto(f"{base}/targets/{targets[0].uid}/")
    leader.locator("form[action*='/approve/'] button").first.click()
    leader.wait_for_load_state()
    update.refresh_from_db()
    figure.refresh_from_db()
    assert update.state == figure.state == ReviewState.APPROVED

    # 6. The dashboard shows it: the approved disbursement is counted.
    office.goto(f"{base}/dashboard/")
    after = office.locator("[data-total=disbursed_total]").get_attribute("data-value")
    assert (before, after) == ("0", "5000000"), (before, after)
    row = office.locator("main tr", has=office.locator(f"a[href='/targets/{targets[0].uid}/']"))
    if not row.count():  # not among the first rows: the dashboard's own link to its targets
        office.locator("main a.stat[href*='/targets/']").click()
        office.wait_for_load_state()
        row = office.locator("main tr", has=office.locator(f"a[href='/targets/{targets[0].uid}/']"))
    assert "45" in row.first.inner_text(), row.first.inner_text()

    # The new pages at 390 and 1366 px.
    vp = ("binhlu.vanphong", pw["binhlu.vanphong"])
    _shoot_both(new_page, base, *vp, [(f"/plans/{doc.uid}/six-clear/?all=1", "six-clear"),
                                      (f"/tasks/{ours[0].uid}/edit/", "task-edit"),
                                      (f"/targets/{targets[0].uid}/edit/", "target-edit")], shot)
    _shoot_both(new_page, base, "binhlu.vhxh", pw["binhlu.vhxh"], [(f"/tasks/{ours[2].uid}/update/", "task-update")],
                shot)

    assert requests and not [u for u in requests if "/admin/" in u]
