"""API authentication: the browser session (with CSRF on writes) or a personal bearer token.

Anonymous requests reach only the ``/public/`` endpoints, which mirror the portal.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from theodoi.portal.models import ApiToken


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tdk_…``: the token's user, checked against the stored digest."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.lookup(token)
        if row is None:
            return None
        now = timezone.now()
        # Write the last-use time at most once a minute so reads stay reads.
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


# The session (ninja checks the CSRF token on unsafe methods) or a bearer token.
STAFF_AUTH = [TokenAuth(), django_auth]
