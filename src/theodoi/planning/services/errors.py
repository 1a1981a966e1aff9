"""Errors raised by the tracking services, with messages in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
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
