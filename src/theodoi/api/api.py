"""The API v1 object: routers, error handlers, OpenAPI. Mounted at /api/v1/.

Docs (Swagger UI) are served only when ``ninja`` is an installed app, so their assets
come from the package and never from a CDN; the OpenAPI JSON needs a signed-in session.

Requests are rate-limited per user (signed in or by token) and per client address (the public
endpoints), counted in each server process's memory; an unexpected error answers a JSON 500 without
any detail of the code.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.throttling import AnonRateThrottle, UserRateThrottle

from theodoi.api.auth import STAFF_AUTH
from theodoi.api.public import router as public_router
from theodoi.api.read import router as read_router
from theodoi.api.write import router as write_router
from theodoi.planning.services.errors import ConflictError

log = logging.getLogger(__name__)
# Requests per client address (public endpoints) and per user; settings may change them.
ANON_RATE = getattr(settings, "THEODOI_API_ANON_RATE", "120/m")
USER_RATE = getattr(settings, "THEODOI_API_USER_RATE", "600/m")


class _InProcess:
    """Counts kept in the server process's memory (``settings.CACHES["throttle"]``), not in the shared
    file cache."""

    @property
    def cache(self) -> Any:
        return caches["throttle"]

    @cache.setter
    def cache(self, value: Any) -> None:  # the base class's attribute; the counts stay in this process
        pass


class _AnonThrottle(_InProcess, AnonRateThrottle):
    pass


class _UserThrottle(_InProcess, UserRateThrottle):
    pass


api = NinjaAPI(
    title="theodoi API",
    version="1",
    description="API đọc và ghi dữ liệu theo dõi thực hiện Nghị quyết 57-NQ/TW (xem docs/api.md).",
    urls_namespace="api-1",
    auth=STAFF_AUTH,
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
    docs_decorator=login_required,
    throttle=[_AnonThrottle(ANON_RATE), _UserThrottle(USER_RATE)],
)
api.add_router("/public/", public_router)
api.add_router("/", read_router)
api.add_router("/", write_router)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Không có quyền."}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError):
    return api.create_response(request, {"detail": "Dữ liệu không hợp lệ.", "errors": exc.messages}, status=422)


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: ConflictError):
    values = {k: (str(v) if v is not None else None) for k, v in exc.current_values.items()}
    return api.create_response(request, {
        "detail": exc.message_vi, "current_version": exc.current_version, "current_values": values,
        "changed_by": exc.changed_by,
    }, status=409)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception):
    """Any other error: logged with its traceback, answered without it (even with DEBUG on)."""
    log.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "Lỗi máy chủ; lỗi đã được ghi lại để xử lý."}, status=500)
