"""Approving from the page with a stale version: the leader is told what changed, nothing is approved."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from theodoi.planning.models import ProgressUpdate, ReviewState

pytestmark = pytest.mark.django_db


def test_a_stale_approval_is_refused_with_the_services_message(login, world, progress):
    upd = progress.update
    stale = upd.version
    ProgressUpdate.objects.filter(pk=upd.pk).update(version=stale + 1, percent=55)  # someone saved meanwhile
    client = login(world.leader)
    resp = client.post(f"/review/update/{upd.uid}/approve/", {"version": str(stale)})
    assert resp.status_code == 302
    texts = [str(m) for m in get_messages(resp.wsgi_request)]
    assert any("Người khác vừa thay đổi" in t and "55" in t for t in texts), texts
    upd.refresh_from_db()
    assert upd.state == ReviewState.SUBMITTED
