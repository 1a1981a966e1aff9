"""The second step of signing in (a code from the authenticator app) and setting the app up.

Thin: the rules and every write are in ``tenancy.secondfactor``; the delay after wrong codes is the
sign-in throttle's (``theodoi.security``), counted per account in the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from theodoi import security
from theodoi.portal import throttle
from theodoi.tenancy import secondfactor

CODE_RULE = security.Rule("signin-code", free=3, cap=security.MAX_DELAY)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                         require_https=request.is_secure())
    return target if ok and target.startswith("/") else "/"


def _done(request: HttpRequest) -> None:
    """The second step is complete: a fresh session key, nothing pending."""
    request.session.pop(security.PENDING, None)
    request.session.cycle_key()


def _code_wait(user: Any) -> str:
    failures, last = throttle.count_and_latest(CODE_RULE.scope, str(user.pk), security.WINDOW)
    delay = security.delay_after(failures, CODE_RULE)
    if delay and last is not None:
        until = last + dt.timedelta(seconds=delay)
        if until > timezone.now():
            return str(security.wait_error(until).messages[0])
    return ""


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """Ask for the 6-digit code (or a recovery code) after the password."""
    if request.session.get(security.PENDING) != "verify":
        return redirect(_next(request))
    error = ""
    if request.method == "POST":
        error = _code_wait(request.user)
        if not error:
            try:
                kind = secondfactor.verify(request.user, request.POST.get("code", ""))  # type: ignore[arg-type]
            except secondfactor.SecondFactorError as exc:
                kind, error = "", str(exc)
            if kind:
                throttle.clear(CODE_RULE.scope, str(request.user.pk))
                _done(request)
                return redirect(_next(request))
            throttle.hit(CODE_RULE.scope, str(request.user.pk))
            error = error or _code_wait(request.user) or _("Mã không đúng hoặc đã dùng. Hãy nhập mã mới "
                                                           "trong ứng dụng xác thực, hoặc một mã khôi phục.")
    return render(request, "registration/second_factor_code.html",
                  {"error": error, "next": _next(request)}, status=200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: QR code and key, then the first code; the recovery codes once."""
    user: Any = request.user
    if request.session.get(security.PENDING) == "verify":
        return redirect("second_factor_code")
    if secondfactor.is_enrolled(user):
        if request.method == "POST" and request.POST.get("action") == "renew":
            codes = secondfactor.renew_recovery_codes(user)
            return render(request, "registration/recovery_codes.html", {"codes": codes, "next": "/"})
        return render(request, "registration/second_factor_on.html", {})
    error = ""
    if request.method == "POST":
        try:
            codes = secondfactor.confirm_enrolment(user, request.POST.get("code", ""))
        except secondfactor.SecondFactorError as exc:
            error = str(exc)
        else:
            _done(request)
            return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next(request)})
    secret = secondfactor.pending_secret(user) or secondfactor.begin_enrolment(user)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render(request, "registration/second_factor_enrol.html", {
        "secret": grouped, "error": error, "next": _next(request),
        "required": request.session.get(security.PENDING) == "enrol",
    })


@never_cache
@login_required
def qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the enrolment in progress (SVG drawn on the server; never cached)."""
    secret = secondfactor.pending_secret(request.user)  # type: ignore[arg-type]
    if secret is None:
        return HttpResponse(status=404)
    svg = secondfactor.qr_svg(secondfactor.provisioning_uri(request.user, secret))  # type: ignore[arg-type]
    resp = HttpResponse(svg, content_type="image/svg+xml")
    resp["Content-Security-Policy"] = "default-src 'none'"
    return resp


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request: HttpRequest) -> HttpResponse:
    """An administrator turns off a person's second factor (a lost phone), with a reason (audited).

    The person is named by ``?user=`` (their user name): the path names nobody."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied

    from theodoi.tenancy import permissions
    from theodoi.tenancy.models import User

    username = (request.POST.get("user") or request.GET.get("user") or "").strip()
    target = User.objects.filter(username=username).first() if username else None
    if target is None or not permissions.can_reset_second_factor(request.user, target):
        # the same answer for an unknown name: the page does not tell which accounts exist
        raise PermissionDenied(_("Bạn không có quyền tắt xác thực hai bước của tài khoản này."))
    if not secondfactor.is_enrolled(target):
        messages.info(request, _("Tài khoản %(user)s chưa bật xác thực hai bước.") % {"user": target})
        return redirect(_next(request))
    error = ""
    if request.method == "POST":
        try:
            secondfactor.disable(target, request.user, request.POST.get("reason", ""))
        except secondfactor.SecondFactorError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Đã tắt xác thực hai bước của %(user)s.") % {"user": target})
            return redirect(_next(request))
    return render(request, "registration/second_factor_off.html",
                  {"target": target, "error": error, "next": _next(request)})
