"""Each page of the issue is reachable from the navigation (or one click from a page it lists)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="mainnav".*?</nav>', re.S)


def _nav_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', NAV.search(html).group(0))


def test_standing_office_reaches_every_list_from_the_navigation(client, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(world.admin)
    links = _nav_links(client.get("/plans/").content.decode())
    for path in ("/", "/dashboard/", "/plans/", "/tasks/", "/targets/", "/units/", "/warnings/",
                 "/completeness/", "/six-clear/", "/reports/", "/feedback/", "/import/", "/public/"):
        assert path in links, path
    for path in links:
        resp = client.get(path)
        assert resp.status_code in (200, 302), (path, resp.status_code)
    dashboard = client.get("/dashboard/", follow=True).content.decode()
    assert "/overdue/?unit=" in dashboard  # the overdue list, grouped by lead unit


def test_officer_sees_no_link_they_cannot_use(client, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(world.officer)
    links = _nav_links(client.get("/plans/").content.decode())
    assert "/import/" not in links and "/feedback/" not in links and "/review/" not in links
    for path in links:
        assert client.get(path).status_code in (200, 302), path


def test_leader_reaches_the_review_queue(client, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(world.leader)
    assert "/review/" in _nav_links(client.get("/plans/").content.decode())


def test_sign_in_page_offers_no_staff_link(client):
    html = client.get("/login/").content.decode()
    for path in ("/dashboard/", "/plans/", "/tasks/", "/review/", "/import/"):
        assert f'href="{path}"' not in html
