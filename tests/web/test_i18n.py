"""English is available: every string of the catalogue (all apps: pages, forms, model names,
choices, messages) is translated, every string marked for translation in the source is in the
catalogue, the compiled catalogue matches the .po file, and an English page carries no
Vietnamese chrome."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "theodoi"
LOCALE = PACKAGE / "locale" / "en" / "LC_MESSAGES"
# Letters that only Vietnamese uses: an English msgstr holding one was copied, not translated.
VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")
MARKERS = {"gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
           "npgettext", "npgettext_lazy"}


def _unquote(quoted: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted)).replace('\\"', '"').replace("\\n", "\n")


def _entries() -> list[tuple[str, list[str], bool, list[str]]]:
    """(msgid, references, fuzzy, msgstrs) of each live entry of the English .po file."""
    out = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not m:
            continue
        ctx = re.search(r'^msgctxt ((?:".*"\n?)+)', block, re.M)
        msgid = (_unquote(ctx.group(1)) + "\x04" if ctx else "") + _unquote(m.group(1))
        refs = [r for line in re.findall(r"^#: (.+)$", block, re.M) for r in line.split()]
        strs = [_unquote(s) for s in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)]
        out.append((msgid, refs, bool(re.search(r"^#, .*fuzzy", block, re.M)), strs))
    return out


def _python_msgids(path: Path) -> set[str]:
    """The literal msgids of gettext calls in a module, whatever name the function is imported as."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.asname or alias.name: alias.name for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
             for alias in node.names if alias.name in MARKERS}
    found = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names):
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if names[node.func.id].startswith(("pgettext", "npgettext")) and len(args) >= 2:
            found.add(args[0] + "\x04" + args[1])
        elif args:
            found.add(args[0])
    return found


def _template_msgids(path: Path) -> set[str]:
    """The msgids of {% translate %} and {% blocktranslate %} in a template, as makemessages reads them."""
    found = set()
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    literal = r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    for func, literals in re.findall(r"\b(n?p?gettext)\(((?:\s*u?" + literal + r"\s*,?)+)", code):
        values = [ast.literal_eval(lit) for lit in re.findall(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", literals)]
        found.add(values[0] + "\x04" + values[1] if "p" in func[:3] and func != "gettext" and len(values) > 1
                  else values[0])
    return found


def _source_msgids() -> dict[str, str]:
    """Every msgid marked in the package's modules and templates → the first file that marks it."""
    out: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("demo/data/", "locale/")) or "/migrations/" in rel or "__pycache__" in rel:
            continue
        if path.suffix == ".py":
            ids = _python_msgids(path)
        elif path.suffix in (".html", ".txt") and "/templates/" in f"/{rel}":
            ids = _template_msgids(path)
        else:
            continue
        for msgid in ids:
            out.setdefault(msgid, rel)
    return out


def test_every_entry_of_the_catalogue_is_translated_into_english():
    bad = [msgid for msgid, _refs, fuzzy, strs in _entries() if msgid and (fuzzy or not all(strs))]
    assert not bad, f"{len(bad)} untranslated or fuzzy entries: {bad[:10]}"


def test_every_string_marked_in_the_source_is_in_the_catalogue():
    catalogue = {msgid for msgid, *_rest in _entries()}
    missing = {msgid: where for msgid, where in _source_msgids().items() if msgid and msgid not in catalogue}
    assert not missing, (f"{len(missing)} strings are not in django.po (run makemessages, see docs/web.md): "
                         f"{list(missing.items())[:10]}")


def test_translations_are_english_and_keep_their_placeholders():
    for msgid, _refs, _fuzzy, strs in _entries():
        if not msgid:
            continue
        for msgstr in strs:
            assert not VIETNAMESE.search(msgstr), f"{msgid!r} → {msgstr!r} is still Vietnamese"
            assert set(PLACEHOLDER.findall(msgstr)) == set(PLACEHOLDER.findall(msgid)), (msgid, msgstr)


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
