import sys
from pathlib import Path

import pytest

from theodoi.demo import units as demo_units

# the bad-input catalogue and document builders are shared with the extraction unit tests
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "extraction"))


@pytest.fixture(scope="module")
def _unit_tree(django_db_setup, django_db_blocker):
    """The demo's unit tree, written once for the module and flushed after it: a few thousand
    queries, seconds a test on PostgreSQL when each test loaded it. Each test changes it only
    inside its own transaction, rolled back after the test."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        tree = demo_units.load_all()
        yield {key: unit.pk for key, unit in tree.items()}
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def lai_chau(db, _unit_tree):
    """The demo's real unit tree (national layer, 34 provinces, Lai Châu with history), as
    ``demo_units.load_all()`` returns it: fresh objects for each test."""
    from theodoi.tenancy.models import Unit

    units = Unit.objects.in_bulk(list(_unit_tree.values()))
    return {key: units[pk] for key, pk in _unit_tree.items()}


@pytest.fixture
def office(lai_chau, client):
    """A client signed in as the administrator of Phong Thổ's standing office (imports plans)."""
    from theodoi.tenancy.models import Membership, Role, Unit, User

    user = User.objects.create_user("vp", password="mat-khau-dai-cho-thu-nghiem")
    Membership.objects.create(user=user, unit=Unit.objects.get(slug="xa-phong-tho"), role=Role.ADMIN)
    client.force_login(user)
    return client
