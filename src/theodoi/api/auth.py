"""API authentication: the browser session (with CSRF on writes) or a personal bearer token.

Anonymous requests reach only the ``/public/`` endpoints, which mirror the portal.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from theodoi.portal.models import ApiToken
from theodoi.portal.tokens import note_use


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tdk_…``: the token's user, checked against the stored digest."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.lookup(token)
        if row is None:
            return None
        note_use(row)
        request.user = row.user
        return row.user


# The session (ninja checks the CSRF token on unsafe methods) or a bearer token.
STAFF_AUTH = [TokenAuth(), django_auth]
