"""Security tests: hostile requests against the ``world`` fixture (tests/conftest.py) and the
portal's data (tests/portal/data.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings, request):
    """Eight accounts per test: a fast hasher, except in the module that checks the real hashing."""
    if not getattr(request.module, "REAL_HASHERS", False):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def crawl_objects(world):
    from tests.portal.data import build_crawl_objects, build_public_data

    return build_crawl_objects(world, build_public_data(world))
