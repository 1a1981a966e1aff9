"""`theodoi benchdata`: real communes, a plan each, months of history, every row audited."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from theodoi.audit.verify import AUDITED, verify
from theodoi.planning.models import (
    Document,
    Measurement,
    ProgressUpdate,
    ReviewState,
    Target,
    TargetState,
    Task,
    TaskState,
)
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind

TODAY = dt.date(2026, 6, 20)


def _load(*args):
    from theodoi.demo import benchdata

    return benchdata.load(list(args), months=3, communes=2, today=TODAY, say=lambda _m: None)


@pytest.mark.django_db
def test_two_provinces_two_communes_each():
    stats = _load("lai-chau", "04")  # by name without marks, and by the official code (Cao Bằng)
    assert stats.provinces == 2 and stats.plans == 4
    plans = Document.objects.filter(source_name="benchdata")
    assert plans.count() == 4
    assert {d.issuer.parent.name for d in plans} == {"Tỉnh Lai Châu", "Tỉnh Cao Bằng"}
    # the real communes of dvhc-2025, each with its offices and villages
    commune = plans.first().issuer
    assert commune.kind == UnitKind.COMMUNE and commune.codes.exists()
    assert Unit.objects.filter(parent=commune, kind=UnitKind.OFFICE).count() == 3
    assert Unit.objects.filter(parent=commune, kind=UnitKind.VILLAGE).count() == 2
    assert Target.objects.filter(document__in=plans).count() == 4 * 20
    assert Task.objects.filter(document__in=plans, lead_unit__isnull=False).count() == 4 * 30
    # three months of history: most approved, the current month still open, some never sent
    updates = ProgressUpdate.objects.filter(task__document__in=plans)
    assert 4 * 30 * 2 < updates.count() < 4 * 30 * 3
    assert updates.filter(state=ReviewState.APPROVED).count() > updates.count() / 2
    # 20/6 lies in the reporting month of July (15/6–14/7, Decree 09/2019): May, June, July
    assert set(updates.values_list("period_key", flat=True)) == {"2026-05", "2026-06", "2026-07"}
    assert not updates.filter(period_key="2026-07", state=ReviewState.APPROVED).exists()
    assert updates.filter(state__in=[ReviewState.DRAFT, ReviewState.SUBMITTED], period_key="2026-07").exists()
    figures = Measurement.objects.filter(target__document__in=plans)
    assert figures.count() == 4 * 20 * 2  # every target, every closed month
    ratio = figures.filter(denominator__isnull=False).first()
    assert ratio.numerator <= ratio.denominator or ratio.numerator == ratio.denominator + 12
    # people to sign in: an officer and a leader per office, a reader at each province
    assert Membership.objects.filter(unit__parent=commune, role=Role.OFFICER).count() == 3
    assert Membership.objects.filter(unit__kind=UnitKind.PROVINCE, role=Role.READER).count() == 2
    # every row has its record and the chain holds
    report = verify()
    assert report.ok, report.first
    audited = sum(apps.get_model(label).objects.count() for label in AUDITED.values())
    assert report.rows_checked == audited >= stats.rows
    # each province's rows in its own chain (accounts in the global one), each chain opened there
    from theodoi.audit.models import AuditEvent
    from theodoi.audit.services import record

    provinces = {"tinh-lai-chau", "tinh-cao-bang"}
    assert set(report.chains) == {""} | provinces
    assert set(AuditEvent.objects.filter(chain="", action="open").values_list("object_id", flat=True)) == provinces
    assert not AuditEvent.objects.filter(chain="", object_type="planning.progressupdate").exists()
    # a service's record afterwards follows on the loaded chain
    row = ProgressUpdate.objects.filter(task__document__issuer__parent__slug="tinh-cao-bang").first()
    ev = record("update", row)
    assert (ev.chain, ev.seq) == ("tinh-cao-bang", report.chains["tinh-cao-bang"]["seq"] + 1)
    assert verify().ok
    # each task's and target's current state, as the writing services would have kept it
    from theodoi.planning.services.state import differences

    in_plans = Task.objects.filter(document__in=plans).count()
    assert TaskState.objects.filter(task__document__in=plans).count() == in_plans
    assert TargetState.objects.filter(target__document__in=plans).count() == 4 * 20
    assert differences() == []


@pytest.mark.django_db
@pytest.mark.parametrize("tamper", ["update", "figure", "membership"])
def test_bulk_loaded_rows_changed_afterwards_are_caught(tamper):
    _load("lai-chau")
    assert verify().ok
    if tamper == "update":
        row = ProgressUpdate.objects.order_by("pk").last()
        ProgressUpdate.objects.filter(pk=row.pk).update(percent=100)
    elif tamper == "figure":
        row = Measurement.objects.order_by("pk")[7]
        Measurement.objects.filter(pk=row.pk).update(denominator=1)
    else:
        row = Membership.objects.filter(role=Role.OFFICER).first()
        Membership.objects.filter(pk=row.pk).update(role=Role.ADMIN)
    report = verify()
    assert not report.ok
    assert [(p.object_type, p.object_id) for p in report.problems] == [(row._meta.label_lower, str(row.pk))]


@pytest.mark.django_db
def test_a_second_run_adds_nothing():
    _load("lai-chau")
    counts = (Document.objects.count(), ProgressUpdate.objects.count(), Measurement.objects.count())
    again = _load("lai-chau")
    assert again.plans == 0 and len(again.skipped) == 2
    assert (Document.objects.count(), ProgressUpdate.objects.count(), Measurement.objects.count()) == counts
    assert verify().ok


@pytest.mark.django_db
def test_the_command_says_what_it_did_and_refuses_unknown_provinces():
    out = io.StringIO()
    call_command("benchdata", "--provinces", "lai-chau", "--months", "2", "--communes", "1", stdout=out)
    assert "1 tỉnh" in out.getvalue() and "dòng/s" in out.getvalue()
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố: atlantis"):
        call_command("benchdata", "--provinces", "lai-chau,atlantis", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Số tháng"):
        call_command("benchdata", "--provinces", "lai-chau", "--months", "0", stdout=io.StringIO())


@pytest.mark.django_db
def test_rows_written_as_tuples_read_back_as_their_snapshot():
    """A ``rows.Table`` row takes the model's defaults for the columns it does not set (a fresh uid,
    version 1, the time of the load), keeps numbers as the column does, and its picture is the
    snapshot of the row read back, which is what the audit record must carry."""
    from decimal import Decimal

    from theodoi.audit.services import snapshot
    from theodoi.demo import rows

    _load("lai-chau")
    task = Task.objects.filter(lead_unit__isnull=False).first()
    old = ProgressUpdate.objects.filter(task=task).order_by("-pk").first()
    table = rows.Table(ProgressUpdate, ("task_id", "unit_id", "period_key", "period_end", "percent", "state"))
    given = [(task.pk, task.lead_unit_id, "2030-01", dt.date(2030, 1, 14), Decimal("12.5"), ReviewState.DRAFT.value),
             (task.pk, task.lead_unit_id, "2030-02", dt.date(2030, 2, 14), Decimal(40), ReviewState.SUBMITTED.value)]
    ids, out, pictures = table.build(given)
    table.write(out)
    assert min(ids) > old.pk  # new ids, after every row there was
    back = {u.pk: u for u in ProgressUpdate.objects.filter(pk__in=ids)}
    assert [back[pk].percent for pk in ids] == [Decimal("12.5"), Decimal(40)]
    assert back[ids[0]].uid != back[ids[1]].uid and back[ids[0]].version == 1
    assert back[ids[0]].created_at is not None and back[ids[0]].work_done == ""
    assert [snapshot(back[pk]) for pk in ids] == pictures
    with pytest.raises(ValueError, match="no column nope"):
        rows.Table(ProgressUpdate, ("task_id", "nope"))


@pytest.mark.django_db
def test_ids_drawn_for_tuples_never_reuse_a_deleted_rows():
    """A deleted row's audit records name its id: a new row given that id would inherit them."""
    from theodoi.demo import rows

    _load("lai-chau")
    newest = ProgressUpdate.objects.order_by("-pk").first()
    ProgressUpdate.objects.filter(pk=newest.pk).delete()
    assert rows.draw_ids(ProgressUpdate, 2)[0] > newest.pk
