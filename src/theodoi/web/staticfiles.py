"""Static file URLs that change when the file changes, so phones may keep them for a month.

``{% static "theodoi/app.css" %}`` becomes ``/static/theodoi/app.css?v=<12 hex digits of the
file's SHA-256>``. A new release with a changed stylesheet gets a new URL, so a long cache
lifetime never shows an old stylesheet; an unchanged one is not downloaded again. No
collectstatic step is needed: the file is found where whitenoise serves it from (the
finders), and its digest is computed once per process.
"""

from __future__ import annotations

import hashlib
from threading import Lock

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage


class VersionedStaticFilesStorage(StaticFilesStorage):
    _digests: dict[str, str] = {}
    _lock = Lock()

    def url(self, name: str | None) -> str:
        base = super().url(name)
        if not name:
            return base
        digest = self._digests.get(name)
        if digest is None:
            digest = _digest(name)
            with self._lock:
                self._digests[name] = digest
        return f"{base}?v={digest}" if digest else base


def _digest(name: str) -> str:
    path = finders.find(name)
    if not path or isinstance(path, list):
        return ""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()[:12]
