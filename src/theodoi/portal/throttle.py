"""Rate limits stored in the database (``portal.ThrottleHit``): no cache server, no broker.

Used by the portal's feedback form (per client address) and by the sign-in lockout
(``theodoi.security``: per account, per address and per both). A limit is "at most ``limit``
counted attempts in the last ``window`` seconds".
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

# At most FEEDBACK_LIMIT feedback submissions per client address per FEEDBACK_WINDOW seconds.
FEEDBACK_LIMIT = getattr(settings, "THEODOI_FEEDBACK_LIMIT", 5)
FEEDBACK_WINDOW = getattr(settings, "THEODOI_FEEDBACK_WINDOW", 3600)
_KEEP = dt.timedelta(days=1)  # rows older than this are no longer needed by any limit


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR: X-Forwarded-For is ignored because any client can forge it
    (behind a proxy, configure it to set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


def count(scope: str, key: str, window: int) -> int:
    """Attempts counted for ``key`` in ``scope`` during the last ``window`` seconds."""
    from theodoi.portal.models import ThrottleHit

    since = timezone.now() - dt.timedelta(seconds=window)
    return ThrottleHit.objects.filter(scope=scope, key=digest(key), at__gt=since).count()


def hit(scope: str, key: str, at: dt.datetime | None = None) -> None:
    """Count one attempt (made at ``at``, default now); drop rows nobody needs any more."""
    from theodoi.portal.models import ThrottleHit

    now = at or timezone.now()
    ThrottleHit.objects.filter(at__lt=now - _KEEP).delete()
    ThrottleHit.objects.create(scope=scope, key=digest(key), at=now)


def clear(scope: str, key: str) -> None:
    from theodoi.portal.models import ThrottleHit

    ThrottleHit.objects.filter(scope=scope, key=digest(key)).delete()


def count_and_latest(scope: str, key: str, window: int) -> tuple[int, dt.datetime | None]:
    """Attempts counted for ``key`` in the last ``window`` seconds, and when the latest was made."""
    from django.db.models import Count, Max

    from theodoi.portal.models import ThrottleHit

    since = timezone.now() - dt.timedelta(seconds=window)
    row = (ThrottleHit.objects.filter(scope=scope, key=digest(key), at__gt=since)
           .aggregate(n=Count("pk"), last=Max("at")))
    return int(row["n"] or 0), row["last"]


def allowed(request: HttpRequest) -> bool:
    """Whether this client may send one more feedback; counts the attempt when it may."""
    ip = client_ip(request)
    if count("feedback", ip, FEEDBACK_WINDOW) >= FEEDBACK_LIMIT:
        return False
    hit("feedback", ip)
    return True
