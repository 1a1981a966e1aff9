"""Shared fixtures: a small two-province world with one persona per role.

``world`` (a database fixture) builds:

    lai-chau (province)                      dien-bien (province)
    ├── so-khcn (agency)                     └── xa-c (commune)
    ├── xa-a (commune)                           └── xa-c-vhxh (office)  ← outsider (officer)
    │   ├── xa-a-vhxh (office)  ← officer, leader
    │   │   (admin of xa-a = standing office)
    │   └── xa-a-ban-1 (village)
    └── xa-b (commune)          ← officer_b
    reader: READER at lai-chau (the province's Sở KH&CN reads every commune)

and a plan of xa-a with one target (a ratio) and two tasks led by xa-a-vhxh.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from types import SimpleNamespace

import pytest

PASSWORD = "mat-khau-thu-nghiem-2026"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` (make test) hands out the longest modules first (tests/xdist_order.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from tests.xdist_order import LongestFirst

    return LongestFirst(config, log)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """On PostgreSQL, emptying the test database (after each ``transaction=True`` test, and where a
    module-scoped demo is loaded or put away) deletes the rows instead of ``TRUNCATE``-ing every
    table: ``TRUNCATE`` gives each of the 48 tables new files, 1.3–2 s a time on these machines,
    where ``DELETE`` of the few rows a test leaves takes 15–25 ms (185 ms after the whole demo).
    The tables end as empty as ``TRUNCATE`` leaves them; the foreign keys Django makes are
    ``DEFERRABLE INITIALLY DEFERRED``, and ``flush`` runs the statements in one transaction, so
    their order does not matter. The product's own ``flush`` is untouched (this is the tests')."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncating = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncating(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} {style.SQL_FIELD(self.quote_name(t))};"
            for t in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncating


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Every test, and every session- or module-scoped fixture, hashes passwords with MD5:
    the project's PBKDF2 costs a quarter of a second per account and the fixtures create many.

    A module about hashing itself sets ``REAL_HASHERS = True`` (or a test is marked
    ``real_hashers``) and gets the project's own ``PASSWORD_HASHERS`` back.
    """
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


KEYS_IN_TURN = 48  # more than one demo load makes (38), so the keys of one load are all different


@pytest.fixture(scope="session", autouse=True)
def _rsa_keys_in_turn():
    """The test certificates' RSA keys (``reporting.signing.new_key``: every demo load makes 38, the
    signing tests more) come from a ring of 48 made as first needed by this process, then handed out
    again in turn: making a 2048-bit key costs 35 ms of CPU, and no test needs a key no other test
    used, only keys that differ from the others it holds."""
    from theodoi.reporting import signing

    made: list = []
    turn = iter(range(1 << 62))

    def in_turn():
        n = next(turn)
        if len(made) < KEYS_IN_TURN:
            made.append(make())
            return made[-1]
        return made[n % KEYS_IN_TURN]

    make, signing.new_key = signing.new_key, in_turn
    yield
    signing.new_key = make


@pytest.fixture(scope="session", autouse=True)
def _media_of_this_process(tmp_path_factory):
    """Each test process writes the files of its module-scoped fixtures (the demo's plan files and its
    certificates' password files) in a folder of its own: two processes loading the demo at once
    wrote the same password files in the session's data folder."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("data") / "files"):
        yield


def pytest_sessionfinish(session):
    """The session's copies of the demo (tests/demo_snapshot.py) go with it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controlling process drops them once every worker is done
    try:
        from tests.demo_snapshot import drop_snapshots

        drop_snapshots()
    except Exception as exc:  # a server gone at the end is reported, not a failed session
        print(f"tests/demo_snapshot: the demo copies were not dropped: {exc}")


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_process(tmp_path_factory):
    """Each test process (an xdist worker) has its own cache folder. The product's file cache is shared
    by the processes of one installation on purpose (they share its database); test processes each
    have a database of their own, so a shared cache let one process's cached facts (the day of the
    stored warnings, a cleared key) reach another's tests."""
    from django.conf import settings as django_settings
    from django.test import override_settings

    caches = {name: {**conf, "LOCATION": str(tmp_path_factory.mktemp(f"cache-{name}"))}
              for name, conf in django_settings.CACHES.items()}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(scope="session", autouse=True)
def _anchor_file_of_the_session(tmp_path_factory):
    """Audit anchors written by committing fixtures (module-scoped demos) go to a file of the test
    session, never into the data folder of a real installation."""
    from django.test import override_settings

    with override_settings(AUDIT_ANCHOR_FILE=str(tmp_path_factory.mktemp("anchors") / "audit-anchors.jsonl")):
        yield


@pytest.fixture(autouse=True)
def _real_hashers_when_asked(request):
    if request.node.get_closest_marker("real_hashers") or getattr(request.module, "REAL_HASHERS", False):
        from theodoi import settings as project

        request.getfixturevalue("settings").PASSWORD_HASHERS = list(project.PASSWORD_HASHERS)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the project's language. A request activates its reader's language
    for the thread (``web.middleware.ChosenLanguageMiddleware``; each request sets its own, so
    readers never see another's), and a command or service called after an English page in the
    same test process would otherwise speak English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_unit_names():
    """The names units share (``planning.selectors.texts``) are cached per process for five minutes;
    a test's units are rolled back after it, so each test starts with the cache empty."""
    from theodoi.planning.selectors.texts import forget_names

    forget_names()
    yield
    forget_names()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Each test has a data folder of its own: its files, its staged uploads (``<data>/staging``: a
    check that a refused upload left nothing staged saw another process's uploads) and its anchors."""
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # the API's rate limits count in the process's memory: each test starts from zero
    from django.core.cache import cache, caches

    cache.clear()
    caches["throttle"].clear()


@pytest.fixture
def world(db, django_user_model):
    from theodoi.planning.models import (
        Comparator,
        DocStatus,
        DocType,
        Document,
        Indicator,
        IndicatorKind,
        Target,
        Task,
    )
    from theodoi.tenancy.models import Membership, Role, Unit, UnitKind

    def unit(slug, name, kind, parent=None, **kw):
        return Unit.objects.create(slug=slug, name=name, kind=kind, parent=parent, **kw)

    lai_chau = unit("lai-chau", "Tỉnh Lai Châu", UnitKind.PROVINCE, admin_type="tỉnh")
    so_khcn = unit("so-khcn", "Sở Khoa học và Công nghệ", UnitKind.AGENCY, lai_chau)
    xa_a = unit("xa-a", "Xã An Bình", UnitKind.COMMUNE, lai_chau, admin_type="xã")
    vhxh = unit("xa-a-vhxh", "Phòng Văn hóa - Xã hội", UnitKind.OFFICE, xa_a)
    ban = unit("xa-a-ban-1", "Bản Một", UnitKind.VILLAGE, xa_a)
    xa_b = unit("xa-b", "Xã Bình Yên", UnitKind.COMMUNE, lai_chau, admin_type="xã")
    dien_bien = unit("dien-bien", "Tỉnh Điện Biên", UnitKind.PROVINCE, admin_type="tỉnh")
    xa_c = unit("xa-c", "Xã Cầu Đá", UnitKind.COMMUNE, dien_bien, admin_type="xã")
    c_vhxh = unit("xa-c-vhxh", "Phòng Văn hóa - Xã hội", UnitKind.OFFICE, xa_c)

    def person(username, unit_, role, **kw):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, full_name=username.replace("_", " ").title(),
            email=f"{username}@example.test", **kw,
        )
        if unit_ is not None:
            Membership.objects.create(user=user, unit=unit_, role=role)
        return user

    admin = person("admin_a", xa_a, Role.ADMIN)
    officer = person("officer_a", vhxh, Role.OFFICER)
    leader = person("leader_a", vhxh, Role.LEADER)
    officer_b = person("officer_b", xa_b, Role.OFFICER)
    reader = person("reader", lai_chau, Role.READER)
    outsider = person("outsider", c_vhxh, Role.OFFICER)
    nobody = person("nobody", None, None)
    superuser = django_user_model.objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.test"
    )

    plan = Document.objects.create(
        doc_type=DocType.KE_HOACH, number="12/KH-UBND", issuer=xa_a, issuer_name="UBND xã An Bình",
        title="Kế hoạch chuyển đổi số năm 2026", period_start=2026, period_end=2026,
        status=DocStatus.ACTIVE, issued_date=dt.date(2026, 1, 10),
    )
    ratio = Indicator.objects.create(code="T-SOHOA", name="Tỷ lệ số hóa hồ sơ", kind=IndicatorKind.RATIO,
                                     unit_of_measure="%")
    target = Target.objects.create(
        document=plan, text="Tỷ lệ số hóa hồ sơ đạt 100%.", section="II.2", area="CĐS",
        comparator=Comparator.GE, value=Decimal("100"), unit_of_measure="%", deadline_year=2026,
        deadline=dt.date(2026, 12, 31), indicator=ratio, responsible_unit=vhxh,
    )
    task = Task.objects.create(
        document=plan, code="III.1", title="Số hóa hồ sơ thủ tục hành chính", lead_unit=vhxh,
        lead_unit_name="Phòng Văn hóa - Xã hội", outputs="Hồ sơ được số hóa",
        deadline_text="Quý II/2026", deadline_kind="quarter", due_date=dt.date(2026, 6, 30),
        approving_authority="Chủ tịch UBND xã", responsibility="Chủ trì triển khai",
        responsible_person=officer, budget_planned=Decimal("50000000"),
    )
    task2 = Task.objects.create(
        document=plan, code="III.2", title="Tuyên truyền chuyển đổi số", lead_unit=vhxh,
        deadline_text="Thường xuyên", deadline_kind="recurring", recurrence="continuous",
    )
    task.targets.add(target)
    return SimpleNamespace(
        lai_chau=lai_chau, so_khcn=so_khcn, xa_a=xa_a, vhxh=vhxh, ban=ban, xa_b=xa_b,
        dien_bien=dien_bien, xa_c=xa_c, c_vhxh=c_vhxh,
        admin=admin, officer=officer, leader=leader, officer_b=officer_b, reader=reader,
        outsider=outsider, nobody=nobody, superuser=superuser,
        plan=plan, target=target, task=task, task2=task2, indicator=ratio, password=PASSWORD,
    )


def record_test_baseline() -> dict[str, int]:
    """A baseline audit record for every row written directly so far (by a fixture, as in an
    installation upgraded from a version that did not audit them), so ``audit verify`` passes and
    judges only what the services write afterwards. Rows recorded already are left alone.

    Also for the processes of the tests that run real instances (tests/integration/exchange)."""
    from theodoi.audit.services import record_baseline

    return record_baseline("Dữ liệu kiểm thử")


@pytest.fixture
def baseline(db):
    """``baseline()`` records :func:`record_test_baseline`: a fixture that writes rows directly calls
    it once they are written (``audited`` is ``world`` with it)."""
    return record_test_baseline


@pytest.fixture
def audited(world, baseline):
    """``world`` with a baseline audit record for each of its rows, so ``audit verify`` passes."""
    baseline()
    return world
