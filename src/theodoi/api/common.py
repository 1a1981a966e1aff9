"""Helpers of the API handlers: fetch one readable object by uid/slug."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from theodoi.tenancy.permissions import Action, can, restrict

M = TypeVar("M", bound=Model)
NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền xem."


class ApiRequest(HttpRequest):
    """The request an API handler receives: django-ninja sets ``auth`` to the signed-in user
    (session or API token) before the handler runs."""

    auth: Any


def _by_uid(lookup: dict[str, Any]) -> dict[str, Any]:
    """The lookup with its ``uid`` as a UUID; a uid that is not one is an object that does not exist (404)."""
    if "uid" in lookup:
        try:
            return {**lookup, "uid": UUID(str(lookup["uid"]))}
        except ValueError as exc:
            raise Http404(NOT_FOUND) from exc
    return lookup


def readable(qs: QuerySet[M], user: Any, action: Action = "view", **lookup: Any) -> M:
    """The object matching ``lookup`` that ``user`` may ``action``; 404 otherwise.

    The API answers 404 (not 403) for objects the caller may not read, so it does not
    reveal which uids exist in other units.
    """
    lookup = _by_uid(lookup)
    obj = restrict(qs, user, action).filter(**lookup).first()
    if obj is None:
        raise Http404(NOT_FOUND)
    return obj


def readable_found(find: Callable[[UUID], M | None], user: Any, uid: str, action: Action = "view") -> M:
    """As :func:`readable_loaded`, the object found by ``find(uid)`` (a written-out read,
    ``lists.reported_task``), the permission decided on it."""
    obj = find(_by_uid({"uid": uid})["uid"])
    if obj is None or not can(user, action, obj):
        raise Http404(NOT_FOUND)
    return obj


def readable_loaded(qs: QuerySet[M], user: Any, action: Action = "view", **lookup: Any) -> M:
    """As :func:`readable`, the object fetched by ``lookup`` alone and the permission decided on it
    (``permissions.can``: in Python where the rule allows, so the query stays a plain lookup).
    ``lookup`` names one object (its uid or slug)."""
    lookup = _by_uid(lookup)
    # one row by a unique key: no ORDER BY (``first()`` would add the model's ordering, built each time)
    obj = next(iter(qs.filter(**lookup).order_by()[:1]), None)
    if obj is None or not can(user, action, obj):
        raise Http404(NOT_FOUND)
    return obj
