"""The project's own error pages where Django would show its stock English page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token (settings.CSRF_FAILURE_VIEW):
    say so in Vietnamese and offer to go back, instead of Django's "CSRF verification failed"."""
    return render(request, "403_csrf.html", status=403)
