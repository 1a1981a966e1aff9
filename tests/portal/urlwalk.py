"""Every URL pattern of the project, filled with real ids from the test world.

``walk()`` visits ``django.urls.get_resolver()`` recursively and yields one ``Route`` per
pattern; ``concrete(route, objects)`` turns it into one or more real paths, choosing each
path converter's value from the route's prefix and the converter's name (a plan's uid
under ``plans/``, a task's under ``tasks/``...). Patterns nobody knows how to fill raise,
so a new URL cannot silently escape the crawl.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    template: str  # "tasks/<str:uid>/update/" or a regex fragment chain
    name: str  # "task_update", "portal:plan", "api-1:tasks"...


@dataclass(frozen=True)
class Target:
    """One concrete path to request and the object (kind, obj) it is about, if any."""

    path: str
    route: Route
    kind: str = ""
    obj: Any = None


def _pattern_text(p: Any) -> str:
    pat = p.pattern
    if isinstance(pat, RoutePattern):
        return str(pat)
    assert isinstance(pat, RegexPattern)
    return pat._regex


def walk(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from walk(p, prefix + _pattern_text(p), sub_ns)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if ns and p.name else (p.name or "")
            yield Route(prefix + _pattern_text(p), name)


_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


def _kind_for_uid(template: str) -> str:
    """Which object a ``uid`` names, from the path segment before it."""
    before = template.split("<")[0] if "<" in template else template
    for segment, kind in (("feedback", "feedback"), ("review/", "update"), ("public/plans", "public_plan"),
                          ("public/tasks", "public_task"), ("plans", "plan"), ("tasks", "task"),
                          ("targets", "target"), ("updates", "update"), ("measurements", "measurement"),
                          ("reports", "report")):
        if segment in before:
            return kind
    raise LookupError(f"no object kind for a uid in {template!r}")


def _values(route: Route, name: str, objects: dict[str, list[Any]], choices: str = "") -> list[tuple[str, str, Any]]:
    """(text, kind, object) candidates for the converter ``name`` of ``route``."""
    t = route.template
    if name == "uid":
        kind = _kind_for_uid(t)
        pool = objects.get(kind, [])
        if not pool:
            return [(str(uuid.uuid4()), kind, None)]
        return [(str(o.uid), kind, o) for o in pool]
    if name == "slug":
        return [(u.slug, "unit", u) for u in objects["unit"]]
    if name == "pk":
        return [(str(e.pk), "evidence", e) for e in objects["evidence"]]
    if name == "fmt":
        options = choices.split("|") if choices and "|" in choices else ["docx"]
        return [(o, "", None) for o in options]
    if name == "kind":
        return [(o, "", None) for o in choices.split("|")] if "|" in choices else [("update", "", None)]
    if name == "action":
        return [("approve", "", None)]
    if name == "name":
        return [("submit", "", None)]
    if name == "token":
        return [("khong-co-phien-nhap", "", None)]
    if name == "app_label":
        return [(o, "", None) for o in choices.split("|")]
    if name in ("object_id", "content_type_id", "id"):
        return [("1", "", None)]
    if name == "url":
        return [("khong-co/", "", None)]
    raise LookupError(f"no value for <{name}> in {t!r}")


def concrete(route: Route, objects: dict[str, list[Any]]) -> list[Target]:
    """Real paths for ``route``; one per candidate object of its first object-naming converter."""
    t = route.template
    paths: list[tuple[str, str, Any]] = [("", "", None)]
    pos = 0
    regex = "(?P<" in t or t.startswith("^") or "^" in t
    tokens = list((_REGEX_GROUP if regex else _ROUTE_PARAM).finditer(t))
    pieces: list[Any] = []
    for m in tokens:
        pieces.append(t[pos:m.start()])
        pieces.append(m)
        pos = m.end()
    pieces.append(t[pos:])
    for piece in pieces:
        if isinstance(piece, str):
            text = piece.replace("^", "").replace("$", "").replace("\\", "") if regex else piece
            paths = [(p + text, k, o) for p, k, o in paths]
            continue
        name = piece.group("name")
        choices = piece.groupdict().get("body") or ""
        new = []
        for p, k, o in paths:
            for value, kind, obj in _values(route, name, objects, choices):
                new.append((p + value, k or kind, o if o is not None else obj))
        paths = new
    return [Target("/" + p, route, k, o) for p, k, o in paths]


_ADMIN_MODEL = re.compile(r"^admin/(?!password_change)\w+/\w+/")


def all_targets(objects: dict[str, list[Any]], admin_models: bool = True) -> list[Target]:
    """Concrete paths of every pattern; ``admin_models=False`` leaves out the per-model admin pages."""
    out: list[Target] = []
    for route in walk():
        if not admin_models and _ADMIN_MODEL.match(route.template):
            continue
        out.extend(concrete(route, objects))
    return out
