"""The Party bodies above many senders are found once per level (``lines._party_superior``'s
``found``): the lines are those found unit by unit, and a province committee's inbox asks a few
queries, not a few per sender."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.demo_snapshot import demo_of

TODAY = dt.date(2026, 11, 22)  # the golden reports' day: the session's demo of it is shared
KINDS = [("monthly", "2026-11"), ("quarterly", "2026-Q3"), ("annual", "2026")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        demo_of(tmp_path_factory, TODAY)
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.mark.django_db
def test_the_lines_found_once_per_level_are_the_lines_found_unit_by_unit(demo):
    from theodoi.reporting import lines, periods
    from theodoi.tenancy.models import Unit, UnitKind

    party = list(Unit.objects.filter(kind=UnitKind.PARTY).select_related("parent").order_by("path"))
    assert len(party) > 3
    for kind, key in KINDS:
        period = periods.parse(kind, key)
        duties, found = lines.duties_of(kind), {}
        shared = [lines.line_of(u, kind, period, duties, found=found) for u in party]
        alone = [lines.line_of(u, kind, period) for u in party]
        assert shared == alone
        # some report to a Party body above their own level (a commune's cell to the province's committee)
        assert any(line.recipient is not None and line.recipient.kind == UnitKind.PARTY
                   and line.recipient.pk != (u.parent_id or 0) for u, line in zip(party, alone, strict=True))


@pytest.mark.django_db
def test_a_province_committee_inbox_asks_each_level_once(demo, monkeypatch):
    from django.utils import timezone

    from theodoi.reporting import lines, periods, received
    from theodoi.tenancy.models import Unit

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    committee = Unit.objects.get(slug="lai-chau-tinh-uy")
    period = periods.parse("monthly", "2026-11")
    senders = lines.senders(committee, "monthly", period)
    assert len(senders) > 10
    with CaptureQueriesContext(connection) as asked:
        inbox = received.received(committee, "monthly", period)
    assert [r.unit for r in inbox] == received.report_senders(committee, "monthly", period)
    # the duties, the units, the reports, the submissions and one query per level above: not one per sender
    assert len(asked) < len(senders)
