"""The REST API under attack: no endpoint without auth but the public ones, expiring tokens,
rate limits that a forged header cannot dodge, errors without stack traces."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from theodoi.api.api import api
from theodoi.portal.models import ApiToken
from theodoi.portal.tokens import issue_token

pytestmark = pytest.mark.django_db


def _operations():
    api.urls  # noqa: B018 - binds the routers
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for op in view.operations:
                yield bound.prefix + path, op


def test_only_public_endpoints_have_no_auth():
    ops = list(_operations())
    assert len(ops) >= 20
    open_ops = [path for path, op in ops if not op.auth_callbacks]
    assert open_ops and all("/public/" in p for p in open_ops), open_ops
    for path, op in ops:
        if "/public/" not in path:
            assert op.auth_callbacks, path


def test_every_endpoint_is_rate_limited():
    assert all(op.throttle_objects for _, op in _operations())


@pytest.fixture
def tight(monkeypatch):
    """Rate limits of 3 requests a minute, on an empty cache."""
    from django.core.cache import caches

    cache = caches["throttle"]

    cache.clear()
    for _, op in _operations():
        for th in op.throttle_objects:
            monkeypatch.setattr(th, "rate", "3/m")
            monkeypatch.setattr(th, "num_requests", 3)
            monkeypatch.setattr(th, "duration", 60)
    yield
    cache.clear()


def test_public_endpoints_are_limited_per_address_whatever_x_forwarded_for_says(client, world, tight):
    codes = [client.get("/api/v1/public/plans", REMOTE_ADDR="198.51.100.4",
                        HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/api/v1/public/plans", REMOTE_ADDR="198.51.100.5").status_code == 200


def test_a_token_is_limited_per_user(client, world, tight):
    _, plain = issue_token(world.officer, "x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    codes = [client.get("/api/v1/me", **auth).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    resp = client.get("/api/v1/me", **auth)
    assert int(resp["Retry-After"]) > 0
    client.force_login(world.leader)  # another user is not held back by the officer's use
    assert client.get("/api/v1/me").status_code == 200


def test_tokens_expire_by_default_and_at_most_two_years(world):
    out = StringIO()
    call_command("apitoken", "create", "officer_a", "--name", "Một cửa", stdout=out)
    row = ApiToken.lookup(out.getvalue().strip().splitlines()[-1])
    days = (row.expires_at - timezone.now()).days
    assert 360 <= days <= 365
    for bad in ("0", "-3", "3650"):
        with pytest.raises(CommandError, match="Số ngày hiệu lực"):
            call_command("apitoken", "create", "officer_a", "--name", "x", "--days", bad, stdout=StringIO())


def test_token_is_never_stored_or_logged(client, world, caplog):
    row, plain = issue_token(world.officer, "x")
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}")
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}x")
    assert row.digest != plain and plain not in caplog.text
    assert not ApiToken.objects.filter(hint=plain).exists() and len(row.hint) <= 10


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_answers_json_without_a_trace(client, world, monkeypatch, settings, debug):
    settings.DEBUG = debug
    import theodoi.planning.selectors.lists as read  # the API lists read through it

    def boom(*args, **kwargs):
        raise RuntimeError("secret-internal-detail /srv/theodoi/settings.py")

    monkeypatch.setattr(read, "restrict", boom)
    client.force_login(world.officer)
    client.raise_request_exception = False
    resp = client.get("/api/v1/plans")
    assert resp.status_code == 500
    assert resp["Content-Type"].startswith("application/json")
    body = resp.content.decode()
    assert "secret-internal-detail" not in body and "Traceback" not in body and "settings.py" not in body
    assert resp.json()["detail"].startswith("Lỗi máy chủ")


def test_validation_errors_do_not_echo_internals(client, world):
    client.force_login(world.officer)
    resp = client.get("/api/v1/tasks?limit=abc")
    assert resp.status_code == 422
    assert "Traceback" not in resp.content.decode() and "File \"" not in resp.content.decode()
