"""A request's first reads, written out (``theodoi.storage.written``), are the ORM's objects.

The API token with its user, the user's memberships with their units and the units' parents, and
the task a sent update names with its plan (without its text), the plan's issuer and its lead unit:
each compared field by field with the ORM query it replaces (docs/scale.md, "Deadline-day writes,
third pass"), for every case its rule distinguishes, on both engines."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from theodoi.planning.models import Document, Task
from theodoi.planning.selectors import lists
from theodoi.portal.models import ApiToken, token_digest
from theodoi.portal.tokens import issue_token, revoke_token
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db


def _fields(obj):
    deferred = obj.get_deferred_fields()
    return ({f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in deferred},
            deferred)


def _same(a, b, *relations):
    """``a`` and ``b`` hold the same values, and so do their loaded relations (dotted paths; None alike)."""
    assert _fields(a) == _fields(b)
    for path in relations:
        x, y = a, b
        for name in path.split("."):
            assert type(x)._meta.get_field(name).is_cached(x), (path, name)  # loaded: no query to follow it
            x, y = getattr(x, name), getattr(y, name)
            if x is None or y is None:
                assert x is None and y is None, path
                break
        else:
            assert _fields(x) == _fields(y), path


def test_the_token_read_is_the_active_tokens_with_its_user(world):
    now = timezone.now()
    cases = {
        "active": issue_token(world.officer, "a")[1],
        "expiring later": issue_token(world.officer, "b", now + dt.timedelta(days=3))[1],
        "expired": issue_token(world.officer, "c", now - dt.timedelta(minutes=1))[1],
        "revoked": issue_token(world.leader, "d")[1],
        "inactive user": issue_token(world.reader, "e")[1],
    }
    revoke_token(ApiToken.lookup(cases["revoked"]).uid)
    type(world.reader).objects.filter(pk=world.reader.pk).update(is_active=False)
    for case, plain in cases.items():
        orm = ApiToken.objects.active().select_related("user").filter(digest=token_digest(plain)).first()
        mine = ApiToken.lookup(plain)
        assert (mine is None) == (orm is None) == (case in ("expired", "revoked", "inactive user")), case
        if mine is not None:
            _same(mine, orm, "user")
    assert ApiToken.lookup(ApiToken.PREFIX + "x" * 40) is None and ApiToken.lookup("") is None


def test_the_memberships_read_are_the_orms_in_their_order(world):
    Membership.objects.get_or_create(user=world.officer, unit=world.lai_chau, role=Role.READER)  # higher up
    root = Unit.objects.filter(parent__isnull=True).first()
    Membership.objects.get_or_create(user=world.officer, unit=root, role=Role.LEADER)  # a unit without a parent
    for user in (world.officer, world.leader, world.reader, world.outsider):
        user = type(user).objects.get(pk=user.pk)  # nothing read yet
        orm = list(Membership.objects.filter(user=user).select_related("unit", "unit__parent"))
        mine = permissions._memberships(user)
        assert [m.pk for m in mine] == [m.pk for m in orm], user
        for a, b in zip(mine, orm, strict=True):
            _same(a, b, "unit.parent")
    assert len(permissions._memberships(type(world.officer).objects.get(pk=world.officer.pk))) >= 3


def test_the_reported_task_read_is_the_orms(world):
    Task.objects.create(document=world.plan, code="Z", title="Chưa có đơn vị chủ trì")  # no lead unit
    stub = Document.objects.create(doc_type=world.plan.doc_type, number="99/KH-X", title="Không rõ nơi ban hành",
                                   issuer=None)
    Task.objects.create(document=stub, code="Y", title="Kế hoạch không có cơ quan ban hành", lead_unit=world.vhxh)
    tasks = list(Task.objects.order_by("pk"))
    assert any(t.lead_unit_id is None for t in tasks) and any(t.document.issuer_id is None for t in tasks)
    for t in tasks:
        mine = lists.reported_task(t.uid)
        _same(mine, lists.reported_task_qs().get(uid=t.uid), "document.issuer", "lead_unit")
        assert {"source_text", "extraction"} <= mine.document.get_deferred_fields()  # never the plan's text
    assert lists.reported_task(uuid.uuid4()) is None
