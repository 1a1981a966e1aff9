"""Signing with a key on a PKCS#11 token (SoftHSM2 from Debian stands in for the CA's USB token)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives import hashes, serialization

from theodoi.reporting import certificates, services, signing, testpki
from theodoi.reporting.models import ReportState, UnitCertificate

pytestmark = pytest.mark.django_db
MAY = "2026-05"
LIBS = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"]
PIN, SO_PIN, LABEL, KEY = "246810", "13579135", "theodoi-xa-a", "chu-ky-xa-a"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the PKCS#11 tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory):
    """A SoftHSM2 token in a temporary folder with an RSA key made on it, its certificate (issued by a
    test CA for the key's public half) and the CA's certificate."""
    lib = next((p for p in LIBS if Path(p).exists()), None)
    if lib is None or shutil.which("softhsm2-util") is None:
        _unavailable("SoftHSM2 is not installed (apt-get install softhsm2; scripts/ensure-test-tools.sh)")
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.rsa import encode_rsa_public_key

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by the library when it is first loaded in this process
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", PIN],
                   check=True, capture_output=True, env={**os.environ, "SOFTHSM2_CONF": str(conf)})
    pki = testpki.TestPki()
    token = pkcs11.lib(lib).get_token(token_label=LABEL)
    with token.open(rw=True, user_pin=PIN) as session:
        public, _private = session.generate_keypair(KeyType.RSA, 2048, store=True, label=KEY, id=b"\x01")
        from asn1crypto import keys

        spki = keys.PublicKeyInfo({"algorithm": {"algorithm": "rsa"},
                                   "public_key": keys.RSAPublicKey.load(encode_rsa_public_key(public))})
        cert = pki.certify(serialization.load_der_public_key(spki.dump()), "Ủy ban nhân dân xã An Bình")
        for label, item, ident in ((KEY, cert, b"\x01"), ("ca", pki.cert, b"\x02")):
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: ident,
                Attribute.SUBJECT: item.subject.public_bytes(),
                Attribute.VALUE: item.public_bytes(serialization.Encoding.DER),
            })
    return SimpleNamespace(lib=lib, pki=pki, cert=cert)


@pytest.fixture
def on_token(softhsm, rworld, settings, monkeypatch):
    settings.THEODOI_PKCS11_LIB = softhsm.lib
    monkeypatch.setenv("THEODOI_TEST_PIN", PIN)
    return softhsm


def test_register_and_sign_with_the_token_from_the_command_line(on_token, rworld, tmp_path, capsys):
    from django.core.management import call_command

    call_command("report", "certificate", "--unit", "xa-a", "--pkcs11", "--token", LABEL, "--key-label", KEY,
                 "--password-env", "THEODOI_TEST_PIN")
    row = UnitCertificate.objects.get(unit=rworld.xa_a)
    assert row.pkcs11_key == KEY and row.pkcs11_token == LABEL and not row.p12_data and not row.p12_path
    assert row.fingerprint == on_token.cert.fingerprint(hashes.SHA256()).hex()
    assert "BEGIN CERTIFICATE" in row.chain_pem  # the CA stored on the token joins the chain
    out = tmp_path / "bc.pdf"
    call_command("report", "monthly", "--unit", "xa-a", "--month", MAY, "--format", "pdf", "--sign",
                 "-o", str(out))
    verdict = signing.verify_pdf(out.read_bytes(), certificates.trusted(), certificates.issuers())
    assert verdict.ok and "Ủy ban nhân dân xã An Bình" in verdict.signer, verdict.reason


def test_a_token_signature_is_b_lt_with_the_tsa_and_crl(on_token, rworld, settings, tmp_path):
    from tests.integration.reporting.test_signatures import _pyhanko_validates

    certificates.register_token(rworld.xa_a, key_label=KEY, token_label=LABEL, pin_env="THEODOI_TEST_PIN")
    (tmp_path / "crl").mkdir()
    (tmp_path / "crl" / "ca.crl").write_bytes(on_token.pki.crl())
    settings.THEODOI_CRL_DIR = str(tmp_path / "crl")
    with testpki.TimeStampServer(on_token.pki) as tsa:
        settings.THEODOI_TSA_URL = tsa.url
        report = services.finalise(services.open_report(rworld.xa_a, "monthly", MAY), rworld.leader_xa)
    pdf = services.render(report, "pdf")
    _reader, dss, status = _pyhanko_validates(pdf, on_token.pki.cert)
    assert status.bottom_line and status.timestamp_validity.trusted and dss.crls
    assert signing.verify_pdf(pdf, certificates.trusted(), certificates.issuers()).level == "B-LT"


def test_a_wrong_pin_signs_nothing(on_token, rworld, monkeypatch):
    certificates.register_token(rworld.xa_a, key_label=KEY, token_label=LABEL, pin_env="THEODOI_TEST_PIN")
    monkeypatch.setenv("THEODOI_TEST_PIN", "000000")
    report = services.open_report(rworld.xa_a, "monthly", MAY)
    with pytest.raises(signing.SigningError, match="Sai mã PIN"):
        services.finalise(report, rworld.leader_xa)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.pdf


def test_a_missing_token_or_key_is_named(on_token, rworld):
    with pytest.raises(signing.SigningError, match="Không thấy thiết bị ký số"):
        certificates.register_token(rworld.xa_a, key_label=KEY, token_label="token-khac",
                                    pin_env="THEODOI_TEST_PIN")
    with pytest.raises(signing.SigningError, match="không có khóa hoặc chứng thư mang nhãn «khoa-khac»"):
        certificates.register_token(rworld.xa_a, key_label="khoa-khac", token_label=LABEL,
                                    pin_env="THEODOI_TEST_PIN")
    assert not UnitCertificate.objects.filter(unit=rworld.xa_a).exists()


def test_without_the_module_setting_signing_says_so(on_token, rworld, settings):
    certificates.register_token(rworld.xa_a, key_label=KEY, token_label=LABEL, pin_env="THEODOI_TEST_PIN")
    settings.THEODOI_PKCS11_LIB = ""
    with pytest.raises(signing.SigningError, match="THEODOI_PKCS11_LIB"):
        services.finalise(services.open_report(rworld.xa_a, "monthly", MAY), rworld.leader_xa)
