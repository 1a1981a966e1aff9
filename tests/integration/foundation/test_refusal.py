"""One wording of a refused service call for pages, the CLI and imports (planning.services.errors.refusal)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from theodoi.planning.services.errors import ConflictError, refusal


def test_a_conflict_reads_its_own_message():
    assert refusal(ConflictError({}, "Người khác vừa sửa.")) == "Người khác vừa sửa."
    assert "người khác" in refusal(ConflictError({}))


def test_every_message_of_a_validation_error_is_kept_in_order():
    exc = ValidationError({"due_date": ["Hạn không hợp lệ."], "unit": ["Chưa chọn đơn vị."]})
    text = refusal(exc)
    assert "Hạn không hợp lệ." in text and "Chưa chọn đơn vị." in text
    assert refusal(ValidationError(["Một.", "Hai."])) == "Một. Hai."


def test_a_permission_refusal_gives_its_reason_or_the_default_in_the_readers_language():
    assert refusal(PermissionDenied("Chỉ lãnh đạo được ký.")) == "Chỉ lãnh đạo được ký."
    with translation.override("vi"):
        assert refusal(PermissionDenied()) == "Bạn không có quyền sửa nội dung này."
    with translation.override("en"):
        assert refusal(PermissionDenied()) == "You may not edit this."


def test_any_other_error_reads_as_its_text():
    assert refusal(ValueError("Tệp hỏng.")) == "Tệp hỏng."
