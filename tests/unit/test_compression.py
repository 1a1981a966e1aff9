"""Pages and static files are sent compressed to browsers that accept it."""

from __future__ import annotations

import gzip

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
    css = client.get("/static/theodoi/app.css", HTTP_ACCEPT_ENCODING="gzip")
    assert css.status_code == 200 and css["Content-Encoding"] == "gzip"
    assert "max-age=3600" in css["Cache-Control"]
