"""`theodoi demo`: the national layer, a real Lai Châu, the seed plans and their history."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tests.demo_snapshot import demo_of
from theodoi.audit.models import AuditEvent
from theodoi.planning.models import DocStatus, Document, Measurement, ProgressUpdate, Target, Task
from theodoi.tenancy.models import Membership, Unit, UnitCode, UnitKind, User

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """What ``theodoi demo`` printed, the database holding what it loaded (the session's demo of
    that day, tests/demo_snapshot.py), flushed after the module."""
    with django_db_blocker.unblock():
        yield demo_of(tmp_path_factory, TODAY).output
        from django.core.management import call_command as cc

        cc("flush", "--no-input", verbosity=0)


@pytest.mark.django_db
def test_lai_chau_after_and_before_the_reform(demo_output):
    lai_chau = Unit.objects.get(slug="tinh-lai-chau")
    communes = Unit.objects.filter(parent=lai_chau, kind=UnitKind.COMMUNE)
    assert communes.count() == 38
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 34
    old = Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to=dt.date(2025, 6, 30), path__startswith=lai_chau.path)
    assert old.count() == 106
    binh_lu = Unit.objects.get(slug="xa-binh-lu")
    # code 03390 was thị trấn Tam Đường and is now xã Bình Lư
    holders = {c.unit.name for c in UnitCode.objects.filter(code="03390").select_related("unit")}
    assert holders == {"Thị trấn Tam Đường", "Xã Bình Lư"}
    merged = binh_lu.predecessors.filter(kind=UnitKind.COMMUNE)
    assert {u.name for u in merged} == {"Thị trấn Tam Đường", "Xã Sơn Bình", "Xã Bình Lư"}
    # the abolished district hands its work to the communes that took its territory
    assert binh_lu.predecessors.filter(kind=UnitKind.DISTRICT, name="Huyện Tam Đường").exists()
    tam_duong = Unit.objects.get(kind=UnitKind.DISTRICT, name="Huyện Tam Đường")
    assert tam_duong.successors.count() == 6


@pytest.mark.django_db
def test_national_layer_and_seed_plans(demo_output):
    nq03 = Document.objects.get(number="03/NQ-CP")
    assert nq03.targets.filter(parent__isnull=True).count() == 41
    assert nq03.tasks.filter(code__startswith="NV").count() == 140
    assert nq03.outgoing_links.filter(target__number="57-NQ/TW").exists()
    seeds = Document.objects.filter(source_name__endswith=".txt")
    assert seeds.count() == 5
    tam_duong_plan = seeds.get(issuer__name="Huyện ủy Tam Đường")
    assert tam_duong_plan.issuer.valid_to == dt.date(2025, 6, 30)
    # its open tasks were handed to successor units, the plan stays the old committee's
    assert Task.objects.filter(document=tam_duong_plan, lead_unit__isnull=False).exists()
    # cited documents not in the system are stub nodes of the cascade
    assert Document.objects.filter(status=DocStatus.STUB, number="10-NQ/TU").exists()


@pytest.mark.django_db
def test_history_has_every_kind_of_update(demo_output):
    assert ProgressUpdate.objects.filter(state="approved").count() > 20
    assert ProgressUpdate.objects.filter(state="submitted").exists()
    assert ProgressUpdate.objects.filter(state="returned").exists()
    assert ProgressUpdate.objects.filter(work_done="").exists()  # thin updates
    assert Measurement.objects.filter(numerator__isnull=False, denominator__isnull=False).exists()
    assert Measurement.objects.filter(unit__kind=UnitKind.VILLAGE).exists()
    assert AuditEvent.objects.count() > 100


@pytest.mark.django_db
def test_accounts_have_their_own_hashed_passwords(demo_output):
    lines = [ln.split() for ln in demo_output.splitlines() if ln.startswith("  ") and len(ln.split()) == 2]
    passwords = dict(lines)
    assert "admin" in passwords and "binhlu.vhxh" in passwords
    assert len(set(passwords.values())) == len(passwords)  # no shared password
    for username, password in passwords.items():
        user = User.objects.get(username=username)
        assert user.password != password and user.password.startswith(("pbkdf2", "argon2", "md5", "bcrypt"))
        assert user.check_password(password)
    assert Membership.objects.filter(user__username="sokhcn", unit__slug="tinh-lai-chau").exists()
    # every person has a name of their own, without a place tacked on (it is printed in signatures)
    names = list(User.objects.exclude(username="admin").values_list("full_name", flat=True))
    assert len(set(names)) == len(names) and not any("(" in n for n in names)


@pytest.mark.django_db
def test_running_twice_does_not_duplicate(demo_output):
    counts = (Unit.objects.count(), Document.objects.count(), Target.objects.count(), Task.objects.count(),
              ProgressUpdate.objects.count(), Measurement.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("demo", "--force", "--today", TODAY.isoformat(), stdout=out)
    assert counts == (Unit.objects.count(), Document.objects.count(), Target.objects.count(),
                      Task.objects.count(), ProgressUpdate.objects.count(), Measurement.objects.count(),
                      User.objects.count())
    assert "Mật khẩu" not in out.getvalue() or "admin" not in out.getvalue()
