"""English is available: the staff pages' and the portal's strings are translated, the
compiled catalogue matches the .po file, and an English page carries no Vietnamese chrome."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "src" / "theodoi" / "locale" / "en" / "LC_MESSAGES"
OURS = ("web/", "portal/", "api/")


def _entries() -> list[tuple[str, list[str], bool, list[str]]]:
    """(msgid, references, fuzzy, msgstrs) of each entry of the English .po file."""
    out = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not m:
            continue
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
        refs = [r for line in re.findall(r"^#: (.+)$", block, re.M) for r in line.split()]
        strs = ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
                for s in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)]
        out.append((msgid, refs, "#, fuzzy" in block, strs))
    return out


def test_staff_and_portal_strings_are_translated():
    missing = [msgid for msgid, refs, fuzzy, strs in _entries()
               if msgid and any(r.startswith(OURS) for r in refs) and (fuzzy or not all(strs))]
    assert not missing, f"{len(missing)} untranslated or fuzzy: {missing[:10]}"


def test_compiled_catalogue_matches_the_po_file():
    with open(LOCALE / "django.mo", "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    for msgid, _refs, fuzzy, strs in _entries():
        if msgid and not fuzzy and strs and all(strs) and "\\" not in msgid:
            got = catalogue._catalog.get(msgid) or catalogue._catalog.get((msgid, 0))
            assert got == strs[0].replace('\\"', '"'), f"django.mo is stale for {msgid!r}: run compilemessages"


@pytest.mark.django_db
def test_english_dashboard_has_no_vietnamese_chrome(client, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(world.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("dashboard")).content.decode()
    assert 'lang="en"' in html
    for english in ("Dashboard", "Tasks by status", "Targets by status", "Unit ranking", "Warnings"):
        assert english in html, english
    for vietnamese in ("Bảng điều hành", "Nhiệm vụ theo tình trạng", "Cảnh báo", "Xếp hạng", "Đăng xuất"):
        assert vietnamese not in html, vietnamese


def test_vietnamese_is_the_default_whatever_the_browser_asks(client, world, settings):
    """A browser set to English still gets Vietnamese until the person picks English."""
    client.force_login(world.officer)
    html = client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    resp = client.post("/i18n/setlang/", {"language": "en", "next": "/tasks/"})
    assert resp.status_code == 302
    html = client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"  # a value we do not offer
    assert 'lang="vi"' in client.get("/tasks/").content.decode()
