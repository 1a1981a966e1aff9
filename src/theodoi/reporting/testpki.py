"""A small public-key infrastructure for tests and the demo only: a root CA, signing certificates
with a CRL distribution point, a time-stamping authority and its RFC 3161 server on 127.0.0.1.

Nothing here is used to sign a real report: a deployment uses the certificates of the Government's
specialised CA (Ban Cơ yếu Chính phủ), its TSA (``THEODOI_TSA_URL``) and its CRLs (``THEODOI_CRL_DIR``).
"""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from theodoi.reporting import signing

CRL_URL = "http://127.0.0.1:9/theodoi-test-ca.crl"  # nothing listens there: revocation comes from the CRL dir


def _name(common: str, org: str = "theodoi (thử nghiệm)") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org[:64]),
                      x509.NameAttribute(NameOID.COMMON_NAME, common[:64])])


def _usage(**on: bool) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    flags = dict.fromkeys(names, False)
    flags.update(on)
    return x509.KeyUsage(**flags)


@dataclass
class TestPki:
    """A root CA issuing end-entity certificates, and its CRL."""

    name: str = "CA thử nghiệm theodoi"
    days: int = 3650

    def __post_init__(self) -> None:
        self.start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        self.key = signing.new_key()
        subject = _name(self.name)
        self.cert = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(self.key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(self.start)
            .not_valid_after(self.start + dt.timedelta(days=self.days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_usage(digital_signature=True, key_cert_sign=True, crl_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256()))

    def issue(self, common: str, *, org: str | None = None, tsa: bool = False) -> tuple[rsa.RSAPrivateKey,
                                                                                        x509.Certificate]:
        """A key and a certificate for signing documents (or, ``tsa``, time stamps)."""
        key = signing.new_key()
        return key, self.certify(key.public_key(), common, org=org, tsa=tsa)

    def certify(self, public_key: rsa.RSAPublicKey, common: str, *, org: str | None = None,
                tsa: bool = False) -> x509.Certificate:
        """A certificate for a key made elsewhere (on a token: the private key never leaves it)."""
        builder = (
            x509.CertificateBuilder().subject_name(_name(common, org or common)).issuer_name(self.cert.subject)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(self.start).not_valid_after(self.start + dt.timedelta(days=self.days))
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(CRL_URL)], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False))
        if tsa:
            builder = (builder.add_extension(_usage(digital_signature=True), critical=True)
                       .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True))
        else:
            builder = builder.add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
        return builder.sign(self.key, hashes.SHA256())

    def p12(self, common: str, password: bytes | None = None) -> bytes:
        """A PKCS#12 with a signing certificate for ``common`` and this CA in its chain."""
        key, cert = self.issue(common)
        enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        return pkcs12.serialize_key_and_certificates(b"theodoi", key, cert, [self.cert], enc)

    def crl(self, *, revoked: list[x509.Certificate] = ()) -> bytes:  # type: ignore[assignment]
        """The CA's CRL (DER), valid for a week, listing ``revoked``."""
        now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.cert.subject)
                   .last_update(now).next_update(now + dt.timedelta(days=7))
                   .add_extension(x509.CRLNumber(1), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                                  critical=False))
        for cert in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(cert.serial_number).revocation_date(now).build())
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def root_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


class TimeStampServer:
    """An RFC 3161 time-stamping server over HTTP on 127.0.0.1 (a thread), signing with a TSA
    certificate of ``pki``. ``url`` is what ``THEODOI_TSA_URL`` is set to."""

    def __init__(self, pki: TestPki, port: int = 0) -> None:
        from asn1crypto import keys as asn1_keys
        from asn1crypto import tsp
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key, cert = pki.issue("Máy chủ cấp dấu thời gian thử nghiệm", tsa=True)
        self.cert = cert
        stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
            certs_to_embed=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(pki.cert.public_bytes(serialization.Encoding.DER))]))
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415)
                    return
                try:
                    answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                except ValueError:
                    self.send_error(400)
                    return
                server.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> TimeStampServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
