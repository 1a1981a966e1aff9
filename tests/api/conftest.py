"""API fixtures: the portal test data and a bearer token per persona."""

from __future__ import annotations

import pytest

from tests.portal.data import build_public_data


@pytest.fixture
def public(world):
    return build_public_data(world)


@pytest.fixture
def bearer(world):
    """``bearer(user)`` → headers carrying a fresh personal token of ``user``."""
    from theodoi.portal.tokens import issue_token

    def _bearer(user):
        _, plain = issue_token(user, "kiểm thử")
        return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}

    return _bearer
