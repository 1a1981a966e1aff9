"""Aggregation, finalising and signing, sending up, returning, permissions, the command line."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from theodoi.audit.chains import chain_of
from theodoi.audit.models import AuditEvent
from theodoi.reporting import data, periods, services, signing
from theodoi.reporting.models import Report, ReportState

DAY = dt.date(2026, 5, 14)


def _row(snap, text="số hóa"):
    return next(t for t in snap["targets"] if text in t["text"].lower())


def test_province_figure_is_sum_of_numerators_over_sum_of_denominators(rworld):
    snap = data.gather(rworld.lai_chau, "monthly", periods.parse("monthly", "2026-05"))
    row = _row(snap)
    assert (row["numerator"], row["denominator"]) == ("100", "320")
    assert Decimal(row["value"]) == Decimal("31.25")  # 100/320, not (50 % + 30 %) / 2 = 40 %
    assert {b["unit"]: b["value"] for b in row["breakdown"]} == {"Xã An Bình": "50", "Xã Bình Yên": "30"}
    assert row["targets"] == 2  # both communes' targets of the indicator, one row
    parts = row["breakdown"]
    assert sum(Decimal(b["numerator"]) for b in parts) == Decimal(row["numerator"])
    assert sum(Decimal(b["denominator"]) for b in parts) == Decimal(row["denominator"])
    for commune in (rworld.xa_a, rworld.xa_b):  # each commune's own report gives the same parts
        own = _row(data.gather(commune, "monthly", periods.parse("monthly", "2026-05")))
        assert {"numerator": own["numerator"], "denominator": own["denominator"]} in [
            {"numerator": b["numerator"], "denominator": b["denominator"]} for b in parts]
    task = next(r for g in snap["task_groups"] for r in g["tasks"] if r["title"] == "Số hóa hồ sơ thủ tục hành chính")
    assert task["lead"] == "Phòng Văn hóa - Xã hội xã An Bình"  # whose office, in a province's report


def test_past_period_ignores_later_figures(rworld):
    june = data.gather(rworld.xa_b, "monthly", periods.parse("monthly", "2026-06"))
    may = data.gather(rworld.xa_b, "monthly", periods.parse("monthly", "2026-05"))
    assert _row(june)["value"] == "100" and _row(may)["value"] == "30"


def test_finalise_signs_and_verify_detects_tampering(certified):
    w = certified
    report = services.open_report(w.xa_a, "monthly", "2026-05", w.admin)
    report = services.finalise(report, w.leader_xa, now=timezone.make_aware(dt.datetime(2026, 5, 14, 9)))
    assert report.state == ReportState.FINAL and report.number == "1"
    signed = services.render(report, "pdf")
    assert signing.sha256(signed) == report.sha256
    from theodoi.reporting.certificates import trusted

    assert signing.verify_pdf(signed, trusted()).ok
    tampered = signed.replace(b"/Creator", b"/Kreator", 1)
    verdict = signing.verify_pdf(tampered, trusted())
    assert not verdict.ok and "thay đổi" in verdict.reason
    assert not signing.verify_pdf(signed + b"\n%them\n", trusted()).ok
    event = AuditEvent.objects.filter(object_type="reporting.report", action="finalise").get()
    assert report.sha256 in event.reason and event.after["sha256"] == report.sha256
    assert report.data["targets"]  # figures frozen with the signature


def test_frozen_report_keeps_its_figures(certified):
    from theodoi.planning.models import Measurement

    w = certified
    report = services.finalise(services.open_report(w.xa_a, "monthly", "2026-05", w.admin), w.leader_xa)
    Measurement.objects.filter(unit=w.ban, period_key="2026-05").update(numerator=Decimal(20))
    assert _row(services.current_data(report))["value"] == "50"
    with pytest.raises(services.ReportError):
        services.edit(report, w.admin, narrative={"intro": "x"}, version=report.version)


def test_finalise_without_certificate_saves_nothing(rworld):
    report = services.open_report(rworld.xa_a, "monthly", "2026-05", rworld.admin)
    with pytest.raises(signing.SigningError, match="chứng thư số"):
        services.finalise(report, rworld.leader_xa)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.sha256 and report.data is None


def test_edit_narrative_but_not_figures(rworld):
    w = rworld
    report = services.open_report(w.xa_a, "monthly", "2026-05", w.admin)
    report = services.edit(report, w.admin, narrative={"limits": "Mạng internet ở bản còn yếu.", "bogus": "x"},
                           version=report.version)
    assert report.narrative["limits"] == "Mạng internet ở bản còn yếu." and "bogus" not in report.narrative
    with pytest.raises(services.ReportError, match="người khác"):
        services.edit(report, w.admin, narrative={}, version=report.version - 1)
    from docx import Document as read_docx

    text = "\n".join(p.text for p in read_docx(io.BytesIO(services.render(report, "docx", DAY))).paragraphs)
    assert "Mạng internet ở bản còn yếu." in text and "50% (10/20)" in text


def test_permissions(certified):
    w = certified
    with pytest.raises(services.ReportError):
        services.open_report(w.xa_a, "monthly", "2026-05", w.outsider)
    report = services.open_report(w.xa_a, "monthly", "2026-05", w.admin)
    with pytest.raises(services.ReportError, match="lãnh đạo"):
        services.finalise(report, w.officer)  # an officer of an office does not sign the commune's report
    from theodoi.tenancy.permissions import restrict

    assert restrict(Report.objects.all(), w.reader).count() == 1  # the province reads its communes' reports
    assert restrict(Report.objects.all(), w.outsider).count() == 0
    report = services.submit(services.finalise(report, w.leader_xa), w.admin)
    with pytest.raises(services.ReportError):
        services.return_report(report, w.leader_xa, "tự trả lại")  # only the level above returns
    with pytest.raises(services.ReportError):
        services.return_report(report, w.reader, "không phải lãnh đạo")


def test_submit_on_time_late_and_return(certified):
    from theodoi.reporting import selectors

    w = certified
    report = services.finalise(services.open_report(w.xa_a, "monthly", "2026-05", w.admin), w.leader_xa)
    late = timezone.make_aware(dt.datetime(2026, 5, 30, 10))
    report = services.submit(report, w.admin, now=late)
    assert report.state == ReportState.SUBMITTED and report.on_time is False
    rows = selectors.children_status(w.lai_chau, "monthly", "2026-05")
    status = {r["unit"].slug: r for r in rows}
    assert status["xa-a"]["report"].pk == report.pk and status["xa-a"]["on_time"] is False
    assert status["xa-b"]["report"] is None  # not sent
    with pytest.raises(services.ReportError, match="lý do"):
        services.return_report(report, w.leader_tinh, "  ")
    report = services.return_report(report, w.leader_tinh, "Bổ sung số liệu giải ngân")
    assert report.state == ReportState.RETURNED and report.version == 2 and not report.sha256
    report = services.edit(report, w.admin, narrative={"money": "Đã bổ sung."}, version=report.version)
    report = services.submit(services.finalise(report, w.leader_xa), w.admin)
    assert services.accept(report, w.leader_tinh).state == ReportState.ACCEPTED


def test_command_builds_signs_and_verifies(certified, tmp_path, capsys):
    out = tmp_path / "bc.pdf"
    call_command("report", "monthly", "--unit", "xa-a", "--month", "2026-05", "--format", "pdf", "--sign",
                 "-o", str(out))
    call_command("report", "verify", str(out))
    assert "hợp lệ" in capsys.readouterr().out
    bad = tmp_path / "sua.pdf"
    bad.write_bytes(out.read_bytes().replace(b"/Creator", b"/Kreator", 1))
    with pytest.raises(SystemExit) as exc:
        call_command("report", "verify", str(bad))
    assert exc.value.code == 1 and "thay đổi" in capsys.readouterr().out
    for fmt, kind, opt, key in (("docx", "quarterly", "--quarter", "2026-Q2"),
                                ("xlsx", "half-year", "--half", "2026-H1"),
                                ("pdf", "annual", "--year", "2026")):
        target = tmp_path / f"r.{fmt}"
        call_command("report", kind, "--unit", "xa-a", opt, key, "--format", fmt, "-o", str(target))
        assert target.stat().st_size > 1000


def test_command_errors_are_vietnamese(rworld, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("report", "monthly", "--unit", "khong-co", "--month", "2026-05", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="Kỳ"):
        call_command("report", "monthly", "--unit", "xa-a", "--month", "2026-Q2", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="chứng thư số"):
        call_command("report", "monthly", "--unit", "xa-a", "--month", "2026-05", "--format", "pdf", "--sign",
                     "-o", str(tmp_path / "x.pdf"))


def test_command_registers_certificates(rworld, tmp_path, monkeypatch, capsys):
    from theodoi.reporting.models import UnitCertificate

    call_command("report", "certificate", "--unit", "xa-b", "--test")
    assert UnitCertificate.objects.get(unit=rworld.xa_b).fingerprint
    p12 = tmp_path / "xa-a.p12"
    p12.write_bytes(signing.make_test_certificate("UBND xã An Bình", b"bi-mat"))
    monkeypatch.setenv("THEODOI_P12_XA_A", "bi-mat")
    call_command("report", "certificate", "--unit", "xa-a", "--p12", str(p12), "--password-env", "THEODOI_P12_XA_A")
    row = UnitCertificate.objects.get(unit=rworld.xa_a)
    assert row.p12_data is None and row.p12_path == str(p12.resolve())  # the key stays on disk
    report = services.finalise(services.open_report(rworld.xa_a, "monthly", "2026-05"), None)
    assert report.sha256
    assert "Đã đăng ký" in capsys.readouterr().out


def _flip_one_byte(pdf: bytes) -> bytes:
    """``pdf`` with one byte of its page content changed (inside the signed byte range)."""
    at = pdf.index(b"stream", len(pdf) // 4) + 20
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]


def _incremental_update(pdf: bytes) -> bytes:
    """``pdf`` with a well-formed incremental update appended that changes the document title."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Annots"] = generic.ArrayObject([writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 50, 300, 80)]),
        generic.NameObject("/Contents"): generic.TextStringObject("Số liệu đã sửa: 100%"),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
    }))])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_verify_rejects_one_byte_change_and_incremental_update(certified, tmp_path, capsys):
    out = tmp_path / "bc.pdf"
    call_command("report", "monthly", "--unit", "xa-a", "--month", "2026-05", "--format", "pdf", "--sign",
                 "-o", str(out))
    signed = out.read_bytes()
    call_command("report", "verify", str(out))
    assert "hợp lệ" in capsys.readouterr().out
    for name, content in (("mot-byte.pdf", _flip_one_byte(signed)), ("cap-nhat.pdf", _incremental_update(signed)),
                          ("noi-them.pdf", signed + b"\n%%EOF\n")):
        assert content != signed
        bad = tmp_path / name
        bad.write_bytes(content)
        with pytest.raises(SystemExit) as exc:
            call_command("report", "verify", str(bad))
        said = capsys.readouterr().out
        assert exc.value.code == 1, name
        assert "hợp lệ;" not in said and ("thay đổi" in said or "sửa đổi" in said or "hỏng" in said), said
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(_incremental_update(signed))).pages) == len(PdfReader(io.BytesIO(signed)).pages)


def test_verify_rejects_unsigned_and_unknown_signer(certified, tmp_path, capsys):
    w = certified
    draft = tmp_path / "du-thao.pdf"
    call_command("report", "monthly", "--unit", "xa-a", "--month", "2026-05", "--format", "pdf", "-o", str(draft))
    with pytest.raises(SystemExit):
        call_command("report", "verify", str(draft))
    assert "không có chữ ký" in capsys.readouterr().out
    foreign = signing.sign_pdf(draft.read_bytes(), signing.make_test_certificate("Đơn vị lạ"), None, reason="x")
    (tmp_path / "la.pdf").write_bytes(foreign)
    with pytest.raises(SystemExit):
        call_command("report", "verify", str(tmp_path / "la.pdf"))
    assert "không thuộc đơn vị nào" in capsys.readouterr().out
    assert w.xa_a.certificate.fingerprint


def test_party_report_counts_figures_sent_by_the_commune(rworld):
    """A Party committee's resolution targets are reported by the commune government, outside its subtree."""
    from theodoi.planning.models import (
        DocStatus,
        DocType,
        Document,
        Measurement,
        ReviewState,
        Target,
    )
    from theodoi.tenancy.models import Unit, UnitKind

    party = Unit.objects.create(slug="dang-uy-xa-a", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY,
                                parent=rworld.xa_a)
    plan = Document.objects.create(doc_type=DocType.NGHI_QUYET, number="05-NQ/ĐU", issuer=party,
                                   issuer_name="Đảng ủy xã An Bình", title="Nghị quyết về chuyển đổi số",
                                   status=DocStatus.ACTIVE, issued_date=dt.date(2026, 1, 5))
    target = Target.objects.create(document=plan, text="100% thôn có wifi công cộng.", comparator=">=",
                                   value=Decimal(100), unit_of_measure="%", deadline_year=2026)
    Measurement.objects.create(target=target, unit=rworld.xa_a, period_key="2026-05", period_end=dt.date(2026, 5, 14),
                               numerator=Decimal(3), denominator=Decimal(4), state=ReviewState.APPROVED)
    snap = data.gather(party, "monthly", periods.parse("monthly", "2026-05"))
    row = _row(snap, "wifi")
    assert (row["numerator"], row["denominator"], row["value"]) == ("3", "4", "75")
    assert snap["frame"]["party"] and snap["disbursement"]["planned"] is None  # no budget: no "0 đồng, đạt –%"


def test_demo_certificates_cover_the_signing_units_once(rworld):
    from theodoi.reporting.certificates import install_demo_certificates
    from theodoi.reporting.models import UnitCertificate
    from theodoi.tenancy.models import Unit, UnitKind

    party = Unit.objects.create(slug="dang-uy-xa-a", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY,
                                parent=rworld.xa_a)
    assert install_demo_certificates(rworld.lai_chau, [rworld.xa_a]) >= 3
    have = set(UnitCertificate.objects.values_list("unit__slug", flat=True))
    assert {rworld.lai_chau.slug, "xa-a", party.slug} <= have and "xa-b" not in have
    assert install_demo_certificates(rworld.lai_chau, [rworld.xa_a]) == 0  # loading again creates none
    report = services.finalise(services.open_report(party, "monthly", "2026-05"), None)
    from theodoi.reporting.certificates import trusted

    assert signing.verify_pdf(services.render(report, "pdf"), trusted()).ok


def test_a_signed_report_carries_the_audit_chains_head(certified):
    """The parent unit keeps the file: its anchor catches the newest records cut off later."""
    from theodoi.audit import anchors
    from theodoi.audit.services import chain_head
    from theodoi.audit.verify import verify

    w = certified
    report = services.open_report(w.xa_a, "monthly", "2026-05", w.admin)
    head = chain_head(chain_of(report))  # the report's chain: its unit's province's
    report = services.finalise(report, w.leader_xa, now=timezone.make_aware(dt.datetime(2026, 5, 14, 9)))
    signed = services.render(report, "pdf")
    anchor = anchors.from_pdf(signed, "báo cáo")
    assert (anchor.chain, anchor.seq, anchor.hash) == (head["chain"], head["seq"], head["hash"])
    from theodoi.reporting.certificates import trusted

    assert signing.verify_pdf(signed, trusted()).ok  # the keyword is inside what is signed
    # verify finds it in the data folder by itself
    assert [(a.seq, a.hash) for a in anchors.from_reports()] == [(anchor.seq, anchor.hash)]
    AuditEvent.objects.filter(chain=head["key"], seq__gte=anchor.seq).delete()  # cut off the newest records
    problems = [p for p in verify().problems if "mốc neo" in p.reason]
    assert problems and "đã bị xóa" in problems[0].reason
