"""Pages and static files are sent compressed; static URLs change with their files."""

from __future__ import annotations

import gzip
import re

import pytest


@pytest.mark.django_db
def test_pages_and_static_files_are_gzipped(client, world):
    client.force_login(world.officer)
    plain = client.get("/tasks/")
    zipped = client.get("/tasks/", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    page = gzip.decompress(zipped.content)
    # the same page (its masked CSRF token differs from response to response, not its length)
    assert page.startswith(b"<!doctype") and len(page) == len(plain.content)
    assert len(zipped.content) < len(plain.content) / 2
    html = plain.content.decode()
    url = re.search(r'href="(/static/theodoi/app\.css\?v=[0-9a-f]{12})"', html).group(1)
    css = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert css.status_code == 200 and css["Content-Encoding"] == "gzip"
    assert f"max-age={30 * 24 * 3600}" in css["Cache-Control"]


def test_a_static_url_changes_with_its_file(tmp_path, settings):
    from django.contrib.staticfiles import finders

    from theodoi.web.staticfiles import VersionedStaticFilesStorage

    (tmp_path / "x.css").write_text("a{}")
    settings.STATICFILES_DIRS = [str(tmp_path)]
    finders.get_finder.cache_clear()
    storage = VersionedStaticFilesStorage()
    first = storage.url("x.css")
    VersionedStaticFilesStorage._digests.clear()
    (tmp_path / "x.css").write_text("b{}")
    assert first != storage.url("x.css") and first.startswith("/static/x.css?v=")
    finders.get_finder.cache_clear()


def test_the_error_page_renders_alone_with_its_stylesheet():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert re.search(r'href="/static/theodoi/app\.css\?v=[0-9a-f]{12}"', html)
