import pytest

from theodoi.demo import units as demo_units


@pytest.fixture
def lai_chau(db):
    """The demo's real unit tree (national layer, 34 provinces, Lai Châu with history)."""
    return demo_units.load_all()
