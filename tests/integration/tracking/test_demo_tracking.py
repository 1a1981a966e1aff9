"""On the demo data (built relative to "today"), every kind of warning appears with a true reason,
the science lifecycle reconciles, reminders name the tasks and the due day, the trail is intact.

The demo is loaded for a day across a year boundary (the Decree-09 year 2027 starts on 15/12/2026),
so the relative history is exercised where it is most fragile.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.management import call_command

from tests.demo_snapshot import demo_of
from theodoi.audit.verify import verify
from theodoi.domain import periods
from theodoi.planning.models import ProgressUpdate, ReviewState, Task
from theodoi.planning.selectors.lifecycle import reconcile
from theodoi.planning.selectors.overdue import overdue_by_lead
from theodoi.planning.selectors.warnings import compute_warnings, counts_by_code

TODAY = dt.date(2027, 1, 3)
SENT = (ReviewState.SUBMITTED, ReviewState.APPROVED)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        demo_of(tmp_path_factory, TODAY)  # the session's demo of that day (tests/demo_snapshot.py)
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def found(demo, db):
    return compute_warnings(TODAY)


# A commune plan's targets are compared with its parents' only when a parent plan with targets is in
# the system; the demo has none (the province's plans are cited, not imported): these three kinds
# are tested with a province plan in tests/integration/tracking/test_conformity_warnings.py and, on
# the demo after the province imports its plan, in tests/e2e/test_cascade_pages.py.
NEEDS_A_PARENT_PLAN = {"conform_weaker", "conform_later", "conform_missing"}


def test_every_kind_appears_with_its_responsible_unit(found):
    counts = counts_by_code(found)
    assert all(n for code, n in counts.items() if code not in NEEDS_A_PARENT_PLAN), counts
    assert all(w.unit is not None and w.reason_vi for w in found)
    reasons = [w.reason_vi for w in found]
    for fragment in ("tử số", "chỉ tiêu lũy kế giảm", "giải ngân lũy kế tăng", "trong khi nhiệm vụ đã quá hạn",
                     "chỉ ghi tỷ lệ", "không có tệp minh chứng", "đề nghị xem xét dừng"):
        assert any(fragment in r for r in reasons), fragment


def test_the_reasons_are_true(found):
    for w in found:
        t = w.task
        if w.code == "no_update":
            closed = periods.closed_period(TODAY, t.document.monthly_due_day)
            assert closed.label_vi.lower() in w.reason_vi
            assert not ProgressUpdate.objects.filter(task=t, period_key=closed.key, state__in=SENT).exists()
            assert t.lead_unit == w.unit
        elif w.code == "overdue":
            assert t.due_date < TODAY and t.completed_on is None
            assert f"Quá hạn {(TODAY - t.due_date).days} ngày" in w.reason_vi
        elif w.code == "stalled":
            sent = list(ProgressUpdate.objects.filter(task=t, state__in=SENT).order_by("period_end"))
            last = sent[-1]
            assert f"đứng ở {int(last.percent)}%" in w.reason_vi
            months_before = [u for u in sent if u.period_end <= last.period_end - dt.timedelta(days=80)]
            assert months_before and months_before[-1].percent == last.percent
        elif w.code == "contradiction" and w.measurement is not None and "tử số" in w.reason_vi:
            m = w.measurement
            assert m.numerator > m.denominator and w.unit == m.unit


def test_overdue_is_grouped_by_lead_unit(demo, db):
    groups = overdue_by_lead(TODAY)
    assert groups and all(rows for _name, rows in groups)
    from theodoi.planning.selectors.texts import unit_label

    names = [name for name, _rows in groups]
    assert len(names) == len(set(names))  # one group per unit, offices of two communes kept apart
    for name, rows in groups:
        assert {unit_label(r.task.lead_unit) if r.task.lead_unit else r.task.lead_unit_name for r in rows} == {name}
    assert any(name.endswith((" xã Bình Lư", " xã Bum Nưa")) for name in names)  # "Công an xã Bình Lư"


def test_science_lifecycle_is_recorded_and_reconciled(demo, db):
    science = [reconcile(t) for t in Task.objects.filter(is_science_task=True, stages__isnull=False).distinct()]
    assert science
    agreeing = [r for r in science if r.consistent]
    assert agreeing, [r.findings for r in science]
    assert any(any("khác số báo cáo" in f for f in r.findings) for r in science)
    # the reconciliation is a warning kind: the tasks that disagree are warned, each with its findings
    warned = {w.task.pk: w for w in compute_warnings(TODAY) if w.code == "lifecycle"}
    assert warned and set(warned) == {r.task.pk for r in science if r.findings and r.task.lead_unit_id}
    full = [r for r in science if {"nghiem_thu", "chuyen_giao"} <= {s.stage for s in r.stages}]
    assert full and all(s.document_ref for r in full for s in r.stages)
    for r in science:
        assert all(s.date <= TODAY for s in r.stages)


def test_reminders_name_the_tasks_and_the_due_day(demo, db, settings):
    from theodoi.jobs import services
    from theodoi.jobs.schedule import plan_reminders

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    p = periods.open_period(TODAY, 15)
    due = periods.due_date(p, 15)
    assert plan_reminders(due - dt.timedelta(days=2))
    services.run_pending()
    assert mail.outbox
    for msg in mail.outbox:
        assert f"{due:%d/%m/%Y}" in msg.subject and ("Nhiệm vụ" in msg.body or "Số liệu chỉ tiêu" in msg.body)
    assert plan_reminders(due - dt.timedelta(days=1)) == []  # each unit once


def test_the_trail_of_the_demo_is_intact_and_the_command_prints_json(demo, db, capsys):
    assert verify().ok
    call_command("warnings", "--date", TODAY.isoformat(), "--json", "--unit", "xa-binh-lu")
    data = json.loads(capsys.readouterr().out)
    assert data["total"] > 0 and all(w["unit"].startswith("xa-binh-lu") for w in data["warnings"])


def test_reimporting_the_seeds_keeps_what_the_office_set(demo, db):
    """The demo's offices set deadlines, leads and budgets by hand: importing the seeds again keeps them,
    so the overdue warnings stay as they were."""
    from theodoi.demo import plans

    def picture():
        return {t.pk: (t.deadline_text, t.due_date, t.lead_unit_id, t.outputs, t.budget_planned,
                       t.not_in_document_since) for t in Task.objects.all()}

    before, overdue = picture(), counts_by_code(compute_warnings(TODAY))["overdue"]
    assert overdue
    plans.load()
    assert picture() == before
    assert counts_by_code(compute_warnings(TODAY))["overdue"] == overdue
    assert verify().ok


def test_the_demo_chairman_stopped_one_stalled_task_and_nobody_is_asked_about_it(found):
    from theodoi.audit.services import history
    from theodoi.planning.selectors.obligations import obligations_for_units
    from theodoi.tenancy.models import Unit

    [stopped] = Task.objects.filter(run_state="stopped")
    assert stopped.document.issuer.slug == "xa-phong-tho" and "kém hiệu quả" in stopped.run_state_reason
    assert history(stopped).last().action == "stop" and history(stopped).last().actor_name
    # nothing asks for it any more (contradictions in what was already sent stay visible)
    assert not [w for w in found if w.task == stopped and w.code in ("no_update", "overdue", "stalled", "thin_update")]
    assert any(w.code == "stalled" and w.task.document_id == stopped.document_id for w in found)
    period = periods.open_period(TODAY, stopped.document.monthly_due_day)
    units = Unit.objects.filter(path__startswith=stopped.document.issuer.path)
    assert not [o for o in obligations_for_units(units, period) if o.obj == stopped]


def test_the_demo_fills_the_targets_the_system_measures_itself(found):
    from theodoi.domain.self_measured import measure_of
    from theodoi.planning.models import Measurement, Target
    from theodoi.planning.services.self_measured import SYSTEM_SOURCE

    measured = [t for t in Target.objects.filter(document__status="active") if measure_of(t.text, t.unit_of_measure)]
    assert {t.document.issuer.slug for t in measured} == {"xa-bum-nua-dang-uy"} and len(measured) == 2
    updates = next(t for t in measured if "cập nhật tiến độ" in t.text)
    figures = Measurement.objects.filter(target=updates, source=SYSTEM_SOURCE)
    assert figures and all(m.denominator and m.numerator <= m.denominator for m in figures)
    below = [m for m in figures if m.numerator * 100 / m.denominator < 90]
    warned = {w.measurement.pk for w in found if w.code == "self_measured"}
    assert {m.pk for m in below} <= warned
