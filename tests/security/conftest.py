"""Security tests: hostile requests against the ``world`` fixture (tests/conftest.py) and the
portal's data (tests/portal/data.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def crawl_objects(world):
    from tests.portal.data import build_crawl_objects, build_public_data

    return build_crawl_objects(world, build_public_data(world))
