"""Public-portal fixtures: approved and unapproved progress, private and confidential items."""

from __future__ import annotations

import pytest

from tests.portal.data import build_public_data


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The feedback rate limit lives in the cache: start every test with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public(world):
    return build_public_data(world)
