"""Tracking services: the only writers of updates, figures, reviews, tasks and evidence.

Every public function opens its own transaction, checks permissions through
``tenancy.permissions``, refuses stale versions with :class:`errors.ConflictError`
and records an audit event (``audit.services.record``) in the same transaction.
"""
