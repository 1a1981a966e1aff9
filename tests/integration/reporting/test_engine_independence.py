"""A report must not depend on the database engine, nor on what the database held before.

The demo's reports once differed on PostgreSQL: the demo varied its history by task id
(``pk % 4``), and reports ordered rows by ``Unit.path``, a text of ids ("/1/10/" sorts before
"/1/9/"). PostgreSQL never hands out a sequence value twice — not even after a rolled-back
test — so there every id was larger than on SQLite and the texts changed. These tests start
the ids where their text order breaks, on either engine, and ask for the same texts.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.integration.reporting.test_golden import CASES, GOLDEN, ISSUED, TODAY, docx_text


def start_ids_at(first: int) -> None:
    """Make the next id of every table ``first`` (on SQLite and PostgreSQL alike)."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as c:
        for model in apps.get_models(include_auto_created=True):
            pk = model._meta.pk
            if pk is None or not pk.get_internal_type().endswith("AutoField"):
                continue
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                c.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)", [table, pk.column, first])
            else:
                c.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                c.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first - 1])


@pytest.fixture(scope="module")
def demo_with_large_ids(django_db_setup, django_db_blocker):
    """The demo loaded with every id starting at 9 990: units, tasks and plans cross 9 999 → 10 000."""
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)
        start_ids_at(9_990)
        call_command("demo", "--today", TODAY.isoformat(), stdout=io.StringIO())
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.mark.django_db
def test_the_demo_reports_do_not_depend_on_ids(demo_with_large_ids):
    """Every reviewed report text comes out the same when the ids are five digits long (the
    golden test loads the demo with small ids)."""
    from theodoi.reporting import services
    from theodoi.tenancy.models import Unit

    assert Unit.objects.order_by("pk").first().pk >= 9_990
    differ = []
    for slug, kind, key in CASES:
        report = services.open_report(Unit.objects.get(slug=slug), kind, key)
        text = docx_text(services.render(report, "docx", ISSUED))
        if text != (GOLDEN / f"{slug}-{kind}.docx.txt").read_text(encoding="utf-8"):
            differ.append(f"{slug}-{kind}")
    assert differ == []


@pytest.mark.django_db
def test_rows_follow_the_tree_not_the_ids():
    """Two communes whose ids text-sort against their names ("/…/10/" before "/…/9/"): the
    province's report lists their tasks and targets by the communes' names, and its plans and
    senders likewise."""
    from theodoi.planning.models import DocStatus, DocType, Document, Target, Task
    from theodoi.reporting import data, lines, periods
    from theodoi.tenancy.models import Unit, UnitKind

    # ids 10^d - 2, 10^d - 1 and 10^d, above any id the database holds (SQLite never goes below its largest)
    largest = max(Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0, 8)
    start_ids_at(10 ** len(str(largest + 2)) - 2)
    province = Unit.objects.create(slug="tinh-x", name="Tỉnh X", kind=UnitKind.PROVINCE)  # e.g. id 98
    an = Unit.objects.create(slug="xa-an", name="Xã An", kind=UnitKind.COMMUNE, parent=province)  # 99
    ba = Unit.objects.create(slug="xa-ba", name="Xã Ba", kind=UnitKind.COMMUNE, parent=province)  # 100
    assert ba.path < an.path  # the text of ids puts Ba first; the tree order puts An first
    for unit in (ba, an):  # Ba's plan imported first, too
        doc = Document.objects.create(doc_type=DocType.KE_HOACH, number=f"1/KH-{unit.slug}", issuer=unit,
                                      issuer_name=unit.name, title=f"Kế hoạch của {unit.name}",
                                      period_start=2026, period_end=2026, status=DocStatus.ACTIVE,
                                      issued_date=dt.date(2026, 1, 5))
        Task.objects.create(document=doc, code="1", title=f"Nhiệm vụ của {unit.name}", lead_unit=unit,
                            due_date=dt.date(2026, 12, 31))
        Target.objects.create(document=doc, text=f"Chỉ tiêu của {unit.name} đạt 90%.", comparator=">=",
                              value=Decimal(90), unit_of_measure="%", deadline_year=2026, responsible_unit=unit)
    period = periods.parse("annual", "2026")
    snapshot = data.gather(province, "annual", period)
    assert [t["title"] for g in snapshot["task_groups"] for t in g["tasks"]] == [
        "Nhiệm vụ của Xã An", "Nhiệm vụ của Xã Ba"]
    assert [r["text"] for r in snapshot["targets"]] == ["Chỉ tiêu của Xã An đạt 90%.", "Chỉ tiêu của Xã Ba đạt 90%."]
    assert [p["issuer"] for p in snapshot["plans"]] == ["Xã An", "Xã Ba"]
    assert [u.slug for u in lines.senders(province, "annual", period)] == ["xa-an", "xa-ba"]
    assert [u.slug for u in lines.scope_of(province, "annual", period).members] == ["xa-an", "xa-ba"]
