"""Response headers, cookies, hosts, CSRF and templates a Content-Security-Policy would break."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.installations import http_layer_only

pytestmark = [pytest.mark.django_db, http_layer_only]  # once, in the SQLite pass (tests/installations.py)
SRC = Path(__file__).resolve().parents[2] / "src" / "theodoi"


def _csp(resp) -> dict[str, str]:
    policy = resp.get("Content-Security-Policy", "")
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/login/", "/public/", "/api/v1/public/plans", "/admin/login/"])
def test_security_headers_on_anonymous_pages(client, world, path):
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in resp["Permissions-Policy"]
    csp = _csp(resp)
    assert csp["default-src"] == "default-src 'self'"
    for directive in ("script-src", "style-src"):
        assert csp[directive] == f"{directive} 'self'"  # no 'unsafe-inline', no CDN host
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"


def test_security_headers_on_signed_in_pages(client, world):
    client.force_login(world.officer)
    for path in ("/", f"/tasks/{world.task.uid}/", "/tasks.csv", "/api/v1/me"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert "script-src 'self'" in resp["Content-Security-Policy"], path
        assert resp["X-Frame-Options"] == "DENY", path


def test_unknown_host_is_refused(client, world):
    """ALLOWED_HOSTS is respected: a forged Host header gets 400, not a page with its links."""
    assert client.get("/login/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/public/", HTTP_HOST="localhost").status_code == 200


def _settings_in_subprocess(env: dict[str, str], names: list[str], tmp_path) -> dict:
    code = ("import json, theodoi.settings as s; "
            f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))")
    full = {"PATH": "/usr/bin:/bin", "THEODOI_DATA_DIR": str(tmp_path), **env}
    out = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


NAMES = ["DEBUG", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
         "CSRF_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_NAME",
         "PASSWORD_HASHERS", "AUTH_PASSWORD_VALIDATORS", "AUTHENTICATION_BACKENDS"]


def test_production_defaults(tmp_path):
    """With no environment at all: no DEBUG, only local hosts, cookies not readable by scripts."""
    s = _settings_in_subprocess({}, NAMES, tmp_path)
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert s["SESSION_COOKIE_HTTPONLY"] is True and s["CSRF_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SECURE"] is False and s["SECURE_HSTS_SECONDS"] is None  # plain HTTP on a LAN
    assert s["PASSWORD_HASHERS"][0].endswith("PBKDF2PasswordHasher")
    assert not any("MD5" in h or "Unsalted" in h for h in s["PASSWORD_HASHERS"])
    assert len(s["AUTH_PASSWORD_VALIDATORS"]) == 4
    assert s["AUTHENTICATION_BACKENDS"] == ["theodoi.security.ThrottledBackend"]


def test_https_settings(tmp_path):
    s = _settings_in_subprocess({"THEODOI_HTTPS": "1", "THEODOI_ALLOWED_HOSTS": "theodoi.laichau.gov.vn"},
                                NAMES, tmp_path)
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 180 * 24 * 3600
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert s["ALLOWED_HOSTS"] == ["theodoi.laichau.gov.vn"]


def test_session_cookie_flags_after_sign_in(world):
    client = Client()
    resp = client.post("/login/", {"username": "officer_a", "password": world.password})
    assert resp.status_code == 302
    cookie = resp.cookies["sessionid"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"


def test_forms_refuse_posts_without_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 403
    client.force_login(world.officer)
    resp = client.post(f"/tasks/{world.task.uid}/update/", {"percent": "10", "work_done": "x"})
    assert resp.status_code == 403
    resp = client.post(f"/api/v1/tasks/{world.task.uid}/updates", {"period_key": "2026-05", "percent": 10},
                       content_type="application/json")
    assert resp.status_code == 403  # a session write to the API needs the token as well


# What a policy of "self only" blocks: inline scripts, inline event handlers, inline styles,
# javascript: URLs and any file from another host.
_INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=\s*[\"']", re.I), "style attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I), "file from another host"),
]


def test_no_template_needs_unsafe_inline():
    templates = sorted(SRC.rglob("templates/**/*.html"))
    assert len(templates) > 20
    problems = [f"{t.relative_to(SRC)}: {why}" for t in templates for rx, why in _INLINE if rx.search(t.read_text())]
    assert not problems, "\n".join(problems)


def test_rendered_pages_need_no_unsafe_inline(client, world, crawl_objects):
    """The pages as served (templates plus HTML built in Python, such as the SVG charts)."""
    from tests.portal.urlwalk import all_targets

    client.force_login(world.superuser)
    client.raise_request_exception = False
    problems, pages = [], 0
    for t in all_targets(crawl_objects, admin_models=False):
        if t.route.template.startswith("admin/"):
            continue  # Django's own admin templates
        resp = client.get(t.path)
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        pages += 1
        html = resp.content.decode()
        problems += [f"{t.path}: {why}" for rx, why in _INLINE if rx.search(html)]
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.S | re.I):
            if re.search(r"method=[\"']?post", form, re.I) and "csrfmiddlewaretoken" not in form:
                problems.append(f"{t.path}: POST form without CSRF token")
    assert pages > 20
    assert not problems, "\n".join(problems)


def test_htmx_is_served_from_this_site(client, world):
    client.force_login(world.officer)
    html = client.get("/").content.decode()
    src = re.search(r'<script[^>]*src="([^"]*htmx[^"]*)"', html).group(1)
    assert src.startswith("/static/")
    assert client.get(src).status_code == 200
    assert '"includeIndicatorStyles": false' in html  # htmx would otherwise inject an inline <style>


_HTTPS_SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from theodoi.tenancy.models import User
call_command("migrate", verbosity=0)
User.objects.create_user("canbo", password="mat-khau-dung-2026")
c = Client(HTTP_HOST="theodoi.laichau.gov.vn")
plain = c.get("/login/")
proxied = c.get("/login/", HTTP_X_FORWARDED_PROTO="https")
signin = c.post("/login/", {"username": "canbo", "password": "mat-khau-dung-2026"}, HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain_hsts": plain.get("Strict-Transport-Security"), "hsts": proxied.get("Strict-Transport-Security"),
    "csp": proxied.get("Content-Security-Policy"), "frame": proxied.get("X-Frame-Options"),
    "nosniff": proxied.get("X-Content-Type-Options"), "referrer": proxied.get("Referrer-Policy"),
    "coop": proxied.get("Cross-Origin-Opener-Policy"), "status": signin.status_code,
    "cookies": {k: {"secure": v["secure"], "httponly": v["httponly"], "samesite": v["samesite"],
                    "path": v["path"], "domain": v["domain"]}
                for k, v in {**proxied.cookies, **signin.cookies}.items()},
}))
"""


def test_headers_and_cookies_behind_an_https_proxy(tmp_path):
    """THEODOI_HTTPS=1 as served: HSTS on requests the proxy marks https, secure __Host- cookies."""
    env = {"PATH": "/usr/bin:/bin", "THEODOI_DATA_DIR": str(tmp_path), "THEODOI_HTTPS": "1",
           "THEODOI_ALLOWED_HOSTS": "theodoi.laichau.gov.vn", "DJANGO_SETTINGS_MODULE": "theodoi.settings"}
    out = subprocess.run([sys.executable, "-c", _HTTPS_SCRIPT], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    h = json.loads(out.stdout.strip().splitlines()[-1])
    assert h["plain_hsts"] is None  # HSTS only on what the proxy says came by HTTPS
    assert h["hsts"] == "max-age=31536000"
    assert "default-src 'self'" in h["csp"] and "frame-ancestors 'none'" in h["csp"]
    assert (h["frame"], h["nosniff"], h["referrer"], h["coop"]) == ("DENY", "nosniff", "same-origin", "same-origin")
    assert h["status"] == 302
    assert set(h["cookies"]) == {"__Host-csrftoken", "__Host-sessionid"}
    for cookie in h["cookies"].values():  # __Host-: Secure, path /, no Domain
        assert cookie["secure"] is True and cookie["httponly"] is True and cookie["path"] == "/"
        assert cookie["domain"] == "" and cookie["samesite"] == "Lax"
