"""The second factor: administrators and report signers sign in with a password and an authenticator code."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from django.test import Client

from theodoi.audit.models import AuditEvent
from theodoi.tenancy import permissions, secondfactor
from theodoi.tenancy.models import RecoveryCode, SecondFactor

pytestmark = pytest.mark.django_db


def _password(client: Client, username: str, password: str, path: str = "/login/"):
    return client.post(path, {"username": username, "password": password})


def _enrol(client: Client) -> tuple[str, list[str]]:
    """Set the app up on the enrolment page: the key read off the page, its first code, the recovery codes."""
    html = client.get("/account/second-factor/").content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    resp = client.post("/account/second-factor/", {"code": pyotp.TOTP(secret).now(), "next": "/"})
    assert resp.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", resp.content.decode())
    return secret, codes


def _step_back(user) -> None:
    """Forget the last accepted code, as if the next 30-second step had come."""
    SecondFactor.objects.filter(user=user).update(last_step=0)


def test_who_needs_a_second_factor(world):
    assert permissions.needs_second_factor(world.superuser)
    assert permissions.needs_second_factor(world.admin)  # administrator of a unit
    assert permissions.needs_second_factor(world.leader)  # signs reports (approve)
    assert not permissions.needs_second_factor(world.officer)
    assert not permissions.needs_second_factor(world.reader)


def test_a_leader_must_set_up_the_app_before_any_page(world):
    client = Client()
    resp = _password(client, "leader_a", world.password)
    assert resp.status_code == 302
    for path in ("/", "/tasks/", f"/tasks/{world.task.uid}/"):
        resp = client.get(path)
        assert resp.status_code == 302 and resp["Location"].startswith("/account/second-factor/?next="), path
    assert client.get("/api/v1/me").status_code == 401
    assert client.post(f"/tasks/{world.task.uid}/update/", {"percent": "10"}).status_code == 302  # not written
    page = client.get("/account/second-factor/")
    html = page.content.decode()
    assert "Kích hoạt xác thực hai bước" in html and "phải đăng nhập bằng mật khẩu và mã xác thực" in html
    qr = client.get("/account/second-factor/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.lstrip().startswith(b"<svg")
    assert "no-store" in qr["Cache-Control"]
    bad = client.post("/account/second-factor/", {"code": "000000"})
    assert "Mã không đúng" in bad.content.decode()
    secret, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200
    row = SecondFactor.objects.get(user=world.leader)
    assert row.confirmed_at is not None and secret not in row.secret  # stored encrypted
    assert not RecoveryCode.objects.filter(digest__in=codes).exists()  # stored as digests
    event = AuditEvent.objects.get(action="second_factor_on")
    assert event.object_id == str(world.leader.pk) and secret not in str(event.after)


def test_sign_in_asks_for_the_code_once_enrolled(world):
    first = Client()
    _password(first, "leader_a", world.password)
    secret, _codes = _enrol(first)
    client = Client()
    assert _password(client, "leader_a", world.password).status_code == 302
    resp = client.get("/tasks/")
    assert resp.status_code == 302 and resp["Location"] == "/login/code/?next=%2Ftasks%2F"
    assert "Nhập mã 6 chữ số" in client.get(resp["Location"]).content.decode()
    wrong = client.post("/login/code/", {"code": "123456", "next": "/tasks/"})
    assert "Mã không đúng hoặc đã dùng" in wrong.content.decode()
    _step_back(world.leader)
    ok = client.post("/login/code/", {"code": pyotp.TOTP(secret).now(), "next": "/tasks/"})
    assert ok.status_code == 302 and ok["Location"] == "/tasks/"
    assert client.get("/tasks/").status_code == 200


def test_a_code_works_only_once(world):
    first = Client()
    _password(first, "leader_a", world.password)
    secret, _ = _enrol(first)
    _step_back(world.leader)
    code = pyotp.TOTP(secret).now()
    a, b = Client(), Client()
    _password(a, "leader_a", world.password)
    _password(b, "leader_a", world.password)
    assert a.post("/login/code/", {"code": code}).status_code == 302
    assert "Mã không đúng hoặc đã dùng" in b.post("/login/code/", {"code": code}).content.decode()


def test_codes_of_the_neighbouring_step_pass_but_not_older(world):
    first = Client()
    _password(first, "leader_a", world.password)
    secret, _ = _enrol(first)
    totp = pyotp.TOTP(secret)
    _step_back(world.leader)
    old = totp.at(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=95))
    assert secondfactor.verify(world.leader, old) == ""
    assert secondfactor.verify(world.leader, totp.at(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30))) == "totp"


def test_a_recovery_code_works_once(world):
    first = Client()
    _password(first, "leader_a", world.password)
    _secret, codes = _enrol(first)
    client = Client()
    _password(client, "leader_a", world.password)
    assert client.post("/login/code/", {"code": codes[0].upper().replace("-", " ")}).status_code == 302
    again = Client()
    _password(again, "leader_a", world.password)
    assert "Mã không đúng" in again.post("/login/code/", {"code": codes[0]}).content.decode()
    assert again.post("/login/code/", {"code": codes[1]}).status_code == 302
    assert AuditEvent.objects.filter(action="recovery_code_used").count() == 2


def test_wrong_codes_make_the_next_try_wait(world):
    first = Client()
    _password(first, "leader_a", world.password)
    secret, _ = _enrol(first)
    client = Client()
    _password(client, "leader_a", world.password)
    for _ in range(3):
        client.post("/login/code/", {"code": "111111"})
    _step_back(world.leader)
    resp = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert resp.status_code == 200 and "Vui lòng đợi" in resp.content.decode()
    assert client.get("/").status_code == 302  # still not in


def test_an_officer_signs_in_with_the_password_alone(world):
    client = Client()
    assert _password(client, "officer_a", world.password).status_code == 302
    assert client.get("/").status_code == 200


def test_optional_mode_asks_only_who_set_it_up(world, settings):
    settings.THEODOI_SECOND_FACTOR = "optional"
    client = Client()
    _password(client, "leader_a", world.password)
    assert client.get("/").status_code == 200


def test_the_admin_site_sign_in_gets_the_second_step_too(world):
    client = Client()
    assert _password(client, "root", world.password, path="/admin/login/").status_code == 302
    resp = client.get("/admin/")
    assert resp.status_code == 302 and resp["Location"].startswith("/account/second-factor/?next=%2Fadmin%2F")


def test_an_administrator_turns_it_off_with_a_reason_and_an_audit_record(world):
    first = Client()
    _password(first, "leader_a", world.password)
    _enrol(first)
    for actor in (world.officer, world.leader, world.outsider):
        with pytest.raises(secondfactor.SecondFactorError, match="không có quyền"):
            secondfactor.disable(world.leader, actor, "mất điện thoại")
    with pytest.raises(secondfactor.SecondFactorError, match="lý do"):
        secondfactor.disable(world.leader, world.admin, " ")
    secondfactor.disable(world.leader, world.admin, "Mất điện thoại ngày 02/12")
    assert not SecondFactor.objects.filter(user=world.leader).exists()
    assert not RecoveryCode.objects.filter(user=world.leader).exists()
    event = AuditEvent.objects.get(action="second_factor_off")
    assert event.actor_id == world.admin.pk and event.reason == "Mất điện thoại ngày 02/12"
    # the leader sets the app up again at the next sign-in
    client = Client()
    _password(client, "leader_a", world.password)
    assert client.get("/")["Location"].startswith("/account/second-factor/")
    # a unit administrator cannot turn off a system administrator's
    assert not permissions.can_reset_second_factor(world.admin, world.superuser)
    assert permissions.can_reset_second_factor(world.superuser, world.admin)


def test_the_admin_site_action_turns_it_off(world):
    first = Client()
    _password(first, "leader_a", world.password)
    _enrol(first)
    root = Client()
    root.force_login(world.superuser)
    resp = root.post("/admin/tenancy/user/", {"action": "turn_off_second_factor",
                                              "_selected_action": [world.leader.pk]}, follow=True)
    assert "Đã tắt xác thực hai bước" in resp.content.decode()
    assert AuditEvent.objects.get(action="second_factor_off").actor_id == world.superuser.pk


def test_enrolment_pages_pass_the_content_security_policy(world):
    client = Client()
    _password(client, "leader_a", world.password)
    html = client.get("/account/second-factor/").content.decode()
    assert "<script" not in html.split("</head>")[1] and " style=" not in html
    assert 'src="/account/second-factor/qr.svg"' in html  # the picture comes from this site


def test_a_unit_administrator_turns_it_off_from_the_unit_page(world):
    first = Client()
    _password(first, "leader_a", world.password)
    _enrol(first)
    office = Client()
    office.force_login(world.admin)
    page = office.get(f"/units/{world.vhxh.slug}/").content.decode()
    link = f"/account/second-factor/off/?user=leader_a&amp;next=/units/{world.vhxh.slug}/"
    assert link in page
    assert "Tắt xác thực hai bước" in office.get(link.replace("&amp;", "&")).content.decode()
    refused = office.post("/account/second-factor/off/", {"user": "leader_a", "reason": ""})
    assert "Phải ghi lý do" in refused.content.decode() and SecondFactor.objects.filter(user=world.leader).exists()
    done = office.post("/account/second-factor/off/", {"user": "leader_a", "reason": "Mất điện thoại",
                                                        "next": f"/units/{world.vhxh.slug}/"})
    assert done.status_code == 302 and done["Location"] == f"/units/{world.vhxh.slug}/"
    assert not SecondFactor.objects.filter(user=world.leader).exists()
    assert AuditEvent.objects.get(action="second_factor_off").actor_id == world.admin.pk
    # nothing left to turn off: back to where the administrator came from
    assert office.get("/account/second-factor/off/?user=leader_a").status_code == 302


def test_others_cannot_reach_the_turn_off_page(world):
    first = Client()
    _password(first, "leader_a", world.password)
    _enrol(first)
    for persona in (world.officer, world.outsider, world.reader, world.leader):
        client = Client()
        client.force_login(persona)
        assert client.get("/account/second-factor/off/?user=leader_a").status_code == 403
        assert client.post("/account/second-factor/off/", {"user": "leader_a", "reason": "x"}).status_code == 403
        assert client.get("/account/second-factor/off/?user=khong-co-ai").status_code == 403  # same answer
        page = client.get(f"/units/{world.vhxh.slug}/").content.decode()
        assert "/account/second-factor/off/" not in page
    assert SecondFactor.objects.filter(user=world.leader).exists()


def test_a_pending_administrator_cannot_turn_anything_off(world):
    """Between the password and the code an administrator reaches only the second step's own pages."""
    first = Client()
    _password(first, "leader_a", world.password)
    _enrol(first)
    office = Client()
    _password(office, "admin_a", world.password)  # must set up the app first: nothing else opens
    resp = office.post("/account/second-factor/off/", {"user": "leader_a", "reason": "x"})
    assert resp.status_code == 302 and resp["Location"].startswith("/account/second-factor/?next=")
    assert SecondFactor.objects.filter(user=world.leader, confirmed_at__isnull=False).exists()
