"""The only writers of API tokens: issue, revoke, note a use. Issue and revoke are audited.

A token's plain value is returned once by :func:`issue_token` and never stored (only its
SHA-256 digest); the audit record names the token by its uid and hint, never its value.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from theodoi.audit.services import record, snapshot
from theodoi.portal.models import ApiToken, token_digest


def issue_token(user: Any, name: str, expires_at: dt.datetime | None = None, *, actor: Any = None,
                reason: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: (row, plain token). The plain token is shown once and never stored."""
    plain = ApiToken.PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(user=user, name=(name or "").strip()[:100], hint=plain[:10],
                                      digest=token_digest(plain), expires_at=expires_at)
        record("issue_token", row, actor=actor if actor is not None else "dòng lệnh", reason=reason)
    return row, plain


def revoke_token(uid: uuid.UUID | str, *, actor: Any = None, reason: str = "") -> ApiToken | None:
    """Revoke the active token ``uid``; None when there is no such active token."""
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().filter(uid=uid, revoked_at__isnull=True).first()
        if row is None:
            return None
        before = snapshot(row)
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        record("revoke_token", row, actor=actor if actor is not None else "dòng lệnh", before=before,
               reason=reason)
    return row


def note_use(row: ApiToken, now: dt.datetime | None = None) -> None:
    """Write the last-use time at most once a minute (so reads stay reads); not audited, as a
    sign-in time is not: it says nothing about what the token may do."""
    now = now or timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
