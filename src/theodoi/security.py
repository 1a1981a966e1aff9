"""Security plumbing shared by every part of the site: response headers and sign-in throttling.

* ``SecurityHeadersMiddleware`` adds a Content-Security-Policy that allows only this site's own
  files (no inline script, no inline style, no CDN) and a Permissions-Policy; Django's own
  middleware adds X-Frame-Options, X-Content-Type-Options and Referrer-Policy (settings.py).
* ``ThrottledBackend`` makes each sign-in try after repeated failures wait a doubling delay, per
  account, per address and per both, counted in the database (``portal.ThrottleHit``) so that every
  server process sees it; ``SignInForm`` and ``AdminSignInForm`` say how long in Vietnamese, on the
  staff sign-in page and the admin's. There is no lock: a stranger can delay an account a minute at most.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
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


# Sign-in throttling: after ``free`` failures in WINDOW seconds, each further try must wait a delay
# that doubles with every failure (1 s, 2 s, 4 s, ...) up to ``cap``, counted from the last failure.
# Three counters, each with its own rule:
# * the account and the address together: a guesser at one address soon waits the full MAX_DELAY;
# * the address: one address trying many accounts (an office behind NAT shares one, hence more free tries);
# * the account from anywhere: guessing spread over many addresses; capped low (USER_MAX_DELAY) so that
#   a stranger can make an official wait at most that long, never lock them out.
WINDOW = getattr(settings, "THEODOI_SIGNIN_WINDOW", 3600)
MAX_DELAY = getattr(settings, "THEODOI_SIGNIN_MAX_DELAY", 15 * 60)
USER_MAX_DELAY = getattr(settings, "THEODOI_SIGNIN_USER_MAX_DELAY", 60)


@dataclass(frozen=True)
class Rule:
    scope: str
    free: int
    cap: int


PAIR = Rule("signin-pair", getattr(settings, "THEODOI_SIGNIN_PAIR_FREE", 3), MAX_DELAY)
USER = Rule("signin-user", getattr(settings, "THEODOI_SIGNIN_USER_FREE", 5), USER_MAX_DELAY)
ADDRESS = Rule("signin-ip", getattr(settings, "THEODOI_SIGNIN_IP_FREE", 20), MAX_DELAY)


def delay_after(failures: int, rule: Rule) -> int:
    """Seconds to wait after the last of ``failures`` counted failures (0 while they are free)."""
    if failures < rule.free:
        return 0
    return min(rule.cap, 2 ** min(failures - rule.free, 30))


def _ip(request: HttpRequest | None) -> str:
    return throttle.client_ip(request) if request is not None else "no-request"


def _keys(request: HttpRequest | None, username: str) -> list[tuple[Rule, str]]:
    name = (username or "").strip().lower()
    ip = _ip(request)
    return [(PAIR, f"{name}|{ip}"), (USER, name), (ADDRESS, ip)]


def wait_until(request: HttpRequest | None, username: str) -> dt.datetime | None:
    """When sign-in may be tried again for ``username`` from this client; None when it may now.

    Counted in the database, so every process of the server sees the same delays.
    """
    now = timezone.now()
    until: dt.datetime | None = None
    for rule, key in _keys(request, username):
        failures, last = throttle.count_and_latest(rule.scope, key, WINDOW)
        delay = delay_after(failures, rule)
        if delay and last is not None:
            ready = last + dt.timedelta(seconds=delay)
            if ready > now and (until is None or ready > until):
                until = ready
    return until


class ThrottledBackend(ModelBackend):
    """The model backend, refusing a try that comes before its delay and counting failures."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get(self.user_model_field())
        if username is None or password is None:
            return None
        if wait_until(request, username) is not None:
            raise PermissionDenied("sign-in delayed")  # stops every backend; the form explains
        user = super().authenticate(request, username=username, password=password, **kwargs)
        keys = _keys(request, username)
        if user is None:
            now = timezone.now()
            for rule, key in keys:
                throttle.hit(rule.scope, key, at=now)
        else:  # the address keeps its count: one good account must not reset a guesser's address
            for rule, key in keys[:2]:
                throttle.clear(rule.scope, key)
            if request is not None:  # a password sign-in: the second factor follows (ask_second_factor)
                request._theodoi_password_user = user.pk  # type: ignore[attr-defined]
        return user

    @staticmethod
    def user_model_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


WAIT_SECONDS = _("Đăng nhập sai nhiều lần liên tiếp. Vui lòng đợi %(seconds)s giây rồi thử lại "
                 "(mỗi lần sai tiếp theo, thời gian chờ tăng gấp đôi).")
WAIT_MINUTES = _("Đăng nhập sai nhiều lần liên tiếp. Vui lòng đợi %(minutes)s phút rồi thử lại "
                 "(mỗi lần sai tiếp theo, thời gian chờ tăng gấp đôi).")


def wait_error(until: dt.datetime) -> ValidationError:
    """The Vietnamese message saying how long to wait."""
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    if seconds < 120:
        return ValidationError(WAIT_SECONDS, code="throttled", params={"seconds": seconds})
    return ValidationError(WAIT_MINUTES, code="throttled", params={"minutes": math.ceil(seconds / 60)})


class _WaitMessage:
    """Say how long to wait before trying the password (which would not be checked)."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        until = wait_until(self.request, username)
        if until is not None:
            raise wait_error(until)
        return super().clean()  # type: ignore[misc]


class SignInForm(_WaitMessage, AuthenticationForm):
    pass


class AdminSignInForm(_WaitMessage, AdminAuthenticationForm):
    pass


# The second factor (tenancy/secondfactor.py). A sign-in with the right password logs the user in
# with PENDING set in the session: until the code is given (or the app set up), every page sends
# them to that step and the API answers 401. Sessions made any other way (tests' force_login) are
# not password sign-ins and carry no PENDING.
PENDING = "theodoi_second_factor"
_OPEN_PATHS = {"/login/code/", "/account/second-factor/", "/account/second-factor/qr.svg", "/logout/"}
_OPEN_PREFIXES = ("/static/", "/i18n/")


def ask_second_factor(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: after a password sign-in, require the code (or the app's set-up) when due."""
    from theodoi.tenancy import secondfactor

    if request is None or getattr(request, "_theodoi_password_user", None) != user.pk:
        return
    state = secondfactor.state_after_password(user)
    if state:
        request.session[PENDING] = state


class SecondFactorMiddleware:
    """Keep a signed-in user whose second step is pending on that step's pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = request.session.get(PENDING) if request.user.is_authenticated else None
        if state and request.path not in _OPEN_PATHS and not request.path.startswith(_OPEN_PREFIXES):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": str(_("Cần nhập mã xác thực hai bước."))}, status=401)
            from urllib.parse import urlencode

            from django.shortcuts import redirect
            from django.urls import reverse

            step = reverse("second_factor_code" if state == "verify" else "second_factor_enrol")
            return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
