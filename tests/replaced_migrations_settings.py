"""The settings of an installation migrated as the releases before the squash migrated it: with the
migrations the squashed ones replace, and only those (tests/integration/foundation/test_squashed_migrations.py).

Each squashed app's ``MIGRATION_MODULES`` is a copy of its replaced migration files alone, in the
package ``replaced_migrations.<app>`` of the folder the test puts first on PYTHONPATH; the apps
not squashed keep their own migrations. Goes with the replaced files when a later release deletes
them (docs/operations.md, "Migrations: the squash").
"""

from tests.installation_settings import *  # noqa: F403

SQUASHED_APPS = ("tenancy", "planning", "audit", "jobs", "reporting", "portal")

MIGRATION_MODULES = {app: f"replaced_migrations.{app}" for app in SQUASHED_APPS}
