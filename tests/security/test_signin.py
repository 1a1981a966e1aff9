"""Sign-in lockout: repeated failures lock a user name (and an address) for a while, in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from theodoi import security

pytestmark = pytest.mark.django_db


def _fail(client: Client, username: str, path: str = "/login/", n: int = 1):
    for _ in range(n):
        resp = client.post(path, {"username": username, "password": "sai-mat-khau-123"})
    return resp


def test_five_failures_lock_the_user_name_even_with_the_right_password(world):
    client = Client()
    resp = _fail(client, "officer_a", n=security.USER_LIMIT)
    assert resp.status_code == 200 and "Đăng nhập sai quá nhiều lần" not in resp.content.decode()
    resp = client.post("/login/", {"username": "officer_a", "password": world.password})
    assert resp.status_code == 200  # not signed in
    html = resp.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in html and "15 phút" in html
    assert "_auth_user_id" not in client.session
    # another person's account from the same address is not locked
    assert Client().post("/login/", {"username": "leader_a", "password": world.password}).status_code == 302


def test_the_lock_lifts_after_the_window(world):
    from theodoi.portal.models import ThrottleHit

    client = Client()
    _fail(client, "officer_a", n=security.USER_LIMIT)
    ThrottleHit.objects.update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert client.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 302


def test_a_success_clears_earlier_failures(world):
    client = Client()
    _fail(client, "officer_a", n=security.USER_LIMIT - 1)
    assert client.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 302
    client.logout()
    _fail(client, "officer_a", n=security.USER_LIMIT - 1)
    assert client.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 302


def test_user_name_case_and_spaces_do_not_dodge_the_lock(world):
    client = Client()
    for name in ("officer_a", "OFFICER_A", " Officer_A", "officer_A ", "oFFicer_a"):
        _fail(client, name)
    assert security.locked_until(None, "officer_a") is not None


def test_admin_sign_in_is_locked_too(world):
    client = Client()
    _fail(client, "root", path="/admin/login/", n=security.USER_LIMIT)
    resp = client.post("/admin/login/", {"username": "root", "password": world.password})
    assert resp.status_code == 200 and "Đăng nhập sai quá nhiều lần" in resp.content.decode()


def test_one_address_trying_many_names_is_locked(world, settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(security.IP_LIMIT):
        _fail(client, f"doan-ten-{i}")
    resp = client.post("/login/", {"username": "officer_a", "password": world.password})
    assert "Đăng nhập sai quá nhiều lần" in resp.content.decode()
    # the office next door, on another address, signs in
    assert Client(REMOTE_ADDR="203.0.113.10").post(
        "/login/", {"username": "officer_a", "password": world.password}).status_code == 302


def test_forged_forwarded_for_does_not_reset_the_count(world):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(security.IP_LIMIT):
        client.post("/login/", {"username": f"x{i}", "password": "p"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert security.locked_until(type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.9"}})(), "y") is not None


def test_the_lock_holds_for_every_caller_of_authenticate(world):
    """The backend refuses, not only the form: a locked account cannot be signed into any other way."""
    from django.contrib.auth import authenticate

    _fail(Client(), "officer_a", n=security.USER_LIMIT)
    assert authenticate(None, username="officer_a", password=world.password) is None


def test_attempts_are_stored_as_digests(world):
    from theodoi.portal.models import ThrottleHit

    _fail(Client(REMOTE_ADDR="198.51.100.7"), "officer_a", n=2)
    rows = list(ThrottleHit.objects.values_list("scope", "key"))
    assert {s for s, _ in rows} == {"signin-user", "signin-ip"} and len(rows) == 4
    assert all(len(k) == 64 and "officer" not in k and "198.51" not in k for _, k in rows)
