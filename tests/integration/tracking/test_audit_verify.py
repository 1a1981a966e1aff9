"""`theodoi audit verify` catches each kind of tampering, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.samples import tiny_xlsx
from theodoi.audit.models import AuditEvent
from theodoi.audit.verify import verify
from theodoi.planning.models import Measurement, ProgressUpdate, Task
from theodoi.planning.services import evidence, review, tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(world, sent, audited):
    """A few audited changes: two submits, an approval, a task edit, an evidence file."""
    review.approve(world.leader, sent.update)
    tasks.update_task(user=world.admin, task=world.task, fields={"outputs": "Kho hồ sơ số"})
    evidence.attach_evidence(user=world.officer, measurement=sent.figure,
                             file=SimpleUploadedFile("so-lieu.xlsx", tiny_xlsx()))
    assert verify().ok
    return sent


def first_problem() -> str:
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1
    return str(exc.value)


def test_intact_trail_exits_zero(trail, capsys):
    call_command("audit", "verify")
    assert "toàn vẹn" in capsys.readouterr().out


PROVINCE = "lai-chau"  # the chain of world's province: its plan, its units' updates and figures


@pytest.mark.parametrize("chain", [PROVINCE, ""])
def test_edited_record_is_caught(trail, chain):
    # a queryset update bypasses the model guard
    AuditEvent.objects.filter(chain=chain, seq=2).update(reason="sửa lén")
    msg = first_problem()
    assert "#2" in msg and "bị sửa" in msg and (f"chuỗi {chain}" in msg) == bool(chain)


@pytest.mark.parametrize("chain", [PROVINCE, ""])
def test_deleted_record_is_caught(trail, chain):
    AuditEvent.objects.filter(chain=chain, seq=3).delete()
    msg = first_problem()
    assert "#4" in msg and "thiếu bản ghi #3" in msg


@pytest.mark.parametrize("chain", [PROVINCE, ""])
def test_reordered_records_are_caught(trail, chain):
    a, b = AuditEvent.objects.get(chain=chain, seq=2), AuditEvent.objects.get(chain=chain, seq=3)
    AuditEvent.objects.filter(pk=a.pk).update(seq=-1)
    AuditEvent.objects.filter(pk=b.pk).update(seq=2)
    AuditEvent.objects.filter(pk=a.pk).update(seq=3)
    assert "#2" in first_problem()


def test_model_refuses_edits_and_deletes(trail):
    from theodoi.audit.models import AppendOnlyError

    ev = AuditEvent.objects.first()
    with pytest.raises(AppendOnlyError):
        ev.save()
    with pytest.raises(AppendOnlyError):
        ev.delete()


@pytest.mark.parametrize("tamper", ["update_percent", "task_title", "figure_numerator", "update_deleted",
                                    "figure_deleted", "evidence_hash"])
def test_rows_changed_behind_the_applications_back(world, trail, tamper):
    if tamper == "update_percent":
        ProgressUpdate.objects.filter(pk=trail.update.pk).update(percent=99)
    elif tamper == "task_title":
        Task.objects.filter(pk=world.task.pk).update(title="Nhiệm vụ khác")
    elif tamper == "figure_numerator":
        Measurement.objects.filter(pk=trail.figure.pk).update(numerator=1000)
    elif tamper == "update_deleted":
        ProgressUpdate.objects.filter(pk=trail.update.pk).delete()
    elif tamper == "figure_deleted":
        Measurement.objects.filter(pk=trail.figure.pk).delete()
    else:
        from theodoi.planning.models import Evidence

        Evidence.objects.update(sha256="0" * 64)
    report = verify()
    assert not report.ok
    msg = first_problem()
    assert "ngoài ứng dụng" in msg
    last = AuditEvent.objects.filter(object_id=str(report.first.object_id),
                                     object_type=report.first.object_type).order_by("-id").first()
    assert f"#{last.seq}" in msg  # names the last record of the tampered row


def test_json_output(trail, capsys):
    import json

    ProgressUpdate.objects.filter(pk=trail.update.pk).update(work_done="khác")
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["problems"][0]["object_type"] == "planning.progressupdate"
