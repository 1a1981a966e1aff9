"""A small per-IP rate limit on the cache: no broker, good enough against a flood of feedback."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# At most LIMIT feedback submissions per client address per WINDOW seconds.
LIMIT = getattr(settings, "THEODOI_FEEDBACK_LIMIT", 5)
WINDOW = getattr(settings, "THEODOI_FEEDBACK_WINDOW", 3600)


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR: X-Forwarded-For is ignored because any client can forge it
    (behind a proxy, configure it to set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(request: HttpRequest) -> str:
    return "theodoi:feedback:" + hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]


def allowed(request: HttpRequest) -> bool:
    """Whether this client may send one more; counts the attempt when it may."""
    key = _key(request)
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count <= LIMIT
