"""Permission rules added or tightened for the portal's half of issue #5."""

from __future__ import annotations

import pytest

from theodoi.portal.models import Feedback
from theodoi.tenancy.permissions import can, restrict

pytestmark = pytest.mark.django_db


def test_feedback_rule(world, public):
    fb = public.new_fb
    assert can(world.admin, "manage", fb) and can(world.admin, "view", fb)
    assert can(world.reader, "view", fb) and not can(world.reader, "manage", fb)
    for persona in ("officer", "leader", "officer_b", "outsider", "nobody"):
        assert not can(getattr(world, persona), "view", fb), persona
    assert can(world.superuser, "manage", fb)
    assert restrict(Feedback.objects.all(), None, "view").count() == 0


def test_confidential_target_figures_only_inside_the_issuers_subtree(world, public):
    """Entering a figure shows the target: a confidential one is off limits to whoever may not read it."""
    secret = public.secret_target
    assert not can(world.officer, "view", secret)
    assert not can(world.officer, "report", secret)
    assert can(world.officer, "report", world.target)  # an ordinary target of a readable plan
    assert can(world.admin, "report", secret)
