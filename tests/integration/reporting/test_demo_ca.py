"""The demo's test certificates: one test CA per demo load issues every signing unit's (as a real CA
issues many units'), and each unit's certificate, not the CA, is what a signature is trusted by."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from theodoi.reporting import certificates, services, signing
from theodoi.reporting.models import UnitCertificate
from theodoi.tenancy.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_one_ca_issues_every_demo_certificate_and_each_is_stored_as_its_p12_says(rworld):
    Unit.objects.create(slug="dang-uy-xa-a", name="Đảng ủy xã An Bình", kind=UnitKind.PARTY, parent=rworld.xa_a)
    made = certificates.install_demo_certificates(rworld.lai_chau, [rworld.xa_a])
    rows = list(UnitCertificate.objects.select_related("unit"))
    assert made == len(rows) >= 3
    assert len(certificates.issuers()) == 1  # one CA for the whole load
    ca = x509.load_pem_x509_certificate(certificates.issuers()[0])
    assert ca.subject == ca.issuer and ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    fingerprints = set()
    for row in rows:
        p12, password = certificates.load(row.unit)
        _key, cert, chain = pkcs12.load_key_and_certificates(p12, password)  # the file, opened afresh
        assert cert is not None and cert.issuer == ca.subject
        cert.verify_directly_issued_by(ca)
        assert [c.fingerprint(cert.signature_hash_algorithm) for c in chain] == [
            ca.fingerprint(cert.signature_hash_algorithm)]
        # what register stored without opening the file again is what the file holds
        assert (row.fingerprint, row.subject) == (signing.fingerprint(cert), signing.subject_name(cert))
        assert row.cert_pem.encode() in certificates.trusted()
        assert ca.not_valid_after_utc >= cert.not_valid_after_utc
        fingerprints.add(row.fingerprint)
    assert len(fingerprints) == len(rows)  # a key and certificate of its own for each unit
    # a second load (another installation) makes a CA of its own
    other = signing.make_test_ca()
    assert other.cert.subject == ca.subject and signing.fingerprint(other.cert) != signing.fingerprint(ca)


def test_a_sibling_unit_of_the_same_ca_is_not_trusted_for_another_units_signature(rworld):
    certificates.install_demo_certificates(rworld.lai_chau, [rworld.xa_a])
    report = services.finalise(services.open_report(rworld.xa_a, "monthly", "2026-05"), None)
    pdf = services.render(report, "pdf")
    assert signing.verify_pdf(pdf, certificates.trusted(), certificates.issuers()).ok
    mine = UnitCertificate.objects.get(unit=rworld.xa_a).cert_pem.encode()
    others = [c for c in certificates.trusted() if c != mine]
    assert others  # the province's, issued by the same CA
    verdict = signing.verify_pdf(pdf, others, certificates.issuers())  # the CA itself trusted for time stamps
    assert not verdict.ok


def test_a_test_certificate_without_a_ca_gets_a_fresh_one(rworld):
    a = x509.load_pem_x509_certificate(certificates.install_test_certificate(rworld.xa_a).chain_pem.encode())
    b = x509.load_pem_x509_certificate(certificates.install_test_certificate(rworld.xa_b).chain_pem.encode())
    assert signing.fingerprint(a) != signing.fingerprint(b)
    assert len(certificates.issuers()) == 2
