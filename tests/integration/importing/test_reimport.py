"""Re-importing a plan keeps people's work: hand-set values stay, contradictions are the office's choice,
items gone from the document are marked, an unchanged file is stored once, and the trail says what changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from theodoi.audit.models import AuditEvent
from theodoi.audit.verify import verify
from theodoi.demo.data import seed_files
from theodoi.planning.importing.service import import_plan, reimport_conflicts
from theodoi.planning.models import DocStatus, Target, Task
from theodoi.planning.selectors.assignable import plan_units
from theodoi.planning.services.handset import mark_hand_set
from theodoi.planning.services.tasks import update_task
from theodoi.tenancy.models import User

SKIP = {"updated_at", "version"}


def _seed(prefix: str) -> Path:
    return next(p for p in seed_files() if p.name.startswith(prefix))


def _picture() -> dict:
    """Every field of every task and target of the imported plans (the many-to-many ones too)."""
    out = {}
    for model in (Task, Target):
        for row in model.objects.exclude(document__status=DocStatus.STUB).order_by("pk"):
            values = {f.attname: f.value_from_object(row) for f in model._meta.concrete_fields
                      if f.name not in SKIP}
            for m2m in model._meta.many_to_many:
                values[m2m.name] = sorted(getattr(row, m2m.name).values_list("pk", flat=True))
            out[(model.__name__, row.pk)] = values
    return out


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(root.rglob("*")) if root.exists() else []


@pytest.fixture
def office(lai_chau, baseline):
    user = User.objects.create_superuser("vanphong", password="mat-khau-rat-dai-2026")
    baseline()  # written directly by the fixture, as audit verify sees it
    return user


def _hand_edit_everything(user) -> None:
    """What a standing office does after an import, through the services (and one legacy direct write)."""
    for i, task in enumerate(Task.objects.exclude(document__status=DocStatus.STUB).order_by("pk")):
        units = plan_units(task.document)  # the issuer's tree as it exists today
        lead = units.exclude(pk=task.document.issuer_id).first() or units.first()
        if lead is None:  # an abolished issuer (Huyện ủy Tam Đường): its tasks are handed over instead
            continue
        update_task(user=user, task=task, fields={
            "lead_unit": lead, "deadline_text": "Quý IV/2026", "due_date": dt.date(2026, 12, 31),
            "outputs": f"Sản phẩm do văn phòng ghi {i}", "budget_planned": 1_000_000 * (i + 1),
            "title": task.title + " (văn phòng sửa)" if task.code else task.title,
        })
    for target in Target.objects.exclude(document__status=DocStatus.STUB).order_by("pk"):
        target.responsible_unit = target.document.issuer
        target.deadline_year, target.deadline = 2027, dt.date(2027, 6, 30)
        mark_hand_set(target, ["responsible_unit", "deadline_year", "deadline"])
        target.version += 1
        target.save()
    # a value written before hand-set marks existed: it differs from what the document said
    legacy = Task.objects.exclude(document__status=DocStatus.STUB).order_by("pk").last()
    Task.objects.filter(pk=legacy.pk).update(responsibility="Ghi trực tiếp", approving_authority="Chủ tịch UBND")
    Target.objects.filter(pk=Target.objects.filter(value__isnull=False).order_by("pk").first().pk).update(
        value=Decimal("77"))


def test_reimporting_every_seed_after_hand_edits_changes_no_hand_set_value(office):
    for path in seed_files():
        import_plan(path.read_bytes(), path.name)
    _hand_edit_everything(office)
    before, files = _picture(), _files()
    for path in seed_files():
        result = import_plan(path.read_bytes(), path.name)
        assert not result.created and not result.gone
    after = _picture()
    assert after.keys() == before.keys()
    for key, values in before.items():
        # a value written without its mark (the legacy write) gets the mark: nothing else moves
        assert set(after[key].pop("hand_set")) >= set(values.pop("hand_set")), key
        assert after[key] == values, key
    assert _files() == files  # the same bytes: no second copy of any source file


def test_a_corrected_document_updates_what_it_states_and_asks_about_contradictions(office):
    path = _seed("002")
    text = path.read_text(encoding="utf-8")
    doc = import_plan(path.read_bytes(), path.name).document
    items = doc.extraction["tasks"]
    dated = next(i for i in items if i.get("deadline") and i.get("code"))
    undated = next(i for i in items if not i.get("deadline") and i.get("code") and i is not dated)
    hand = doc.tasks.get(code=dated["code"])
    update_task(user=office, task=hand, fields={"deadline_text": "Quý III/2026", "due_date": dt.date(2026, 9, 30)})
    untouched = doc.tasks.get(code=undated["code"])
    target = doc.targets.filter(value__isnull=False).order_by("position").first()
    # the corrected document: a new deadline for the hand-set task, another target value, a task removed
    corrected = dict(doc.extraction)
    corrected["tasks"] = [dict(i, deadline="Tháng 11/2026") if i is dated else i for i in items
                          if i.get("code") != "III.3.1"]
    corrected["targets"] = [dict(t, value=(t["value"] or 0) + 5) if t["text"] == target.text else t
                            for t in doc.extraction["targets"]]
    data = text.replace("III.3.1", "III.3.1 ").encode()
    conflicts = reimport_conflicts(corrected, issuer=doc.issuer, data=data)
    assert [c.key for c in conflicts] == [f"task:{dated['code']}:deadline"]
    assert "Quý III/2026" in conflicts[0].current and "Tháng 11/2026" in conflicts[0].document
    result = import_plan(data, path.name, extraction=corrected)
    hand.refresh_from_db()
    assert (hand.deadline_text, hand.due_date) == ("Quý III/2026", dt.date(2026, 9, 30))
    assert [c.key for c in result.conflicts] == [conflicts[0].key]
    target.refresh_from_db()
    assert target.value == Decimal(str(next(t["value"] for t in corrected["targets"] if t["text"] == target.text)))
    ev = AuditEvent.objects.filter(object_type="planning.target", object_id=str(target.pk)).order_by("-id")[0]
    assert ev.action == "reimport" and ev.before["value"] != ev.after["value"]
    ev = AuditEvent.objects.filter(object_type="planning.task", object_id=str(hand.pk)).order_by("-id")[0]
    assert "giữ giá trị nhập tay" in ev.reason
    gone = Task.objects.get(document=doc, code="III.3.1")
    assert gone.not_in_document_since is not None and result.gone
    untouched.refresh_from_db()
    assert untouched.not_in_document_since is None
    # the office now takes the document's deadline
    result = import_plan(data, path.name, extraction=corrected, accept={conflicts[0].key})
    hand.refresh_from_db()
    assert hand.deadline_text == "Tháng 11/2026" and hand.due_date == dt.date(2026, 11, 30)
    assert "deadline_text" not in hand.hand_set and not result.conflicts
    # the task back in the document loses its mark
    import_plan(path.read_bytes(), path.name)
    gone.refresh_from_db()
    assert gone.not_in_document_since is None
    assert verify().ok


def test_a_document_that_says_nothing_never_blanks_a_hand_set_value(office):
    path = _seed("003")
    doc = import_plan(path.read_bytes(), path.name).document
    task = doc.tasks.filter(deadline_text="").first() or doc.tasks.first()
    update_task(user=office, task=task, fields={"outputs": "Báo cáo chuyên đề", "deadline_text": "Năm 2026",
                                                "due_date": dt.date(2026, 12, 31)})
    silent = dict(doc.extraction)
    silent["tasks"] = [dict(i, deadline=None, outputs=None) for i in doc.extraction["tasks"]]
    import_plan(path.read_bytes(), path.name, extraction=silent)
    task.refresh_from_db()
    assert (task.outputs, task.deadline_text, task.due_date) == ("Báo cáo chuyên đề", "Năm 2026",
                                                                 dt.date(2026, 12, 31))
