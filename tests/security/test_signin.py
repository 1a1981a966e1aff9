"""Sign-in throttling: repeated failures make the next try wait a doubling delay, never lock an account."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from tests.installations import copy_of, migrated_installation, sqlite_pass_only
from theodoi import security

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
WAIT = "Đăng nhập sai nhiều lần liên tiếp. Vui lòng đợi"


def _let_time_pass(seconds: float) -> None:
    """Move every recorded failure ``seconds`` into the past (as if that long had gone by)."""
    from django.db.models import F

    from theodoi.portal.models import ThrottleHit

    ThrottleHit.objects.update(at=F("at") - dt.timedelta(seconds=seconds))


def _request(client: Client | None):
    addr = client.defaults.get("REMOTE_ADDR", "127.0.0.1") if client is not None else None
    return type("R", (), {"META": {"REMOTE_ADDR": addr}})() if addr else None


def _fail(client: Client, names: str | list[str], n: int = 1, path: str = "/login/") -> None:
    """``n`` wrong passwords (for each name), time moving on by just the delay each one caused,
    so that every one of them is checked and counted."""
    for name in ([names] * n if isinstance(names, str) else names):
        client.post(path, {"username": name, "password": "sai-mat-khau-123"})
        until = security.wait_until(_request(client), name)
        if until is not None:
            _let_time_pass((until - timezone.now()).total_seconds() + 0.01)


def _wait_after_last_failure(client: Client | None, username: str) -> float:
    """Seconds between the last failure and the moment the next try is allowed (0 if it is now)."""
    from theodoi.portal import throttle

    until = security.wait_until(_request(client), username)
    if until is None:
        return 0
    lasts = [throttle.count_and_latest(rule.scope, key, security.WINDOW)[1]
             for rule, key in security._keys(_request(client), username)]
    return (until - max(t for t in lasts if t is not None)).total_seconds()


def _one_more_failure(client: Client, username: str, path: str = "/login/") -> None:
    client.post(path, {"username": username, "password": "sai-mat-khau-123"})


def test_the_delay_doubles_from_one_second_to_its_cap():
    rule = security.Rule("x", free=3, cap=900)
    assert [security.delay_after(n, rule) for n in range(9)] == [0, 0, 0, 1, 2, 4, 8, 16, 32]
    assert security.delay_after(13, rule) == 900 and security.delay_after(10_000, rule) == 900
    assert security.delay_after(40, security.USER) == security.USER_MAX_DELAY == 60


def test_free_failures_then_a_wait_even_with_the_right_password(world):
    client = Client()
    for _ in range(security.PAIR.free):
        resp = client.post("/login/", {"username": "officer_a", "password": "sai-mat-khau-123"})
        assert WAIT not in resp.content.decode()  # each of these is checked and counted
    assert _wait_after_last_failure(client, "officer_a") == 1
    _let_time_pass(1.01)
    _fail(client, "officer_a", 2)
    _one_more_failure(client, "officer_a")  # the 6th: 8 s
    resp = client.post("/login/", {"username": "officer_a", "password": world.password})
    assert resp.status_code == 200 and "_auth_user_id" not in client.session
    html = resp.content.decode()
    assert re.search(WAIT + r" [1-8] giây rồi thử lại", html) and "tăng gấp đôi" in html
    _let_time_pass(8.01)
    assert client.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 302


def test_each_failure_doubles_the_wait_and_the_message_says_how_long(world):
    client = Client()
    waits = []
    for _ in range(security.PAIR.free + 8):
        _one_more_failure(client, "officer_a")
        waits.append(_wait_after_last_failure(client, "officer_a"))
        _let_time_pass(waits[-1] + 0.01)
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256]  # the pair's free tries, then doubling
    _one_more_failure(client, "officer_a")  # 512 s
    resp = client.post("/login/", {"username": "officer_a", "password": world.password})
    assert "Vui lòng đợi 9 phút rồi thử lại" in resp.content.decode()


def test_a_stranger_cannot_lock_an_official_out(world):
    """However often an outsider guesses, the official at their own address waits a minute at most."""
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    _fail(stranger, "officer_a", 12)
    _one_more_failure(stranger, "officer_a")  # 900 s for the stranger's address and this account
    assert WAIT in stranger.post("/login/", {"username": "officer_a", "password": world.password}).content.decode()
    official = Client(REMOTE_ADDR="198.51.100.20")
    assert _wait_after_last_failure(official, "officer_a") == security.USER_MAX_DELAY == 60
    resp = official.post("/login/", {"username": "officer_a", "password": world.password})
    assert re.search(WAIT + r" \d+ giây", resp.content.decode())
    _let_time_pass(security.USER_MAX_DELAY + 0.01)
    assert official.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 302
    # the stranger's own address still waits the full delay
    assert _wait_after_last_failure(stranger, "officer_a") == security.MAX_DELAY


def test_a_success_clears_the_account_but_not_the_address(world):
    from theodoi.portal.models import ThrottleHit

    client = Client()
    _fail(client, "officer_a", security.PAIR.free + 2)
    assert client.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 302
    assert not ThrottleHit.objects.filter(scope__in=["signin-user", "signin-pair"]).exists()
    assert ThrottleHit.objects.filter(scope="signin-ip").count() == security.PAIR.free + 2


def test_failures_are_forgotten_after_the_window(world):
    client = Client()
    _fail(client, "officer_a", 8)
    _one_more_failure(client, "officer_a")
    assert security.wait_until(_request(client), "officer_a") is not None
    _let_time_pass(security.WINDOW + 1)
    assert security.wait_until(_request(client), "officer_a") is None


def test_user_name_case_and_spaces_do_not_dodge_the_count(world):
    from theodoi.portal import throttle

    _fail(Client(), ["officer_a", "OFFICER_A", " Officer_A", "officer_A "])
    assert throttle.count_and_latest("signin-user", "oFFicer_a", security.WINDOW)[0] == 4
    assert throttle.count_and_latest("signin-pair", "officer_a|127.0.0.1", security.WINDOW)[0] == 4


def test_admin_sign_in_is_throttled_too(world):
    client = Client()
    _fail(client, "root", security.PAIR.free + 2, path="/admin/login/")
    _one_more_failure(client, "root", path="/admin/login/")
    resp = client.post("/admin/login/", {"username": "root", "password": world.password})
    assert resp.status_code == 200 and WAIT in resp.content.decode()


def test_one_address_trying_many_names_waits(world):
    client = Client(REMOTE_ADDR="203.0.113.9")
    _fail(client, [f"doan-ten-{i}" for i in range(security.ADDRESS.free + 2)])
    _one_more_failure(client, "doan-ten-x")
    assert _wait_after_last_failure(client, "officer_a") == 8  # the address alone
    resp = client.post("/login/", {"username": "officer_a", "password": world.password})
    assert WAIT in resp.content.decode()
    # the office next door, on another address, signs in
    assert Client(REMOTE_ADDR="203.0.113.10").post(
        "/login/", {"username": "officer_a", "password": world.password}).status_code == 302


def test_forged_forwarded_for_does_not_reset_the_count(world):
    from theodoi.portal import throttle

    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(5):
        client.post("/login/", {"username": f"x{i}", "password": "p"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert throttle.count_and_latest("signin-ip", "203.0.113.9", security.WINDOW)[0] == 5


def test_the_delay_holds_for_every_caller_of_authenticate(world):
    """The backend refuses, not only the form: a delayed account cannot be signed into any other way."""
    from django.contrib.auth import authenticate

    for _ in range(security.PAIR.free + 3):
        authenticate(None, username="officer_a", password="sai-mat-khau-123")
        until = security.wait_until(None, "officer_a")
        if until is not None:
            _let_time_pass((until - timezone.now()).total_seconds() + 0.01)
    authenticate(None, username="officer_a", password="sai-mat-khau-123")
    assert authenticate(None, username="officer_a", password=world.password) is None


def test_attempts_are_stored_as_digests(world):
    from theodoi.portal.models import ThrottleHit

    client = Client(REMOTE_ADDR="198.51.100.7")
    client.post("/login/", {"username": "officer_a", "password": "p"})
    client.post("/login/", {"username": "officer_a", "password": "p"})
    rows = list(ThrottleHit.objects.values_list("scope", "key"))
    assert {s for s, _ in rows} == {"signin-user", "signin-ip", "signin-pair"} and len(rows) == 6
    assert all(len(k) == 64 and "officer" not in k and "198.51" not in k for _, k in rows)


_SCRIPT = """
import sys, django
django.setup()
from django.contrib.auth import authenticate
from theodoi import security
if sys.argv[1] == "fail":
    import datetime as dt
    from django.db.models import F
    from django.utils import timezone
    from theodoi.portal.models import ThrottleHit
    for _ in range(int(sys.argv[2])):
        authenticate(None, username="canbo", password="sai-mat-khau")
        until = security.wait_until(None, "canbo")
        if until:  # let the delay go by, so that the next failure is counted too
            ThrottleHit.objects.update(at=F("at") - (until - timezone.now()) - dt.timedelta(seconds=0.01))
    authenticate(None, username="canbo", password="sai-mat-khau")
else:
    until = security.wait_until(None, "canbo")
    print("delayed" if until else "free")
    print("in" if authenticate(None, username="canbo", password="mat-khau-dung-2026") else "out")
"""


@sqlite_pass_only
def test_the_delay_counts_across_server_processes(tmp_path, tmp_path_factory):
    """Failures made in one process delay the next try in another (the count is in the database)."""
    env = {**os.environ, "THEODOI_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "DJANGO_SETTINGS_MODULE": "theodoi.settings", "PYTHONPATH": str(ROOT / "src")}

    def run(*args: str) -> str:
        out = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout

    copy_of(migrated_installation(tmp_path_factory), tmp_path)  # `theodoi migrate`, run once a session
    run("-c", "import django; django.setup(); from theodoi.tenancy.models import User; "
              "User.objects.create_user('canbo', password='mat-khau-dung-2026')")
    assert run("-c", _SCRIPT, "check").split() == ["free", "in"]
    run("-c", _SCRIPT, "fail", "8")
    assert run("-c", _SCRIPT, "check").split() == ["delayed", "out"]
