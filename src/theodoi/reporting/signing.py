"""PAdES signatures of report PDFs (pyHanko) and test certificates (cryptography).

:func:`sign_pdf` signs with a PKCS#12 key; :func:`verify_pdf` checks that the file
carries an intact signature covering the whole file by a certificate we trust, and
answers in Vietnamese why not otherwise. :func:`make_test_certificate` builds a
self-signed CA and a signing certificate for tests and the demo only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


class SigningError(Exception):
    """Signing is impossible (no certificate, wrong password…); the message is Vietnamese."""


@dataclass
class Verdict:
    ok: bool
    reason: str
    signer: str = ""
    signed_at: dt.datetime | None = None
    sha256: str = ""
    details: list[str] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_test_certificate(unit_name: str, password: bytes | None = None, days: int = 3650) -> bytes:
    """A PKCS#12 with a signing certificate for ``unit_name`` issued by a fresh self-signed test CA.

    For tests and the demo only: a real deployment uses the certificate issued to the unit.
    """
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "theodoi (thử nghiệm)"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "CA thử nghiệm theodoi")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now)
          .not_valid_after(now + dt.timedelta(days=days))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit_name[:64]),
                         x509.NameAttribute(NameOID.COMMON_NAME, unit_name[:64])])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    enc = (serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(b"theodoi", key, cert, [ca], enc)


def certificate_of(p12: bytes, password: bytes | None) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """The signing certificate and its chain in a PKCS#12 (SigningError if unreadable)."""
    try:
        _key, cert, chain = pkcs12.load_key_and_certificates(p12, password)
    except (ValueError, TypeError) as exc:
        raise SigningError("Không mở được tệp chứng thư số (.p12): sai mật khẩu hoặc tệp hỏng.") from exc
    if cert is None:
        raise SigningError("Tệp .p12 không chứa chứng thư ký.")
    return cert, list(chain)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def subject_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def sign_pdf(pdf: bytes, p12: bytes, password: bytes | None, *, reason: str, location: str = "",
             name: str = "") -> bytes:
    """``pdf`` signed as PAdES B-B with the key in ``p12``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=(), passphrase=password)
    if signer is None:
        raise SigningError("Không mở được tệp chứng thư số (.p12): sai mật khẩu hoặc tệp hỏng.")
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyDonVi", reason=reason[:200], location=location[:100], name=name[:100] or None,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
    )
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()


def verify_pdf(pdf: bytes, trusted: list[bytes]) -> Verdict:
    """Whether ``pdf`` is signed, unchanged since, and signed by a certificate in ``trusted`` (DER/PEM).

    Trust is anchored on the registered certificates themselves (units' certificates
    or their CAs), so it works on a closed network without fetching anything.
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    digest = sha256(pdf)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        return Verdict(False, f"Tệp không phải PDF hợp lệ hoặc đã bị hỏng ({exc}).", sha256=digest)
    if not sigs:
        return Verdict(False, "Tệp PDF không có chữ ký số.", sha256=digest)
    roots = [_load_cert(c) for c in trusted]
    vc = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    sig = sigs[-1]
    try:
        status = validate_pdf_signature(sig, vc)
    except Exception as exc:  # pyHanko raises many kinds on a damaged signature
        return Verdict(False, f"Chữ ký số bị hỏng, không kiểm tra được ({type(exc).__name__}).", sha256=digest)
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    when = getattr(status, "signer_reported_dt", None)
    if not status.intact or not status.valid:
        return Verdict(False, "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký không còn khớp.", signer, when, digest)
    coverage, modified = status.coverage, status.modification_level
    if (coverage is None or coverage.name != "ENTIRE_FILE"
            or modified is None or modified.name not in ("NONE",)):
        return Verdict(False, "Tệp đã bị sửa đổi hoặc bổ sung nội dung sau khi ký.", signer, when, digest)
    if not status.trusted:
        return Verdict(False, "Chữ ký còn nguyên vẹn nhưng chứng thư số không thuộc đơn vị nào được đăng ký "
                              "trong hệ thống.", signer, when, digest)
    return Verdict(True, "Chữ ký số hợp lệ; tệp không bị thay đổi sau khi ký.", signer, when, digest)


def _load_cert(data: bytes) -> asn1_x509.Certificate:
    if data.lstrip().startswith(b"-----BEGIN"):
        data = x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(data)
