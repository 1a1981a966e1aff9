"""Pieces shared by the planning models."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class Area(models.TextChoices):
    KHCN = "KHCN", _("Khoa học, công nghệ")
    DMST = "ĐMST", _("Đổi mới sáng tạo")
    CDS = "CĐS", _("Chuyển đổi số")
    TC = "TC", _("Kinh phí, tài chính")
    GS = "GS", _("Theo dõi, giám sát, đánh giá")
    KHAC = "KHÁC", _("Khác")


class Tracked(models.Model):
    """Common columns: a public identifier, timestamps and an optimistic-lock version.

    ``version`` is bumped by every service write; a write that carries a stale
    version is refused (see planning.services.concurrency).
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        abstract = True


class Reviewed(models.Model):
    """Review columns of something a unit submits and its leader approves."""

    state = models.CharField(
        _("trạng thái duyệt"), max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến duyệt / lý do trả lại"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        """An approved item is locked: changing it needs a reopening with a reason."""
        return self.state == ReviewState.APPROVED


class KeptQuerySet(models.QuerySet):
    """Updates' and figures' querysets: a write in bulk (``update``, ``bulk_update``,
    ``bulk_create``) rebuilds the current state of the tasks or targets it touched, as a save does
    (``planning.services.state``), so nothing written around the services leaves it stale."""

    subject = ""  # the field naming the task or target whose state the rows feed

    def _refresh(self, ids: set[int]) -> None:
        from theodoi.planning.services import state

        ids.discard(None)
        if ids:
            (state.refresh_tasks if self.subject == "task_id" else state.refresh_targets)(ids)

    def update(self, **kwargs: Any) -> int:
        ids = set(self.values_list(self.subject, flat=True))
        done = super().update(**kwargs)
        moved = kwargs.get(self.subject) or kwargs.get(self.subject.removesuffix("_id"))
        if moved is not None:
            ids.add(getattr(moved, "pk", moved))
        if done:
            self._refresh(ids)
        return done

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list:
        made = super().bulk_create(objs, *args, **kwargs)
        self._refresh({getattr(o, self.subject) for o in made})
        return made


class UpdateQuerySet(KeptQuerySet):
    subject = "task_id"


class FigureQuerySet(KeptQuerySet):
    subject = "target_id"
