"""Reading and registering the units' signing certificates (UnitCertificate), and signing with them.

:func:`sign` is what finalising a report calls: the unit's key, its visible signature (signature
and seal images, the body's name from the certificate) and the long-term settings
(``THEODOI_TSA_URL``, ``THEODOI_CRL_DIR``, ``THEODOI_REVOCATION_ONLINE``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction

from theodoi.audit.services import record, snapshot
from theodoi.reporting import signing, stamp, token
from theodoi.reporting.models import UnitCertificate
from theodoi.tenancy.models import Unit


def in_data_dir(value: str) -> Path:
    """A key or password file's path; a relative one is inside the data folder (so a restored backup
    finds its certificates wherever the data folder now is)."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else Path(settings.MEDIA_ROOT).parent / path


def load(unit: Unit) -> tuple[bytes, bytes | None]:
    """The PKCS#12 bytes and password of ``unit`` (SigningError in Vietnamese when missing)."""
    cert = UnitCertificate.objects.filter(unit=unit).first()
    if cert is None:
        raise signing.SigningError(
            f"{unit.name} chưa được cấu hình chứng thư số để ký báo cáo (UnitCertificate).")
    if cert.p12_data:
        data = bytes(cert.p12_data)
    elif cert.p12_path and in_data_dir(cert.p12_path).is_file():
        data = in_data_dir(cert.p12_path).read_bytes()
    else:
        raise signing.SigningError(f"Không tìm thấy tệp chứng thư số của {unit.name}.")
    password = _secret(cert, unit)
    return data, password.encode() if password else None


def register(unit: Unit, p12: bytes, password: bytes | None, *, path: str = "", password_env: str = "",
             password_file: str = "", store: bool = True, signature_png: bytes | None = None,
             seal_png: bytes | None = None) -> UnitCertificate:
    """Register (or replace) the certificate of ``unit`` after checking that it opens.

    ``signature_png`` and ``seal_png`` (transparent PNGs) make the signature visible; images
    already registered are kept when none is given.
    """
    cert, chain = signing.certificate_of(p12, password)
    return _register_opened(unit, p12, cert, chain, path=path, password_env=password_env,
                            password_file=password_file, store=store, signature_png=signature_png,
                            seal_png=seal_png)


@transaction.atomic
def _register_opened(unit: Unit, p12: bytes, cert: x509.Certificate, chain: list[x509.Certificate], *,
                     path: str = "", password_env: str = "", password_file: str = "", store: bool = True,
                     signature_png: bytes | None = None, seal_png: bytes | None = None) -> UnitCertificate:
    """``register`` of a PKCS#12 whose certificate and chain are known: opened by ``register``, or
    just made by ``install_test_certificate`` (opening it again would cost a key check for nothing)."""
    old = UnitCertificate.objects.select_for_update().filter(unit=unit).first()
    before = snapshot(old) if old is not None else None
    defaults: dict[str, Any] = {
        "chain_pem": "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in chain),
        "p12_data": p12 if store else None, "p12_path": path, "password_env": password_env,
        "password_file": password_file, "subject": signing.subject_name(cert)[:255],
        "fingerprint": signing.fingerprint(cert),
        "cert_pem": cert.public_bytes(serialization.Encoding.PEM).decode(),
    }
    for field, image in (("signature_png", signature_png), ("seal_png", seal_png)):
        if image is not None:
            defaults[field] = check_png(image)
    row, _created = UnitCertificate.objects.update_or_create(unit=unit, defaults=defaults)
    row.refresh_from_db()  # the key as the database gives it back (bytes or memoryview), for the snapshot
    record("certificate", row, before=before)
    return row


def install_test_certificate(unit: Unit, ca: signing.IssuingCA | None = None) -> UnitCertificate:
    """A test certificate for ``unit`` (demo and tests) issued by ``ca`` (a fresh self-signed test
    CA when None), its password in a file under the data dir."""
    password = secrets.token_urlsafe(18)
    folder = Path(settings.MEDIA_ROOT).parent / "certs"  # the data dir, beside the files, never served
    folder.mkdir(parents=True, exist_ok=True)
    pass_file = folder / f"{unit.slug}.pass"
    pass_file.write_text(password, encoding="utf-8")
    os.chmod(pass_file, 0o600)
    p12, cert, chain = signing.issue_test_certificate(unit.name, password.encode(), ca=ca)
    signature_png, seal_png = stamp.sample_images()
    return _register_opened(unit, p12, cert, chain, password_file=str(pass_file.relative_to(folder.parent)),
                            signature_png=signature_png, seal_png=seal_png)


def trusted() -> list[bytes]:
    """PEM certificates of every registered unit (the trust anchors of ``report verify``)."""
    return [c.encode() for c in UnitCertificate.objects.exclude(cert_pem="").values_list("cert_pem", flat=True)]


def issuers() -> list[bytes]:
    """PEM certificates of the CAs of the registered units (trusted for time stamps, not for signers)."""
    out: list[bytes] = []
    for chain in UnitCertificate.objects.exclude(chain_pem="").values_list("chain_pem", flat=True):
        out += [("-----BEGIN CERTIFICATE-----" + part).encode()
                for part in chain.split("-----BEGIN CERTIFICATE-----") if part.strip()]
    return list(dict.fromkeys(out))


def install_demo_certificates(province: Unit, communes: list[Unit]) -> int:
    """Test certificates for the demo's signing units: the province, the communes, their Party
    committees, the offices that have a leader and the province's bodies that have one (the Sở,
    the Thanh tra, the Tỉnh ủy), all issued by one test CA made for this load (as a real CA issues
    many units'). Units already holding one keep it.

    Returns how many were created (loading the demo again creates none).
    """
    from django.db.models import Q

    from theodoi.tenancy.models import Role, UnitKind

    units = (Unit.objects.filter(Q(pk=province.pk) | Q(pk__in=[c.pk for c in communes])
                                 | Q(parent__in=communes, kind=UnitKind.PARTY)
                                 | Q(parent__in=communes, memberships__role=Role.LEADER)
                                 | Q(parent=province, memberships__role=Role.LEADER))
             .filter(certificate__isnull=True).distinct().order_by("path"))
    created = 0
    ca: signing.IssuingCA | None = None
    for unit in units:
        ca = ca or signing.make_test_ca()
        install_test_certificate(unit, ca)
        created += 1
    return created


def check_png(data: bytes) -> bytes:
    """``data`` if it is a PNG image (SigningError in Vietnamese otherwise)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            ok = img.format == "PNG"
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise signing.SigningError("Hình chữ ký hoặc con dấu phải là tệp PNG (nền trong suốt).") from exc
    if not ok:
        raise signing.SigningError("Hình chữ ký hoặc con dấu phải là tệp PNG (nền trong suốt).")
    return data


def long_term() -> signing.LongTerm:
    """The time stamp and revocation settings: THEODOI_TSA_URL, THEODOI_CRL_DIR, THEODOI_REVOCATION_ONLINE."""
    crls: list[bytes] = []
    folder = str(getattr(settings, "THEODOI_CRL_DIR", "") or "")
    if folder:
        path = Path(folder)
        if not path.is_dir():
            raise signing.SigningError(f"Không thấy thư mục danh sách thu hồi chứng thư THEODOI_CRL_DIR={folder}.")
        crls = [f.read_bytes() for f in sorted(path.iterdir()) if f.suffix.lower() in (".crl", ".pem", ".der")]
    return signing.LongTerm(tsa_url=str(getattr(settings, "THEODOI_TSA_URL", "") or ""), crls=tuple(crls),
                            online=bool(getattr(settings, "THEODOI_REVOCATION_ONLINE", False)))


@contextmanager
def signer_for(unit: Unit) -> Iterator[Any]:
    """The pyHanko signer of ``unit``'s key, a PKCS#12 file or a PKCS#11 token (open while in use);
    SigningError in Vietnamese when it cannot be opened."""
    row = UnitCertificate.objects.filter(unit=unit).first()
    if row is not None and row.pkcs11_key:
        with token.signer(_token_key(row), _secret(row, unit) or _default_pin()) as signer:
            yield signer
        return
    p12, password = load(unit)
    yield signing.p12_signer(p12, password)


def check(unit: Unit) -> None:
    """Whether ``unit`` can sign now (its key opens): SigningError in Vietnamese otherwise."""
    with signer_for(unit):
        pass


def _token_key(row: UnitCertificate) -> token.TokenKey:
    return token.TokenKey(lib=str(getattr(settings, "THEODOI_PKCS11_LIB", "") or ""), key_label=row.pkcs11_key,
                          token_label=row.pkcs11_token, slot=row.pkcs11_slot)


def _default_pin() -> str | None:
    return os.environ.get("THEODOI_PKCS11_PIN") or None


def _secret(row: UnitCertificate, unit: Unit) -> str | None:
    """The .p12 password or the token PIN of ``row``, from its environment variable or file."""
    if row.password_env:
        value = os.environ.get(row.password_env)
        if value is None:
            raise signing.SigningError(f"Chưa đặt biến môi trường {row.password_env} (mật khẩu/PIN chứng thư số).")
        return value
    if row.password_file:
        try:
            return in_data_dir(row.password_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise signing.SigningError(f"Không đọc được tệp mật khẩu chứng thư số của {unit.name}.") from exc
    return None


@transaction.atomic
def register_token(unit: Unit, *, key_label: str, token_label: str = "", slot: int | None = None,
                   pin_env: str = "", pin_file: str = "", signature_png: bytes | None = None,
                   seal_png: bytes | None = None) -> UnitCertificate:
    """Register (or replace) ``unit``'s key on a PKCS#11 token, after opening it and reading its certificate."""
    row = UnitCertificate(unit=unit, pkcs11_key=key_label, pkcs11_token=token_label, pkcs11_slot=slot,
                          password_env=pin_env, password_file=pin_file)
    with token.signer(_token_key(row), _secret(row, unit) or _default_pin()) as signer:
        cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
        chain = [x509.load_der_x509_certificate(c.dump()) for c in signer.cert_registry
                 if c.dump() != signer.signing_cert.dump()]
    defaults: dict[str, Any] = {
        "p12_data": None, "p12_path": "", "password_env": pin_env, "password_file": pin_file,
        "pkcs11_key": key_label, "pkcs11_token": token_label, "pkcs11_slot": slot,
        "subject": signing.subject_name(cert)[:255], "fingerprint": signing.fingerprint(cert),
        "cert_pem": cert.public_bytes(serialization.Encoding.PEM).decode(),
        "chain_pem": "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in chain),
    }
    for field, image in (("signature_png", signature_png), ("seal_png", seal_png)):
        if image is not None:
            defaults[field] = check_png(image)
    saved, _created = UnitCertificate.objects.update_or_create(unit=unit, defaults=defaults)
    record("certificate", saved, after={"unit": unit.pk, "subject": saved.subject, "fingerprint": saved.fingerprint,
                                        "pkcs11": {"token": token_label, "slot": slot, "key": key_label}},
           object_repr=str(saved))
    return saved


def look(unit: Unit, signer: Any) -> stamp.Look:
    """The visible signature of ``unit``: its images and the body's name as the certificate says it."""
    row = UnitCertificate.objects.filter(unit=unit).first()
    return stamp.Look(body_name=signing.signer_subject(signer),
                      signature_png=bytes(row.signature_png) if row and row.signature_png else None,
                      seal_png=bytes(row.seal_png) if row and row.seal_png else None)


def sign(unit: Unit, pdf: bytes, *, reason: str, location: str, name: str, post: str,
         when: dt.datetime) -> bytes:
    """``pdf`` signed by ``unit``: visible signature between ``post`` and ``name``, time-stamped and with
    revocation data as configured."""
    with signer_for(unit) as signer:
        return signing.sign_pdf(pdf, signer, reason=reason, location=location, name=name, post=post,
                                look=look(unit, signer), when=when, long_term=long_term())
