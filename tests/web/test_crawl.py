"""Crawl every URL pattern anonymously and as each persona; check each answer against the rules.

The patterns come from ``django.urls.get_resolver()`` (tests/portal/urlwalk.py), filled with
real uids/slugs/ids of the ``world`` fixture plus the portal data (a confidential plan, task
and target, a non-public task, another province's plan). A new URL pattern is crawled
automatically; one whose converters cannot be filled makes the test fail.

Expected answers:

* anonymous: the public portal, its API twin and the sign-in pages answer 200 (404 for
  non-public objects); every other page redirects to the sign-in page; the API answers 401.
  Nothing else — no export, JSON, report file or job trigger — is reachable.
* signed in: never a server error, never sent back to sign in; a page about one object
  answers 200 when ``tenancy.permissions.can`` allows it and 403/404 when it does not.

The world's free-text fields hold hostile text (tests/portal/hostile.py): every answer of the crawl,
anonymous or signed in, must carry it escaped, never raw in HTML nor served as HTML from JSON, CSV or
a spreadsheet; whoever may read the task sees its text escaped on at least two pages.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.portal.hostile import build_hostile_objects, shows_escaped, unescaped
from tests.portal.urlwalk import Target, all_targets

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "officer", "leader", "officer_b", "reader", "outsider", "nobody", "superuser"]

# URL name -> the action ``can`` must allow for the page to answer 200 (object pages).
OBJECT_PAGES: dict[str, str] = {
    "plan_detail": "view", "task_detail": "view", "target_detail": "view", "unit_detail": "view",
    "dashboard_unit": "view", "evidence": "view", "task_update": "report", "feedback:detail": "view",
    "api-1:plan": "view", "api-1:task": "view", "api-1:target": "view", "api-1:update": "view",
    "api-1:measurement": "view", "api-1:unit": "view", "task_run_state": "direct", "task_stages": "view",
    # PATCH shares the path of the read: a GET there is the read
    "api-1:patch_task": "view", "api-1:patch_target": "view",
}
# Object pages where only the refusal side is checked (what a permitted user sees depends on more
# than one rule: e.g. the figure form also needs a unit in the user's report scope).
REFUSAL_ONLY: dict[str, str] = {"target_figure": "view", "review_action": "approve", "reporting:unit": "view"}
# Answers to GET that are not pages: POST-only endpoints.
POST_ONLY = {"api-1:save_update", "api-1:save_measurement", "api-1:review_update", "api-1:review_measurement",
             "logout", "admin:logout", "reporting:action", "exchange:receive", "api-1:set_run_state",
             "api-1:add_stage", "plan_due"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def crawl_objects(world) -> dict[str, list[Any]]:
    return build_hostile_objects(world)


def is_public(t: Target) -> bool:
    return (t.route.name.startswith("portal:") or t.route.template.startswith("api/v1/public/")
            or t.route.name in ("login", "admin:login"))


def publicly_visible(t: Target) -> bool:
    from theodoi.portal.selectors import public_documents, public_tasks_qs

    if t.kind == "public_plan":
        return public_documents().filter(pk=t.obj.pk).exists()
    if t.kind == "public_task":
        return public_tasks_qs().filter(pk=t.obj.pk).exists()
    return True


def _location(resp) -> str:
    return resp.get("Location", "")


def expect_anonymous(t: Target, resp) -> str | None:
    """None when the anonymous answer is right, else what is wrong."""
    code, name = resp.status_code, t.route.name
    if is_public(t):
        want = 200 if publicly_visible(t) else 404
        return None if code == want else f"public page: {code}, expected {want}"
    if name == "set_language":  # changes a cookie and redirects; reveals nothing
        return None if code in (302, 405) else f"set_language: {code}"
    if name in ("logout", "admin:logout"):
        return None if code in (302, 405) else f"logout: {code}"
    if t.route.template.startswith("admin/"):
        ok = code == 302 and "/admin/login/" in _location(resp)
        return None if ok else f"admin page open anonymously: {code}"
    if name == "service_worker":  # a static script (the offline forms), like /static/
        return None if code == 200 else f"service worker: {code}"
    if name == "exchange:receive":  # another instance's endpoint: its token, not a session
        return None if code in (401, 405) else f"exchange endpoint: {code}"
    if name.startswith("api-1:") and name != "api-1:openapi-json":
        return None if code in (401, 404, 405) else f"API reachable anonymously: {code}"
    ok = code == 302 and "/login/" in _location(resp)
    return None if ok else f"not redirected to sign-in: {code} {_location(resp)}"


def expect_signed_in(t: Target, resp, user) -> str | None:
    from theodoi.tenancy.permissions import can

    code, name = resp.status_code, t.route.name
    if code >= 500:
        return f"server error {code}"
    admin = t.route.template.startswith("admin/")
    if code == 302 and "/login/" in _location(resp) and not admin and name != "login":
        return "sent back to sign-in although signed in"
    if is_public(t) and name not in ("login", "admin:login"):
        want = 200 if publicly_visible(t) else 404
        return None if code == want else f"public page: {code}, expected {want}"
    if name in POST_ONLY:
        return None if code in (302, 405) else f"POST-only endpoint answered GET with {code}"
    if admin and name != "admin:login":
        if user.is_staff:  # read-only admin pages (the audit log) answer 403 to "add"/"delete"
            return None if code in (200, 302, 403, 404) else f"admin: {code}"
        return None if code == 302 and "/admin/login/" in _location(resp) else f"admin open to non-staff: {code}"
    if name in OBJECT_PAGES and t.obj is not None:
        allowed = can(user, OBJECT_PAGES[name], t.obj)
        if allowed:
            return None if code == 200 else f"allowed ({OBJECT_PAGES[name]}) but got {code}"
        return None if code in (403, 404) else f"not allowed ({OBJECT_PAGES[name]}) but got {code}"
    if name in REFUSAL_ONLY and t.obj is not None and not can(user, REFUSAL_ONLY[name], t.obj):
        return None if code in (403, 404) else f"not allowed ({REFUSAL_ONLY[name]}) but got {code}"
    if t.kind == "report":  # made-up ids: nothing to find
        return None if code in (403, 404) else f"unknown id gave {code}"
    if name == "api-1:api-root":
        return None if code == 404 else f"API root answered {code}"
    # Lists, exports, forms: shown, redirected (e.g. to the import page) or refused by role.
    return None if code in (200, 302, 403) else f"page answered {code}"


def _crawl(client: Client, targets: list[Target], check) -> tuple[list[str], int]:
    """The problems of each answer (``check``'s and the escaping's) and how many pages showed the
    hostile text escaped."""
    client.raise_request_exception = False  # a server error is a finding, listed with the others
    problems, shown = [], 0
    for t in targets:
        resp = client.get(t.path)
        for why in (check(t, resp), unescaped(resp)):
            if why:
                problems.append(f"{t.path} [{t.route.name}]: {why}")
        shown += shows_escaped(resp)
    return problems, shown


def test_every_pattern_is_crawled(crawl_objects):
    """The walk reaches the staff pages, the portal, the API, reports and the admin."""
    names = {t.route.name for t in all_targets(crawl_objects)}
    for expected in ("home", "task_update", "portal:plan", "api-1:tasks", "feedback:detail",
                     "reporting:download", "admin:index", "plan_list_export"):
        assert expected in names


def test_anonymous_reaches_only_public_pages(client, crawl_objects):
    problems, shown = _crawl(client, all_targets(crawl_objects), expect_anonymous)
    assert not problems, "\n".join(problems)
    assert shown >= 2  # the public task's pages show its title and note, escaped


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_rules_say(client, world, crawl_objects, persona):
    user = getattr(world, persona)
    client.force_login(user)
    targets = all_targets(crawl_objects, admin_models=persona in ("officer", "superuser"))
    problems, shown = _crawl(client, targets, lambda t, r: expect_signed_in(t, r, user))
    assert not problems, "\n".join(problems)
    from theodoi.tenancy.permissions import can

    if can(user, "view", world.task):
        assert shown >= 2  # the hostile text was rendered (escaped), not merely absent


def test_anonymous_posts_change_nothing(client, crawl_objects):
    """No form, job trigger or API write accepts an anonymous POST (the portal's feedback
    form and the sign-in form excepted): each is sent to sign in, refused, or not found."""
    from theodoi.audit.models import AuditEvent

    client.raise_request_exception = False
    before = AuditEvent.objects.count()
    problems = []
    for t in all_targets(crawl_objects):
        if is_public(t) or t.route.name in ("set_language", "logout", "admin:logout"):
            continue
        resp = client.post(t.path, {"reason": "x", "value": "1", "percent": "50"})
        code = resp.status_code
        to_login = code == 302 and "/login/" in _location(resp)
        if not (to_login or code in (401, 403, 404, 405)):
            problems.append(f"{t.path} [{t.route.name}]: anonymous POST answered {code} {_location(resp)}")
    assert not problems, "\n".join(problems)
    assert AuditEvent.objects.count() == before
