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
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from theodoi.reporting import stamp


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
    level: str = ""  # PAdES baseline level: B-B, B-T, B-LT, B-LTA
    timestamp: dt.datetime | None = None  # the trusted RFC 3161 time stamp of the signature
    covers_whole_file: bool = False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_key() -> rsa.RSAPrivateKey:
    """A new 2048-bit RSA key, for the test certificates made here and in ``testpki``."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class IssuingCA:
    """A self-signed test CA (its key only in memory) that issues test certificates."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate


def make_test_ca(days: int = 3650) -> IssuingCA:
    """A fresh self-signed test CA, for tests and the demo only (one per demo load issues every unit's)."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca_key = new_key()
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
    return IssuingCA(ca_key, ca)


def issue_test_certificate(unit_name: str, password: bytes | None = None, days: int = 3650,
                           ca: IssuingCA | None = None) -> tuple[bytes, x509.Certificate, list[x509.Certificate]]:
    """A PKCS#12 with a signing certificate for ``unit_name`` issued by ``ca`` (a fresh test CA when
    None), with the certificate and its chain as put in it (no need to open it again)."""
    ca = ca or make_test_ca(days)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    key = new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit_name[:64]),
                         x509.NameAttribute(NameOID.COMMON_NAME, unit_name[:64])])
    not_after = min(now + dt.timedelta(days=days), ca.cert.not_valid_after_utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(not_after)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(ca.key, hashes.SHA256()))
    enc = (serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(b"theodoi", key, cert, [ca.cert], enc), cert, [ca.cert]


def make_test_certificate(unit_name: str, password: bytes | None = None, days: int = 3650,
                          ca: IssuingCA | None = None) -> bytes:
    """A PKCS#12 with a signing certificate for ``unit_name`` issued by ``ca``, or by a fresh
    self-signed test CA when None.

    For tests and the demo only: a real deployment uses the certificate issued to the unit.
    """
    return issue_test_certificate(unit_name, password, days, ca)[0]


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


@dataclass(frozen=True)
class LongTerm:
    """What a signature needs beyond PAdES-B-B: a time stamp (B-T) and revocation data (B-LT).

    ``tsa_url``: an RFC 3161 time-stamping server; ``crls``: CRLs (DER or PEM) of the issuers;
    ``online``: fetch OCSP answers and CRLs from the addresses in the certificates; ``trust``: trust
    anchors (root CAs) besides the self-signed certificates in the signer's chain.
    """

    tsa_url: str = ""
    crls: tuple[bytes, ...] = ()
    online: bool = False
    trust: tuple[bytes, ...] = ()

    @property
    def level(self) -> str:
        if not self.tsa_url:
            return "B-B"
        return "B-LT" if self.crls or self.online else "B-T"


def url_timestamper(url: str, timeout: float = 15) -> Any:
    """A pyHanko time stamper asking the RFC 3161 server at ``url`` over HTTP (standard library only)."""
    from asyncio import to_thread

    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    class _Stamper(TimeStamper):
        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            def post() -> tsp.TimeStampResp:
                request = urllib.request.Request(url, data=req.dump(), method="POST",
                                                 headers={"Content-Type": "application/timestamp-query"})
                try:
                    with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (configured URL)
                        if resp.headers.get("Content-Type") != "application/timestamp-reply":
                            raise TimestampRequestError("not a time-stamp reply")
                        return tsp.TimeStampResp.load(resp.read())
                except OSError as exc:
                    raise TimestampRequestError(f"{url}: {exc}") from exc

            return await to_thread(post)

    return _Stamper()


def p12_signer(p12: bytes, password: bytes | None) -> Any:
    """A pyHanko signer with the key of a PKCS#12 file (SigningError in Vietnamese if it does not open)."""
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=(), passphrase=password)
    if signer is None:
        raise SigningError("Không mở được tệp chứng thư số (.p12): sai mật khẩu hoặc tệp hỏng.")
    return signer


def signer_subject(signer: Any) -> str:
    """The common name in the signer's certificate (the body, for an organisation's certificate)."""
    cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
    return subject_name(cert)


def sign_pdf(pdf: bytes, key: Any, password: bytes | None = None, *, reason: str, location: str = "",
             name: str = "", post: str = "", look: stamp.Look | None = None, when: dt.datetime | None = None,
             long_term: LongTerm | None = None) -> bytes:
    """``pdf`` signed (PAdES) with ``key``: PKCS#12 bytes (with ``password``) or a pyHanko signer
    (a PKCS#11 token). With ``look`` the signature is visible between ``post`` and ``name`` in the
    signature block (stamp.py); ``long_term`` adds the time stamp (B-T) and revocation data (B-LT).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = key if isinstance(key, signers.Signer) else p12_signer(key, password)
    when = when or dt.datetime.now(dt.UTC)
    lt = long_term or LongTerm()
    validation = _validation_context(signer, lt) if lt.level == "B-LT" else None
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyDonVi", reason=reason[:200], location=location[:100], name=name[:100] or None,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        embed_validation_info=validation is not None, validation_context=validation,
    )
    options: dict[str, Any] = {"timestamper": url_timestamper(lt.tsa_url) if lt.tsa_url else None}
    if look is not None:
        page, box = stamp.place(pdf, post, name)
        options["new_field_spec"] = fields.SigFieldSpec("ChuKyDonVi", on_page=page, box=box)
        options["stamp_style"] = _static_style(stamp.appearance_pdf(look, when))
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    try:
        _timed_signer(meta, signer, when, **options).sign_pdf(writer, output=out)
    except Exception as exc:  # pyHanko and its validator raise many kinds; say which step failed
        raise SigningError(_why_signing_failed(exc, lt)) from exc
    return out.getvalue()


def _why_signing_failed(exc: Exception, lt: LongTerm) -> str:
    """The Vietnamese reason for a failed signing, from pyHanko's exception and its causes."""
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 10:
        chain.append(e)
        e = e.__cause__ or e.__context__
    names = " ".join(type(e).__name__ for e in chain)
    text = " ".join(str(e) for e in chain)
    if any(isinstance(e, TimestampRequestError) for e in chain):
        return (f"Không lấy được dấu thời gian từ máy chủ {lt.tsa_url} (THEODOI_TSA_URL). "
                "Báo cáo chưa được ký.")
    if "Revoked" in names or "revoked" in text:
        return "Chứng thư số ký báo cáo đã bị thu hồi (theo CRL/OCSP). Báo cáo chưa được ký."
    if "could not be validated" in text or "Validation" in names or "Path" in names:
        return ("Chứng thư số không kiểm tra được: hết hạn, không có chuỗi tới CA tin cậy, hoặc thiếu thông tin "
                "thu hồi chứng thư (CRL trong THEODOI_CRL_DIR hoặc OCSP). Báo cáo chưa được ký.")
    return f"Không ký được báo cáo ({type(exc).__name__}: {exc})."


def _timed_signer(meta: Any, signer: Any, when: dt.datetime, **options: Any) -> Any:
    """A PdfSigner whose signing time is ``when`` (the time drawn in the visible signature)."""
    from pyhanko.sign import signers

    class _Timed(signers.PdfSigner):
        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = when
            return session

    return _Timed(meta, signer, **options)


def _static_style(appearance: bytes) -> Any:
    """pyHanko's static stamp style with ``appearance`` (a one-page PDF in memory) as its picture."""
    import binascii
    import uuid

    from pyhanko.pdf_utils import content
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class _Page(content.PdfContent):
        def render(self) -> bytes:
            xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(appearance)), page_ix=0)
            name = "/Import" + binascii.hexlify(uuid.uuid4().bytes).decode()
            self.resources.xobject[name] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name.encode() + b" Do"

    return StaticStampStyle(background=_Page(), border_width=0, background_opacity=1.0)


def _validation_context(signer: Any, lt: LongTerm) -> Any:
    """What the signer checks and embeds before signing B-LT: revocation data of every certificate."""
    from pyhanko_certvalidator import ValidationContext

    chain = list(signer.cert_registry)
    roots = [c for c in chain if c.self_signed == "maybe" or c.self_signed == "yes"]
    roots += [_load_cert(t) for t in lt.trust]
    return ValidationContext(trust_roots=roots, other_certs=chain, crls=[_load_crl(c) for c in lt.crls],
                             allow_fetching=lt.online, revocation_mode="hard-fail")


def _load_crl(data: bytes) -> Any:
    from asn1crypto import crl, pem

    if pem.detect(data):
        _kind, _headers, data = pem.unarmor(data)
    return crl.CertificateList.load(data)


def verify_pdf(pdf: bytes, trusted: list[bytes], issuers: list[bytes] | tuple[bytes, ...] = ()) -> Verdict:
    """Whether ``pdf`` is signed, unchanged since, and signed by a certificate in ``trusted`` (DER/PEM).

    Trust is anchored on the registered certificates themselves (units' certificates or their CAs),
    so it works on a closed network without fetching anything; ``issuers`` (the CAs of the registered
    certificates) are trusted for the time stamp only. The verdict also gives the PAdES level, the
    time of the time stamp and whether the signature covers the whole file (validation data added
    after it — the B-LT revocation data — is allowed, nothing else).
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko_certvalidator import ValidationContext

    digest = sha256(pdf)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_regular_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        return Verdict(False, f"Tệp không phải PDF hợp lệ hoặc đã bị hỏng ({exc}).", sha256=digest)
    if not sigs:
        return Verdict(False, "Tệp PDF không có chữ ký số.", sha256=digest)
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS, or a damaged one: validate without it
        dss = None

    def context(roots: list[bytes]) -> Any:
        anchors = [_load_cert(c) for c in roots]
        if dss is not None:
            return dss.as_validation_context({"trust_roots": anchors, "allow_fetching": False,
                                              "revocation_mode": "soft-fail"})
        return ValidationContext(trust_roots=anchors, allow_fetching=False, revocation_mode="soft-fail")

    sig = sigs[-1]
    try:
        status = validate_pdf_signature(sig, context(trusted), ts_validation_context=context([*trusted, *issuers]))
    except Exception as exc:  # pyHanko raises many kinds on a damaged signature
        return Verdict(False, f"Chữ ký số bị hỏng, không kiểm tra được ({type(exc).__name__}).", sha256=digest)
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    when = getattr(status, "signer_reported_dt", None)
    ts = status.timestamp_validity
    stamped = ts is not None and ts.intact and ts.valid and ts.trusted
    covers = _covers_whole_file(status)
    level = _level(reader, dss, stamped)

    def verdict(ok: bool, reason: str) -> Verdict:
        return Verdict(ok, reason, signer, when, digest, level=level, covers_whole_file=covers,
                       timestamp=ts.timestamp if stamped and ts is not None else None)

    if not status.intact or not status.valid or (ts is not None and not (ts.intact and ts.valid)):
        return verdict(False, "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký không còn khớp.")
    if not covers:
        return verdict(False, "Tệp đã bị sửa đổi hoặc bổ sung nội dung sau khi ký.")
    if not status.trusted:
        return verdict(False, "Chữ ký còn nguyên vẹn nhưng chứng thư số không thuộc đơn vị nào được đăng ký "
                              "trong hệ thống.")
    return verdict(True, "Chữ ký số hợp lệ; tệp không bị thay đổi sau khi ký.")


def _covers_whole_file(status: Any) -> bool:
    """The signature covers the file, or its revision followed only by long-term validation data."""
    coverage, modified = status.coverage, status.modification_level
    if coverage is None or modified is None:
        return False
    if coverage.name == "ENTIRE_FILE":
        return modified.name == "NONE"
    return coverage.name == "ENTIRE_REVISION" and modified.name == "LTA_UPDATES" and status.docmdp_ok is not False


def _level(reader: Any, dss: Any, stamped: bool) -> str:
    """The PAdES baseline level: B-B, B-T (trusted signature time stamp), B-LT (and revocation data
    in the document security store), B-LTA (and a document time stamp after it)."""
    if not stamped:
        return "B-B"
    if dss is None or not (dss.crls or dss.ocsps):
        return "B-T"
    return "B-LTA" if reader.embedded_timestamp_signatures else "B-LT"


def _load_cert(data: bytes) -> asn1_x509.Certificate:
    if data.lstrip().startswith(b"-----BEGIN"):
        data = x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(data)
