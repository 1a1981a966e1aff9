"""Errors raised by the tracking services, with messages in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


class ConflictError(Exception):
    """Someone else changed the row since the caller read it (optimistic lock on ``version``).

    ``current_values`` holds the other person's saved values (field -> value) and
    ``current_version`` the version to send back with a corrected save.
    """

    def __init__(self, current_values: dict[str, Any], message_vi: str | None = None,
                 current_version: int | None = None, changed_by: str = "") -> None:
        self.current_values = current_values
        self.current_version = current_version
        self.changed_by = changed_by
        self.message_vi = message_vi or _(
            "Nội dung này vừa được người khác thay đổi trong lúc bạn đang sửa. "
            "Hãy xem lại nội dung mới nhất rồi lưu lại."
        )
        super().__init__(self.message_vi)

    def __str__(self) -> str:
        return self.message_vi


class ReviewError(ValidationError):
    """A review step that the item's state does not allow (e.g. approving a draft)."""


def refusal(exc: Exception) -> str:
    """What to tell the person whose call a service refused, in one line: a conflict's message,
    every message of a validation error, a refused permission's reason (or the default one).

    Pages (messages or form errors), the CLI and exports all word a refusal with it."""
    if isinstance(exc, ConflictError):
        return exc.message_vi
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("Bạn không có quyền sửa nội dung này.")
    return str(exc)
