"""Every write of accounts, roles, tokens, answers and report states goes through an audited service,
and ``audit verify`` names each row changed behind the application's back (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from theodoi.audit.models import AuditEvent
from theodoi.audit.services import history
from theodoi.audit.verify import verify
from theodoi.planning.models import Task
from theodoi.portal.models import ApiToken, Feedback
from theodoi.portal.tokens import issue_token, revoke_token
from theodoi.reporting.models import Report, ReportState
from theodoi.tenancy import services as accounts
from theodoi.tenancy.models import Membership, Role, User

pytestmark = pytest.mark.django_db


def verify_fails_naming(otype: str, oid: object) -> str:
    """``theodoi audit verify`` exits 1 and its message names the row."""
    report = verify()
    assert not report.ok
    assert any(p.object_type == otype and p.object_id == str(oid) for p in report.problems), report.problems
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=out)
    assert exc.value.returncode == 1
    assert f"{otype}:{oid}" in out.getvalue() + str(exc.value)
    return out.getvalue()


def test_createadmin_goes_through_the_service_and_is_recorded(db):
    out = io.StringIO()
    call_command("createadmin", "--username", "quantri", "--generate", stdout=out)
    user = User.objects.get(username="quantri")
    assert user.is_superuser and user.has_usable_password()
    ev = history(user).get()
    assert ev.action == "create" and ev.after["is_superuser"] is True and ev.actor_name == "dòng lệnh"
    assert "password" not in ev.after and user.password not in str(ev.after)
    assert verify().ok
    with pytest.raises(CommandError, match="đã tồn tại"):
        call_command("createadmin", "--username", "quantri", "--generate", stdout=io.StringIO())


def test_tokens_issued_and_revoked_through_the_command_are_recorded(audited):
    out = io.StringIO()
    call_command("apitoken", "create", audited.officer.username, "--name", "một cửa", stdout=out)
    row = ApiToken.objects.get(name="một cửa")
    plain = out.getvalue().strip().splitlines()[-1]
    assert plain not in str(list(AuditEvent.objects.values_list("after", flat=True)))
    call_command("apitoken", "revoke", str(row.uid), stdout=io.StringIO())
    assert [e.action for e in history(row)] == ["issue_token", "revoke_token"]
    assert history(row).last().after["revoked_at"]
    assert revoke_token(row.uid) is None  # revoked already: nothing written
    assert verify().ok


def test_membership_changes_are_recorded(audited):
    w = audited
    m = accounts.add_membership(w.nobody, w.xa_a, Role.OFFICER, title="Cán bộ", actor=w.superuser)
    m = accounts.change_membership(m, role=Role.ADMIN, actor=w.superuser, reason="Giao văn phòng")
    ev = history(m).last()
    assert (ev.before["role"], ev.after["role"], ev.actor_id) == (Role.OFFICER, Role.ADMIN, w.superuser.pk)
    accounts.remove_membership(m, actor=w.superuser)
    assert history(m).last().action == "delete"
    assert verify().ok


def test_membership_raised_from_officer_to_admin_is_caught(audited):
    m = Membership.objects.get(user=audited.officer, role=Role.OFFICER)
    Membership.objects.filter(pk=m.pk).update(role=Role.ADMIN)
    assert "role" in verify_fails_naming("tenancy.membership", m.pk)


def test_account_made_superuser_is_caught(audited):
    User.objects.filter(pk=audited.outsider.pk).update(is_superuser=True, is_staff=True)
    assert "is_superuser" in verify_fails_naming("tenancy.user", audited.outsider.pk)


def test_membership_written_outside_the_services_is_caught(audited):
    m = Membership.objects.create(user=audited.outsider, unit=audited.xa_a, role=Role.ADMIN)
    assert "không có bản ghi tạo" in verify_fails_naming("tenancy.membership", m.pk)


def test_rewritten_published_answer_is_caught(audited):
    from theodoi.portal.services import answer_feedback, submit_feedback

    w = audited
    from theodoi.planning.models import Document

    Document.objects.filter(pk=w.plan.pk).update(is_public=True)  # a public plan (recorded below)
    from theodoi.audit.services import record_if_changed

    record_if_changed("update", Document.objects.get(pk=w.plan.pk))
    fb = submit_feedback(document=w.plan, task=None, kind="cau_hoi", name="Trần Văn Bình", organisation="",
                         contact="", body="Khi nào có wifi ở nhà văn hóa?")
    answer_feedback(user=w.admin, feedback=fb, answer="Quý III/2026.")
    assert verify().ok
    Feedback.objects.filter(pk=fb.pk).update(answer="Không bao giờ.")
    assert "answer" in verify_fails_naming("portal.feedback", fb.pk)


def test_report_set_to_accepted_is_caught(audited):
    from theodoi.reporting import services as reports

    report = reports.open_report(audited.xa_a, "monthly", "2026-05", audited.admin)
    assert verify().ok
    Report.objects.filter(pk=report.pk).update(state=ReportState.ACCEPTED, submitted_at=timezone.now())
    assert "state" in verify_fails_naming("reporting.report", report.pk)


def test_a_row_with_no_record_at_all_is_caught(audited):
    task = Task.objects.create(document=audited.plan, code="X", title="Nhiệm vụ ghi thẳng vào cơ sở dữ liệu",
                               due_date=dt.date(2026, 12, 31))
    assert "không có bản ghi tạo" in verify_fails_naming("planning.task", task.pk)


def test_a_token_created_behind_the_applications_back_is_caught(audited):
    issue_token(audited.officer, "hợp lệ")
    row = ApiToken.objects.create(user=audited.superuser, name="cửa hậu", hint="tdk_xxxxxx", digest="f" * 64)
    verify_fails_naming("portal.apitoken", row.pk)


def test_baseline_records_only_rows_without_a_record(world):
    from theodoi.audit.services import record_baseline

    assert not verify().ok  # the fixture wrote its rows directly
    counts = record_baseline("Nâng cấp")
    assert counts["tenancy.user"] == User.objects.count() and counts["planning.task"] == 2
    assert verify().ok
    assert sum(record_baseline("lần hai").values()) == 0
