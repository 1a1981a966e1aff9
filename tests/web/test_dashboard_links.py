"""Every number on the dashboard links to the list it counts: follow each link on the demo data.

The dashboard marks each linked number with ``data-count`` (rows of the list behind it) or
``data-total`` + ``data-value`` (a total of that list's JSON twin); the test opens every such
link as JSON and checks the list says the same number. It runs on the demo data (real units,
the seed plans, months of history) for the standing office, a leader and the province.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from tests.demo_snapshot import demo_of

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<a\s([^>]*)>")
HREF = re.compile(r'href="([^"]+)"')
DATA = re.compile(r'data-(count|total|value)="([^"]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the module (today's warnings stored, as ``theodoi demo`` does on its
    day) and flushed after it; each test reads it inside its own rolled-back transaction."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        demo_of(tmp_path_factory, dt.date.today())  # the session's demo of today (tests/demo_snapshot.py)
        yield
        call_command("flush", "--no-input", verbosity=0)


def _json(client: Client, href: str) -> dict:
    parts = urlsplit(unescape(href))
    query = dict(parse_qsl(parts.query))
    query["format"] = "json"
    resp = client.get(parts.path, query)
    assert resp.status_code == 200, f"{href}: {resp.status_code}"
    return json.loads(resp.content)


def numbers_of(html: str) -> list[tuple[str, dict[str, str]]]:
    """(href, data attributes) of each link carrying a number."""
    out = []
    for attrs in TAG.findall(html):
        data, href = dict(DATA.findall(attrs)), HREF.search(attrs)
        if data and href:
            out.append((href.group(1), data))
    return out


@pytest.mark.parametrize("username", ["binhlu.vanphong", "binhlu.vhxh.lanhdao", "sokhcn"])
def test_each_dashboard_number_equals_the_list_behind_it(demo, username):
    from theodoi.tenancy.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    pages = ["/dashboard/"]
    html = client.get("/dashboard/").content.decode()
    # ...and the dashboards of the units under it, reached by the page's own links.
    pages += sorted(set(re.findall(r'href="(/dashboard/[a-z0-9-]+/)"', html)))[:4]
    checked = 0
    lists: dict[str, dict] = {}  # href -> its JSON: a list linked from several numbers is read once
    for page in pages:
        resp = client.get(page)
        assert resp.status_code == 200, page
        links = numbers_of(resp.content.decode())
        assert len(links) >= 8, f"{page}: only {len(links)} linked numbers"
        for href, data in links:
            if href not in lists:
                lists[href] = _json(client, href)
            listed = lists[href]
            if "count" in data:
                assert listed["count"] == int(data["count"]), f"{page} → {href}: {data} vs {listed['count']}"
            else:
                assert Decimal(str(listed[data["total"]])) == Decimal(data["value"]), f"{page} → {href}"
            checked += 1
    assert checked >= 20


def test_dashboard_numbers_are_not_all_zero(demo):
    """The check above would pass on an empty page; the demo commune has tasks, targets, warnings."""
    from theodoi.tenancy.models import User

    client = Client()
    client.force_login(User.objects.get(username="binhlu.vanphong"))
    links = numbers_of(client.get("/dashboard/").content.decode())
    counts = {unescape(h): int(d["count"]) for h, d in links if "count" in d}
    assert counts["/tasks/?lead=xa-binh-lu"] > 0, counts
    assert counts["/targets/?unit=xa-binh-lu"] > 0
    assert counts["/warnings/?unit=xa-binh-lu"] > 0
    assert counts["/completeness/?unit=xa-binh-lu"] > 0
    assert any(h.startswith("/tasks/?lead=xa-binh-lu&status=") for h in counts), "status bars link their lists"
