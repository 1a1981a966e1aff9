"""The audit trail: an append-only, hash-chained log of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AuditEvent(models.Model):
    """One recorded change: who, when, what, before, after, why.

    Records form one hash chain per province (``chain``: the province's slug; ``""`` for the
    global chain: accounts, tokens, and every record written before the chains existed;
    ``audit/chains.py``). ``seq`` numbers a record within its chain; ``id`` orders records across
    chains. ``hash`` = SHA-256 over the canonical JSON of this record's content (its chain
    included, for a province's chain) and ``prev_hash``, the hash of the record before it in its
    chain; editing, deleting, moving or reordering any record breaks its chain
    (``theodoi audit verify``). The model refuses updates and deletes.
    """

    chain = models.CharField(_("chuỗi"), max_length=120, blank=True, default="")
    seq = models.BigIntegerField(_("số thứ tự"))
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_constraint=False,
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=30, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=60, db_index=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object_id_idx")]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_uniq")]

    def __str__(self) -> str:
        where = f"{self.chain}#{self.seq}" if self.chain else f"#{self.seq}"
        return f"{where} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm, không được xóa.")
