"""Security plumbing shared by every part of the site: response headers and the sign-in lockout.

* ``SecurityHeadersMiddleware`` adds a Content-Security-Policy that allows only this site's own
  files (no inline script, no inline style, no CDN) and a Permissions-Policy; Django's own
  middleware adds X-Frame-Options, X-Content-Type-Options and Referrer-Policy (settings.py).
* ``LockoutBackend`` refuses a sign-in after repeated failures, per user name and per client
  address, counted in the database (``portal.ThrottleHit``); ``SignInForm`` and
  ``AdminSignInForm`` say so in Vietnamese, on the staff sign-in page and the admin's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from theodoi.portal import throttle

CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    "frame-ancestors 'none'",
])
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer (a view may set its own)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# A user name is locked after USER_LIMIT failures within WINDOW seconds; an address after IP_LIMIT
# (an address is shared by a whole office behind NAT, hence the higher limit).
USER_LIMIT = getattr(settings, "THEODOI_SIGNIN_USER_LIMIT", 5)
IP_LIMIT = getattr(settings, "THEODOI_SIGNIN_IP_LIMIT", 30)
WINDOW = getattr(settings, "THEODOI_SIGNIN_WINDOW", 15 * 60)


def _ip(request: HttpRequest | None) -> str:
    return throttle.client_ip(request) if request is not None else "no-request"


def locked_until(request: HttpRequest | None, username: str) -> dt.datetime | None:
    """When sign-in may be tried again for ``username`` from this client; None when it may now."""
    for scope, key, limit in (("signin-user", username or "", USER_LIMIT), ("signin-ip", _ip(request), IP_LIMIT)):
        if throttle.count(scope, key, WINDOW) >= limit:
            oldest = throttle.oldest_in_window(scope, key, WINDOW) or timezone.now()
            return oldest + dt.timedelta(seconds=WINDOW)
    return None


class LockoutBackend(ModelBackend):
    """The model backend, refusing locked user names and addresses and counting failures."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get(self.user_model_field())
        if username is None or password is None:
            return None
        if locked_until(request, username) is not None:
            raise PermissionDenied("sign-in locked")  # stops every backend; the form explains
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.hit("signin-user", username)
            throttle.hit("signin-ip", _ip(request))
        else:
            throttle.clear("signin-user", username)
        return user

    @staticmethod
    def user_model_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


LOCKED = _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút "
           "hoặc liên hệ quản trị hệ thống.")


class _LockoutMessage:
    """Say why sign-in is refused before trying the password (which would not be checked)."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        until = locked_until(self.request, username)
        if until is not None:
            minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
            raise ValidationError(LOCKED, code="locked", params={"minutes": minutes})
        return super().clean()  # type: ignore[misc]


class SignInForm(_LockoutMessage, AuthenticationForm):
    pass


class AdminSignInForm(_LockoutMessage, AdminAuthenticationForm):
    pass
