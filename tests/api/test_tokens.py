"""Personal API tokens: hashed at rest, shown once, revocable, expiring; the management command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from theodoi.portal.models import ApiToken
from theodoi.portal.tokens import issue_token

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_token_is_stored_hashed_and_authenticates(client, world):
    row, plain = issue_token(world.officer, "phần mềm một cửa")
    assert plain.startswith("tdk_") and len(plain) > 40
    stored = ApiToken.objects.filter(pk=row.pk).values().get()
    assert plain not in {str(v) for v in stored.values()}
    resp = client.get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert resp.status_code == 200 and resp.json()["username"] == "officer_a"
    row.refresh_from_db()
    assert row.last_used_at is not None


@pytest.mark.parametrize("spoil", ["revoke", "expire", "deactivate", "wrong"])
def test_bad_tokens_are_refused(client, world, spoil):
    row, plain = issue_token(world.officer, "x")
    if spoil == "revoke":
        row.revoked_at = timezone.now()
        row.save()
    elif spoil == "expire":
        row.expires_at = timezone.now() - dt.timedelta(seconds=1)
        row.save()
    elif spoil == "deactivate":
        world.officer.is_active = False
        world.officer.save()
    else:
        plain = plain[:-2] + "zz"
    assert client.get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401


def test_token_user_gets_the_same_permissions(client, world, bearer):
    headers = bearer(world.outsider)
    assert client.get(f"{API}/tasks/{world.task.uid}", **headers).status_code == 404
    headers = bearer(world.officer)
    assert client.get(f"{API}/tasks/{world.task.uid}", **headers).status_code == 200


def test_token_rule_each_user_sees_own_tokens(world):
    from theodoi.tenancy.permissions import restrict

    issue_token(world.officer, "a")
    issue_token(world.leader, "b")
    assert {t.name for t in restrict(ApiToken.objects.all(), world.officer, "view")} == {"a"}
    assert restrict(ApiToken.objects.all(), world.superuser, "view").count() == 2


def test_command_create_list_revoke(world):
    out = StringIO()
    call_command("apitoken", "create", "officer_a", "--name", "Đồng bộ", "--days", "30", stdout=out)
    plain = out.getvalue().strip().splitlines()[-1]
    row = ApiToken.lookup(plain)
    assert row is not None and row.user == world.officer and row.expires_at > timezone.now()
    listing = StringIO()
    call_command("apitoken", "list", stdout=listing)
    assert "Đồng bộ" in listing.getvalue() and plain not in listing.getvalue()
    call_command("apitoken", "revoke", str(row.uid), stdout=StringIO())
    assert ApiToken.lookup(plain) is None
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("apitoken", "create", "khong-co", "--name", "x")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("apitoken", "revoke", "abc")


def test_top_level_command_prints_the_token_on_its_last_line(world, capsys, monkeypatch):
    from django.db import connections

    from theodoi import cli

    assert "apitoken" in dict(cli.command_help())
    # a command run from the command line closes its connections at the end: not the test's own
    monkeypatch.setattr(connections, "close_all", lambda: None)
    cli.main(["apitoken", "create", "officer_a", "--name", "Phần mềm một cửa"])
    plain = capsys.readouterr().out.strip().splitlines()[-1]
    row = ApiToken.lookup(plain)
    assert row is not None and row.user == world.officer and row.name == "Phần mềm một cửa"
