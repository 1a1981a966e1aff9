"""Reading and registering the units' signing certificates (UnitCertificate)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction

from theodoi.audit.services import record
from theodoi.reporting import signing
from theodoi.reporting.models import UnitCertificate
from theodoi.tenancy.models import Unit


def load(unit: Unit) -> tuple[bytes, bytes | None]:
    """The PKCS#12 bytes and password of ``unit`` (SigningError in Vietnamese when missing)."""
    cert = UnitCertificate.objects.filter(unit=unit).first()
    if cert is None:
        raise signing.SigningError(
            f"{unit.name} chưa được cấu hình chứng thư số để ký báo cáo (UnitCertificate).")
    if cert.p12_data:
        data = bytes(cert.p12_data)
    elif cert.p12_path and Path(cert.p12_path).is_file():
        data = Path(cert.p12_path).read_bytes()
    else:
        raise signing.SigningError(f"Không tìm thấy tệp chứng thư số của {unit.name}.")
    password: str | None = None
    if cert.password_env:
        password = os.environ.get(cert.password_env)
        if password is None:
            raise signing.SigningError(f"Chưa đặt biến môi trường {cert.password_env} (mật khẩu chứng thư số).")
    elif cert.password_file:
        try:
            password = Path(cert.password_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise signing.SigningError(f"Không đọc được tệp mật khẩu chứng thư số của {unit.name}.") from exc
    return data, password.encode() if password else None


@transaction.atomic
def register(unit: Unit, p12: bytes, password: bytes | None, *, path: str = "", password_env: str = "",
             password_file: str = "", store: bool = True) -> UnitCertificate:
    """Register (or replace) the certificate of ``unit`` after checking that it opens."""
    cert, _chain = signing.certificate_of(p12, password)
    row, _created = UnitCertificate.objects.update_or_create(unit=unit, defaults={
        "p12_data": p12 if store else None, "p12_path": path, "password_env": password_env,
        "password_file": password_file, "subject": signing.subject_name(cert)[:255],
        "fingerprint": signing.fingerprint(cert),
        "cert_pem": cert.public_bytes(serialization.Encoding.PEM).decode(),
    })
    record("certificate", row, after={"unit": unit.pk, "subject": row.subject, "fingerprint": row.fingerprint},
           object_repr=str(row))
    return row


def install_test_certificate(unit: Unit) -> UnitCertificate:
    """A self-signed test certificate for ``unit`` (demo and tests), its password in a file under the data dir."""
    password = secrets.token_urlsafe(18)
    folder = Path(settings.MEDIA_ROOT).parent / "certs"  # the data dir, beside the files, never served
    folder.mkdir(parents=True, exist_ok=True)
    pass_file = folder / f"{unit.slug}.pass"
    pass_file.write_text(password, encoding="utf-8")
    os.chmod(pass_file, 0o600)
    p12 = signing.make_test_certificate(unit.name, password.encode())
    return register(unit, p12, password.encode(), password_file=str(pass_file))


def trusted() -> list[bytes]:
    """PEM certificates of every registered unit (the trust anchors of ``report verify``)."""
    return [c.encode() for c in UnitCertificate.objects.exclude(cert_pem="").values_list("cert_pem", flat=True)]


def install_demo_certificates(province: Unit, communes: list[Unit]) -> int:
    """Test certificates for the demo's signing units: the province, the communes, their Party
    committees, the offices that have a leader and the province's bodies that have one (the Sở,
    the Thanh tra, the Tỉnh ủy). Units already holding one keep it.

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
    for unit in units:
        install_test_certificate(unit)
        created += 1
    return created
