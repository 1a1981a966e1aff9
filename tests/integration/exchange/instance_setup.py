"""Data of the two instances of the upward exchange test, run inside each instance's own process:

    python -c "import django; django.setup();
               from tests.integration.exchange.instance_setup import province; province()"

``province()`` builds the province's instance (Lai Châu with the commune xa-a, a provincial
plan whose target follows the indicator T-SOHOA) and prints a token for xa-a;
``commune()`` builds the commune's own instance (the same units, its own plan with a target of
the same indicator, approved figures of May from an office and a village, an approved update)
and signs its May report with a test certificate.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from tests.conftest import record_test_baseline

PERIOD = "2026-05"
END = dt.date(2026, 5, 14)


def _units():
    from theodoi.tenancy.models import Unit, UnitKind

    lai_chau = Unit.objects.create(slug="lai-chau", name="Tỉnh Lai Châu", kind=UnitKind.PROVINCE, admin_type="tỉnh")
    xa_a = Unit.objects.create(slug="xa-a", name="Xã An Bình", kind=UnitKind.COMMUNE, parent=lai_chau,
                               admin_type="xã")
    return lai_chau, xa_a


def _indicator():
    from theodoi.planning.models import Indicator, IndicatorKind

    return Indicator.objects.create(code="T-SOHOA", name="Tỷ lệ số hóa hồ sơ", kind=IndicatorKind.RATIO,
                                    unit_of_measure="%")


def _plan(issuer, number, title, indicator, text):
    from theodoi.planning.models import Comparator, DocStatus, DocType, Document, Target

    plan = Document.objects.create(doc_type=DocType.KE_HOACH, number=number, issuer=issuer, issuer_name=issuer.name,
                                   title=title, period_start=2026, period_end=2026, status=DocStatus.ACTIVE,
                                   issued_date=dt.date(2026, 1, 10))
    target = Target.objects.create(document=plan, text=text, area="CĐS", comparator=Comparator.GE,
                                   value=Decimal("100"), unit_of_measure="%", deadline_year=2026, indicator=indicator)
    return plan, target


def province() -> None:
    from theodoi.exchange.receiving import issue_token

    lai_chau, xa_a = _units()
    _plan(lai_chau, "45/KH-UBND", "Kế hoạch chuyển đổi số tỉnh năm 2026", _indicator(),
          "Tỷ lệ số hóa hồ sơ thủ tục hành chính của các xã đạt 100%.")
    record_test_baseline()  # so each instance's audit verify judges only what the exchange wrote
    _row, plain = issue_token(user=None, unit=xa_a, name="theodoi xã An Bình")
    print(json.dumps({"token": plain}))


def commune() -> None:
    from theodoi.planning.models import Measurement, ProgressUpdate, ReviewState, Task
    from theodoi.reporting import certificates, services
    from theodoi.tenancy.models import Unit, UnitKind

    _lai_chau, xa_a = _units()
    vhxh = Unit.objects.create(slug="xa-a-vhxh", name="Phòng Văn hóa - Xã hội", kind=UnitKind.OFFICE, parent=xa_a)
    ban = Unit.objects.create(slug="xa-a-ban-1", name="Bản Một", kind=UnitKind.VILLAGE, parent=xa_a)
    plan, target = _plan(xa_a, "12/KH-UBND", "Kế hoạch chuyển đổi số xã năm 2026", _indicator(),
                         "Tỷ lệ số hóa hồ sơ đạt 100%.")
    task = Task.objects.create(document=plan, code="III.1", title="Số hóa hồ sơ thủ tục hành chính", lead_unit=vhxh,
                               deadline_text="Quý II/2026", deadline_kind="quarter", due_date=dt.date(2026, 6, 30))
    for unit, num, den in ((vhxh, "300", "1000"), (ban, "45", "50")):
        Measurement.objects.create(target=target, unit=unit, period_key=PERIOD, period_end=END,
                                   numerator=Decimal(num), denominator=Decimal(den), state=ReviewState.APPROVED)
    ProgressUpdate.objects.create(task=task, unit=vhxh, period_key=PERIOD, period_end=END, percent=Decimal("40"),
                                  work_done="Đã số hóa 400 hồ sơ", difficulties="Thiếu máy quét",
                                  state=ReviewState.APPROVED)
    record_test_baseline()  # so each instance's audit verify judges only what the exchange wrote
    certificates.install_test_certificate(xa_a)
    report = services.open_report(xa_a, "monthly", PERIOD)
    report = services.finalise(report, None)
    print(json.dumps({"report": str(report.uid), "sha256": report.sha256}))


def change_figure() -> None:
    """An approved figure changed after the report was signed and accepted."""
    from theodoi.audit.services import record, snapshot
    from theodoi.planning.models import Measurement

    m = Measurement.objects.get(unit__slug="xa-a-ban-1", period_key=PERIOD)
    before = snapshot(m)
    m.numerator, m.version = Decimal("50"), m.version + 1
    m.save()
    record("update", m, before=before, reason="Sửa số liệu sau khi đã ký (kiểm thử)")


def sign_new_version() -> None:
    """The province returns the report; the commune signs version 2 with the changed figure."""
    from theodoi.reporting import services
    from theodoi.reporting.models import Report, ReportState

    report = Report.objects.get(unit__slug="xa-a", period_key=PERIOD)
    if report.state == ReportState.FINAL:  # not yet acknowledged (an acknowledged one is accepted)
        report = services.submit(report, None)
    report = services.return_report(report, None, "Số liệu bản Một đã sửa")
    report = services.finalise(report, None)
    print(json.dumps({"version": report.version}))


def outgoing() -> None:
    from theodoi.exchange.models import Outgoing

    print(json.dumps([{"version": o.report_version, "state": o.state, "attempts": o.attempts,
                       "error": o.last_error, "ack": o.ack} for o in Outgoing.objects.order_by("report_version")]))


def received() -> None:
    from theodoi.exchange.models import Submission
    from theodoi.planning.models import Measurement
    from theodoi.reporting import figures
    from theodoi.reporting.periods import parse
    from theodoi.tenancy.models import Unit

    rows = figures.target_rows(Unit.objects.get(slug="lai-chau"), parse("monthly", PERIOD))
    print(json.dumps({
        "submissions": [{"version": s.report_version, "state": s.state, "sha256": s.sha256,
                         "figures_stored": s.figures_stored, "uid": str(s.uid),
                         "tasks": len(s.payload.get("tasks") or []), "progress": len(s.payload.get("progress") or []),
                         "audit_head": s.audit_head}
                        for s in Submission.objects.order_by("report_version")],
        "measurements": [{"unit": m.unit.slug, "numerator": str(m.numerator), "denominator": str(m.denominator),
                          "state": m.state} for m in Measurement.objects.select_related("unit")],
        "province_rows": [{"value": r["value"], "numerator": r["numerator"], "denominator": r["denominator"]}
                          for r in rows],
    }))
