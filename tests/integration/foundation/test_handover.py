"""Open tasks of an abolished unit go to a successor; its plans stay its own."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from theodoi.audit.models import AuditEvent
from theodoi.planning.models import DocType, Document, Task
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.tenancy.services import hand_over_open_tasks


@pytest.fixture
def merged(db):
    p = Unit.objects.create(slug="p", name="Tỉnh P", kind=UnitKind.PROVINCE)
    old = Unit.objects.create(slug="h", name="Huyện ủy H", kind=UnitKind.PARTY, parent=p,
                              valid_to=dt.date(2025, 6, 30))
    new = Unit.objects.create(slug="x", name="Đảng ủy xã X", kind=UnitKind.PARTY, parent=p)
    stranger = Unit.objects.create(slug="y", name="Đảng ủy xã Y", kind=UnitKind.PARTY, parent=p)
    old.successors.add(new)
    plan = Document.objects.create(doc_type=DocType.KE_HOACH, issuer=old, title="Kế hoạch cũ")
    open_task = Task.objects.create(document=plan, title="Đang làm", lead_unit=old)
    done = Task.objects.create(document=plan, title="Đã xong", lead_unit=old, completed_on=dt.date(2025, 5, 1))
    return old, new, stranger, plan, open_task, done


def test_open_tasks_move_and_the_plan_stays(merged):
    old, new, _, plan, open_task, done = merged
    assert hand_over_open_tasks(old, new) == 1
    open_task.refresh_from_db()
    done.refresh_from_db()
    plan.refresh_from_db()
    assert open_task.lead_unit == new and done.lead_unit == old and plan.issuer == old
    event = AuditEvent.objects.get(action="hand_over")
    assert event.before["lead_unit_id"] == old.pk and event.after["lead_unit_id"] == new.pk


def test_only_to_a_successor(merged):
    old, _, stranger, *_ = merged
    with pytest.raises(ValidationError):
        hand_over_open_tasks(old, stranger)


def test_the_handover_command(merged):
    import io

    from django.core.management import CommandError, call_command

    old, new, stranger, _, open_task, _ = merged
    with pytest.raises(CommandError, match="không phải đơn vị kế thừa"):
        call_command("handover", "--from", "h", "--to", "y")
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("handover", "--from", "khong-co")
    out = io.StringIO()
    call_command("handover", "--from", "h", "--reason", "Sáp nhập", stdout=out)  # the only successor
    assert "Đã giao 1 nhiệm vụ" in out.getvalue()
    open_task.refresh_from_db()
    assert open_task.lead_unit == new
    assert AuditEvent.objects.get(action="hand_over").reason == "Sáp nhập"
    old.successors.add(stranger)
    with pytest.raises(CommandError, match="2 đơn vị kế thừa"):
        call_command("handover", "--from", "h")
