"""Report pages: sign-in and permissions on every page, editing, downloads, actions, escaping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from theodoi.reporting import services
from theodoi.reporting.models import ReportState


@pytest.fixture
def report(rworld):
    return services.open_report(rworld.xa_a, "monthly", "2026-05", rworld.admin)


def test_pages_need_sign_in(client, report):
    for url in (reverse("reporting:index"), reverse("reporting:unit", args=["xa-a"]),
                reverse("reporting:detail", args=[report.uid]),
                reverse("reporting:download", args=[report.uid, "pdf"])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_outsider_is_refused(client, rworld, report):
    client.force_login(rworld.outsider)
    assert client.get(reverse("reporting:detail", args=[report.uid])).status_code == 403
    assert client.get(reverse("reporting:download", args=[report.uid, "docx"])).status_code == 403
    assert client.get(reverse("reporting:unit", args=["xa-a"])).status_code == 403


def test_officer_edits_narrative_and_downloads(client, rworld, report):
    client.force_login(rworld.admin)
    page = client.get(reverse("reporting:detail", args=[report.uid]))
    assert page.status_code == 200 and "50% (10/20)" in page.content.decode()
    data = {"version": report.version, "intro": "<script>alert(1)</script> Mở đầu", "limits": "Mạng yếu",
            "signer_name": "Lò Văn Thắng", "signer_title": "Chủ tịch", "sign_mode": "TM"}
    assert client.post(reverse("reporting:detail", args=[report.uid]), data).status_code == 302
    page = client.get(reverse("reporting:detail", args=[report.uid])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    response = client.get(reverse("reporting:download", args=[report.uid, "docx"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('du-thao.docx"')


def test_sign_send_and_parent_sees_it(client, certified):
    w = certified
    report = services.open_report(w.xa_a, "monthly", "2026-05", w.admin)
    client.force_login(w.admin)  # an administrator may not sign
    client.post(reverse("reporting:action", args=[report.uid, "finalise"]))
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    client.force_login(w.leader_xa)
    client.post(reverse("reporting:action", args=[report.uid, "finalise"]), {"confirm": "yes"})
    client.post(reverse("reporting:action", args=[report.uid, "submit"]))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    client.force_login(w.leader_tinh)
    page = client.get(reverse("reporting:unit", args=["lai-chau"]) + "?kind=monthly&period=2026-05").content.decode()
    assert "Xã An Bình" in page and "Xã Bình Yên" in page and "Chưa gửi" in page
    client.post(reverse("reporting:action", args=[report.uid, "return"]), {"reason": "Thiếu số liệu"})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.returned_reason == "Thiếu số liệu"
    page = client.get(reverse("reporting:unit", args=["lai-chau"]) + "?kind=monthly&period=2026-05").content.decode()
    assert "3 đơn vị: 0 đã gửi đúng hạn, 0 gửi muộn, 1 bị trả lại, 2 chưa gửi." in page and "Thiếu số liệu" in page
    detail = client.get(reverse("reporting:detail", args=[report.uid])).content.decode()
    assert "Báo cáo tháng 5 năm 2026</h1>" in detail and "Đã gửi lần trước lúc" in detail


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_every_download_of_a_report_with_items(client, rworld, report, fmt):
    """Each report file, drafted from figures and tasks, downloads and opens."""
    import io

    client.force_login(rworld.admin)
    response = client.get(reverse("reporting:download", args=[report.uid, fmt]))
    assert response.status_code == 200
    content = response.content
    if fmt == "pdf":
        from pypdf import PdfReader

        assert "Tỷ lệ số hóa hồ sơ" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        cells = [c for ws in load_workbook(io.BytesIO(content)).worksheets
                 for row in ws.iter_rows(values_only=True) for c in row if c]
        assert "Số hóa hồ sơ thủ tục hành chính" in cells
    else:
        from docx import Document

        doc = Document(io.BytesIO(content))
        texts = [c.text for t in doc.tables for r in t.rows for c in r.cells] + [p.text for p in doc.paragraphs]
        assert any("Tỷ lệ số hóa hồ sơ" in t for t in texts)


def test_signing_takes_a_preview_and_an_explicit_confirmation(client, certified):
    """No one-tap signing: the sign button opens the whole report with its warnings; only a confirmed
    form signs, and an empty report needs a second confirmation."""
    from theodoi.reporting import selectors

    w = certified
    report = services.open_report(w.xa_a, "monthly", "2026-05", w.admin)
    client.force_login(w.leader_xa)
    detail = client.get(reverse("reporting:detail", args=[report.uid])).content.decode()
    assert reverse("reporting:confirm_sign", args=[report.uid]) in detail and "DỰ THẢO" in detail
    page = client.get(reverse("reporting:confirm_sign", args=[report.uid])).content.decode()
    assert "Xem lại trước khi ký số" in page and 'name="confirm"' in page and "Nơi nhận" in page
    assert 'name="confirm_empty"' not in page  # it has targets and tasks
    response = client.post(reverse("reporting:action", args=[report.uid, "finalise"]))
    assert response.url == reverse("reporting:confirm_sign", args=[report.uid])
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    client.post(reverse("reporting:action", args=[report.uid, "finalise"]), {"confirm": "yes"})
    report.refresh_from_db()
    assert report.state == ReportState.FINAL
    # an empty report: warned, and refused without the second confirmation
    from theodoi.reporting.certificates import install_test_certificate

    install_test_certificate(w.xa_c)
    from theodoi.tenancy.models import Membership, Role

    Membership.objects.create(user=w.leader_xa, unit=w.xa_c, role=Role.LEADER, title="Chủ tịch")
    empty = services.open_report(w.xa_c, "monthly", "2026-05", w.leader_xa)
    check = selectors.before_signing(empty, services.current_data(empty))
    assert check["empty"] and any("không có chỉ tiêu và nhiệm vụ" in x for x in check["warnings"])
    page = client.get(reverse("reporting:confirm_sign", args=[empty.uid])).content.decode()
    assert 'name="confirm_empty"' in page
    client.post(reverse("reporting:action", args=[empty.uid, "finalise"]), {"confirm": "yes"})
    empty.refresh_from_db()
    assert empty.state == ReportState.DRAFT
    client.post(reverse("reporting:action", args=[empty.uid, "finalise"]), {"confirm": "yes", "confirm_empty": "yes"})
    empty.refresh_from_db()
    assert empty.state == ReportState.FINAL


def test_a_draft_is_marked_and_the_signed_file_is_not(client, certified):
    import io

    from docx import Document
    from pypdf import PdfReader

    w = certified
    report = services.open_report(w.xa_a, "monthly", "2026-05", w.admin)
    client.force_login(w.leader_xa)
    pdf = client.get(reverse("reporting:download", args=[report.uid, "pdf"])).content
    assert all("DỰ THẢO" in (p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    docx = Document(io.BytesIO(client.get(reverse("reporting:download", args=[report.uid, "docx"])).content))
    assert any("DỰ THẢO" in p.text for s in docx.sections for h in (s.header, s.first_page_header)
               for p in h.paragraphs)
    services.finalise(report, w.leader_xa)
    report.refresh_from_db()
    signed = PdfReader(io.BytesIO(services.render(report, "pdf")))
    assert not any("DỰ THẢO" in (p.extract_text() or "") for p in signed.pages)
    docx = Document(io.BytesIO(services.render(report, "docx")))
    assert not any("DỰ THẢO" in p.text for s in docx.sections for h in (s.header, s.first_page_header)
                   for p in h.paragraphs)
