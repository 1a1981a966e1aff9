"""What a forger with write access to the database does to the audit trail (shared by the trail's tests)."""

from __future__ import annotations

from theodoi.audit.models import AuditEvent
from theodoi.audit.services import compute_hash


def rewrite_chain(chain: str, from_seq: int = 2) -> None:
    """Change record ``from_seq`` of ``chain`` and recompute every hash from it on, so the chain
    alone still verifies: only an anchor or the heads record can tell."""
    prev = None
    for ev in AuditEvent.objects.filter(chain=chain).order_by("seq"):
        if ev.seq == from_seq:
            ev.reason = "sửa lén"
        if prev is not None:
            ev.prev_hash = prev
        ev.hash = compute_hash(ev)
        AuditEvent.objects.filter(pk=ev.pk).update(reason=ev.reason, prev_hash=ev.prev_hash, hash=ev.hash)
        prev = ev.hash
