import sys
from pathlib import Path

import pytest

from theodoi.demo import units as demo_units

# the bad-input catalogue and document builders are shared with the extraction unit tests
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "extraction"))


@pytest.fixture
def lai_chau(db):
    """The demo's real unit tree (national layer, 34 provinces, Lai Châu with history)."""
    return demo_units.load_all()
