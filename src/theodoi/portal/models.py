"""Citizens' feedback on public plans (ý kiến, kiến nghị) and per-user API tokens.

``ApiToken`` lives here rather than in ``theodoi.api`` because the API package is a
plain URL module (not an installed app); the token is still only used by the API.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from theodoi.planning.models import Document, Task
from theodoi.storage import written


class FeedbackKind(models.TextChoices):
    OPINION = "y_kien", _("Ý kiến")
    PROPOSAL = "kien_nghi", _("Kiến nghị")
    QUESTION = "cau_hoi", _("Câu hỏi")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("Chưa trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    HIDDEN = "hidden", _("Không công khai")


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def published(self) -> FeedbackQuerySet:
        """Answered feedback on public, non-confidential plans and tasks: what the portal shows."""
        return (self.filter(status=FeedbackStatus.ANSWERED, document__is_public=True,
                            document__confidential=False)
                .exclude(task__is_public=False).exclude(task__confidential=True))


class Feedback(models.Model):
    """A citizen's or organisation's feedback on a plan or one of its tasks.

    ``contact`` is private: only the standing office sees it, never the portal or the API.
    The portal shows ``body`` and ``answer`` once the standing office has answered.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(Document, verbose_name=_("kế hoạch"), on_delete=models.CASCADE,
                                 related_name="feedback")
    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("loại"), max_length=10, choices=FeedbackKind.choices,
                            default=FeedbackKind.OPINION)
    name = models.CharField(_("họ và tên"), max_length=120)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=200, blank=True)
    contact = models.CharField(_("thông tin liên hệ (không công khai)"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.NEW, db_index=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    hidden_reason = models.CharField(_("lý do không công khai"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến, kiến nghị")
        verbose_name_plural = _("ý kiến, kiến nghị")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["document", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.name} – {self.body[:60]}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).exclude(expires_at__lte=now)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once, at creation.

    Tokens are issued and revoked by ``portal.tokens`` (audited), never written here.
    A token acts as its user: the same permission rules apply as for a signed-in session.
    Tokens carry 256 bits of randomness, so a fast digest is enough (no password stretching).
    """

    PREFIX = "tdk_"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    hint = models.CharField(_("nhận dạng"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    AUDIT_SKIP: ClassVar[tuple[str, ...]] = ("last_used_at",)  # written at most once a minute by use

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def lookup(cls, plain: str) -> ApiToken | None:
        """The active token matching ``plain`` (compared by digest), or None."""
        if not plain or not plain.startswith(cls.PREFIX) or len(plain) > 200:
            return None
        # the digest is unique: no ORDER BY; written out (``storage.written``): every API request's
        # first statement, the same row as ``active().select_related("user").filter(digest=…)``
        # (tests/api/test_written_auth.py compares them)
        now = written.prep(ApiToken, "expires_at", timezone.now())
        found = _active_token_select().rows([now, token_digest(plain)])
        if not found:
            return None
        row, user = found[0]
        written.cache_related(row, "user", user)
        return row


@functools.cache
def _active_token_select() -> written.Select:
    """:meth:`ApiTokenQuerySet.active`'s token of a digest, with its user."""
    from theodoi.tenancy.models import User

    tf, uf = written.fields_of(ApiToken), written.fields_of(User)
    expires = f"a.{written.column(ApiToken, 'expires_at')}"
    sql = (f"SELECT {written.select_list('a', tf)}, {written.select_list('u', uf)} FROM {written.table(ApiToken)} a "
           f"JOIN {written.table(User)} u ON u.{written.column(User, 'id')} = a.{written.column(ApiToken, 'user')} "
           f"WHERE a.{written.column(ApiToken, 'revoked_at')} IS NULL AND u.{written.column(User, 'is_active')} "
           f"AND NOT ({expires} <= %s AND {expires} IS NOT NULL) AND a.{written.column(ApiToken, 'digest')} = %s")
    return written.Select(sql, [(ApiToken, tf), (User, uf)])


class ThrottleHit(models.Model):
    """One counted attempt (a failed sign-in, a feedback submission) for a rate limit.

    Stored in the database so limits hold across processes and restarts without a cache
    server. ``key`` is a SHA-256 digest of the client address or user name, never the raw
    value. Rows older than the longest window are deleted as new ones are written.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lượt bị giới hạn")
        verbose_name_plural = _("lượt bị giới hạn")
        indexes = [models.Index(fields=["scope", "key", "at"], name="portal_throttle_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.at:%Y-%m-%d %H:%M}"
