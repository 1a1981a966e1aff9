"""Signatures as Decree 30/2020 describes them: visible, time-stamped (RFC 3161), with revocation data
(PAdES-B-LT), checked by pyHanko's own validator against a local time-stamping server and CRL."""

from __future__ import annotations

import datetime as dt
import io
import re
import socket

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from theodoi.reporting import certificates, services, signing, stamp, testpki
from theodoi.reporting.models import ReportState

pytestmark = pytest.mark.django_db
MAY = "2026-05"


def _asn1(cert):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _pyhanko_validates(pdf: bytes, root) -> object:
    """pyHanko's validator, with no revocation data but what the file carries and no fetching, hard-fail."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(pdf))
    dss = DocumentSecurityStore.read_dss(reader)
    vc = dss.as_validation_context({"trust_roots": [_asn1(root)], "allow_fetching": False,
                                    "revocation_mode": "hard-fail"})
    return reader, dss, validate_pdf_signature(reader.embedded_regular_signatures[0], vc)


@pytest.fixture
def shot_dir():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def pki():
    return testpki.TestPki()


@pytest.fixture
def long_term(pki, tmp_path, settings):
    """A time-stamping server on 127.0.0.1 and the CA's CRL in THEODOI_CRL_DIR."""
    crl_dir = tmp_path / "crl"
    crl_dir.mkdir()
    (crl_dir / "ca.crl").write_bytes(pki.crl())
    with testpki.TimeStampServer(pki) as tsa:
        settings.THEODOI_TSA_URL = tsa.url
        settings.THEODOI_CRL_DIR = str(crl_dir)
        yield tsa


def _register(unit, pki):
    sig_png, seal_png = stamp.sample_images()
    return certificates.register(unit, pki.p12("Ủy ban nhân dân xã An Bình"), None, signature_png=sig_png,
                                 seal_png=seal_png)


def test_signing_time_is_iso_8601_in_vietnam_time():
    assert stamp.iso_time(dt.datetime(2026, 5, 15, 2, 30, 5, 999, tzinfo=dt.UTC)) == "2026-05-15T09:30:05+07:00"


def test_the_appearance_says_body_and_time_in_times_italic_10pt():
    import pypdfium2 as pdfium

    sig_png, seal_png = stamp.sample_images()
    pdf = stamp.appearance_pdf(stamp.Look("Ủy ban nhân dân xã An Bình", sig_png, seal_png),
                               dt.datetime(2026, 5, 15, 2, 30, tzinfo=dt.UTC))
    doc = pdfium.PdfDocument(pdf)
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert "Ủy ban nhân dân xã An Bình" in text and "2026-05-15T09:30:00+07:00" in text
    assert b"LiberationSerif-Italic" in pdf or b"TheodoiSignItalic" in pdf
    assert b"/Image" in pdf and pdf.count(b"/SMask") >= 2  # both pictures, with their transparency
    sizes = re.findall(rb"/F2\S* (\d+(?:\.\d+)?) Tf", pdf)  # F2: the embedded italic face
    assert len(sizes) >= 2 and set(sizes) == {b"10"}  # every line of text in 10 pt


def test_the_visible_signature_sits_between_post_and_name(rworld, pki, shot_dir):
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    _register(rworld.xa_a, pki)
    report = services.open_report(rworld.xa_a, "monthly", MAY)
    services.edit(report, None, narrative=report.narrative, version=report.version, signer_name="Lò Văn Thắng",
                  signer_title="Chủ tịch", sign_mode="TM")
    report = services.finalise(report.__class__.objects.get(pk=report.pk), rworld.leader_xa)
    pdf = services.render(report, "pdf")
    widgets = [(i, a.get_object()) for i, page in enumerate(PdfReader(io.BytesIO(pdf)).pages)
               for a in page.get("/Annots") or [] if a.get_object().get("/FT") == "/Sig"]
    assert len(widgets) == 1
    index, widget = widgets[0]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 200 and y2 - y1 > 80 and "/AP" in widget  # a visible appearance
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()  # draw the signature's appearance as a viewer does
    page = doc[index]
    textpage = page.get_textpage()
    post = stamp._extent(textpage, "CHỦ TỊCH")[-1]
    name = stamp._extent(textpage, "Lò Văn Thắng")[-1]
    middle = (y1 + y2) / 2
    assert name[3] < middle < post[1]  # between the post (above) and the name (below)
    assert abs((x1 + x2) / 2 - (post[0] + post[2]) / 2) < 2  # centred under the post
    image = page.render(scale=2, may_draw_forms=True).to_pil()
    shot = image.crop((int(x1 * 2) - 40, int((page.get_height() - y2) * 2) - 60, int(x2 * 2) + 40,
                       int((page.get_height() - y1) * 2) + 60))
    shot.save(shot_dir / "visible-signature.png")
    raw = shot.convert("RGB").tobytes()
    pixels = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
    reds = sum(1 for r, g, b in pixels if r > 150 and g < 80 and b < 80)
    blues = sum(1 for r, g, b in pixels if b > 120 and r < 80)
    doc.close()
    assert reds > 500 and blues > 100  # the seal (red) and the signature (blue) are drawn


def test_pades_b_lt_with_a_local_tsa_and_crl_passes_pyhanko_validation(rworld, pki, long_term):
    _register(rworld.xa_a, pki)
    report = services.finalise(services.open_report(rworld.xa_a, "monthly", MAY), rworld.leader_xa)
    pdf = services.render(report, "pdf")
    assert long_term.requests >= 1
    reader, dss, status = _pyhanko_validates(pdf, pki.cert)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert len(dss.crls) >= 1  # the revocation data travels in the file
    assert status.modification_level.name == "LTA_UPDATES"  # only validation data after the signature
    verdict = signing.verify_pdf(pdf, certificates.trusted(), certificates.issuers())
    assert verdict.ok and verdict.level == "B-LT" and verdict.covers_whole_file
    assert abs((verdict.timestamp - report.finalised_at).total_seconds()) < 60
    assert report.state == ReportState.FINAL and signing.sha256(pdf) == report.sha256


def test_without_revocation_data_the_signature_is_b_t(rworld, pki, long_term, settings):
    settings.THEODOI_CRL_DIR = ""
    _register(rworld.xa_a, pki)
    report = services.finalise(services.open_report(rworld.xa_a, "monthly", MAY), rworld.leader_xa)
    verdict = signing.verify_pdf(services.render(report, "pdf"), certificates.trusted(), certificates.issuers())
    assert verdict.ok and verdict.level == "B-T" and verdict.timestamp is not None


def test_without_a_tsa_the_signature_is_b_b(certified):
    report = services.finalise(services.open_report(certified.xa_a, "monthly", MAY), certified.leader_xa)
    verdict = signing.verify_pdf(services.render(report, "pdf"), certificates.trusted())
    assert verdict.ok and verdict.level == "B-B" and verdict.timestamp is None and verdict.covers_whole_file


def test_a_revoked_certificate_does_not_sign_and_nothing_is_saved(rworld, pki, long_term, settings, tmp_path):
    key, cert = pki.issue("Ủy ban nhân dân xã An Bình")
    p12 = pkcs12.serialize_key_and_certificates(b"x", key, cert, [pki.cert], serialization.NoEncryption())
    (tmp_path / "crl" / "ca.crl").write_bytes(pki.crl(revoked=[cert]))
    certificates.register(rworld.xa_a, p12, None)
    report = services.open_report(rworld.xa_a, "monthly", MAY)
    with pytest.raises(signing.SigningError, match="thu hồi"):
        services.finalise(report, rworld.leader_xa)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.pdf and not report.sha256


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_tsa_stops_signing_with_a_clear_message(rworld, pki, settings):
    settings.THEODOI_TSA_URL = f"http://127.0.0.1:{_closed_port()}/tsa"
    _register(rworld.xa_a, pki)
    report = services.open_report(rworld.xa_a, "monthly", MAY)
    with pytest.raises(signing.SigningError, match="Không lấy được dấu thời gian"):
        services.finalise(report, rworld.leader_xa)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.pdf


def test_verify_refuses_content_added_after_a_b_lt_signature(rworld, pki, long_term):
    from tests.integration.reporting.test_lifecycle import _incremental_update

    _register(rworld.xa_a, pki)
    report = services.finalise(services.open_report(rworld.xa_a, "monthly", MAY), rworld.leader_xa)
    pdf = services.render(report, "pdf")
    verdict = signing.verify_pdf(_incremental_update(pdf), certificates.trusted(), certificates.issuers())
    assert not verdict.ok and not verdict.covers_whole_file


def test_report_verify_json_says_valid_signer_level_timestamp_and_coverage(rworld, pki, long_term, tmp_path,
                                                                          capsys):
    import json

    from django.core.management import call_command

    from tests.integration.reporting.test_lifecycle import _flip_one_byte

    _register(rworld.xa_a, pki)
    report = services.finalise(services.open_report(rworld.xa_a, "monthly", MAY), rworld.leader_xa)
    good = tmp_path / "bc.pdf"
    good.write_bytes(services.render(report, "pdf"))
    capsys.readouterr()
    call_command("report", "verify", str(good), "--json")
    answer = json.loads(capsys.readouterr().out)
    assert answer["valid"] is True and answer["level"] == "B-LT" and answer["covers_whole_file"] is True
    assert "Ủy ban nhân dân xã An Bình" in answer["signer"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", answer["timestamp"])
    assert answer["report"] == {"unit": "xa-a", "kind": "monthly", "period": MAY, "number": report.number}
    bad = tmp_path / "sua.pdf"
    bad.write_bytes(_flip_one_byte(good.read_bytes()))
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", "verify", str(bad), "--json")
    assert exit_info.value.code == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["valid"] is False and set(answer) >= {"signer", "level", "timestamp", "covers_whole_file"}
    assert "thay đổi" in answer["reason"]
