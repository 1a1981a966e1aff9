"""The second factor of signing in: an authenticator app (TOTP, RFC 6238, pyotp) and recovery codes.

The only writer of ``SecondFactor`` and ``RecoveryCode``; every change is audited (without the
secret). The shared key is stored encrypted (Fernet) with a key derived from SECRET_KEY, so a copy
of the database alone does not give the codes away; a restore needs the same secret key. Recovery
codes are shown once and kept as digests. A TOTP code is accepted once (``last_step``), within one
30-second step either side of the server's clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from theodoi.audit.services import record
from theodoi.tenancy import permissions
from theodoi.tenancy.models import RecoveryCode, SecondFactor, User

ISSUER = "theodoi"
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper


class SecondFactorError(Exception):
    """A refused second-factor operation; ``str(exc)`` is the Vietnamese reason."""


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"theodoi", info=b"second factor secret").derive(
        settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def _open(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecondFactorError("Không giải mã được khóa xác thực hai bước (khóa bí mật SECRET_KEY đã đổi?). "
                                "Quản trị cần tắt rồi kích hoạt lại cho tài khoản này.") from exc


def _audit(action: str, user: User, actor: Any, after: dict[str, Any] | None = None, reason: str = "") -> None:
    record(action, None, actor=actor, object_type="tenancy.secondfactor", object_id=str(user.pk),
           object_repr=str(user)[:255], after=after, reason=reason)


def is_enrolled(user: Any) -> bool:
    return bool(getattr(user, "pk", None)) and SecondFactor.objects.filter(
        user_id=user.pk, confirmed_at__isnull=False).exists()


def state_after_password(user: Any) -> str:
    """What a password sign-in of ``user`` still needs: "verify" (a code), "enrol" (set up the app) or ""."""
    if is_enrolled(user):
        return "verify"
    if settings.THEODOI_SECOND_FACTOR == "required" and permissions.needs_second_factor(user):
        return "enrol"
    return ""


@transaction.atomic
def begin_enrolment(user: User) -> str:
    """A new shared key for ``user``'s app (replacing an unconfirmed one); the base32 secret.

    Refused while a confirmed one is on: an administrator turns it off first.
    """
    row = SecondFactor.objects.select_for_update().filter(user=user).first()
    if row is not None and row.confirmed_at is not None:
        raise SecondFactorError("Tài khoản đã bật xác thực hai bước.")
    secret = pyotp.random_base32()
    if row is None:
        SecondFactor.objects.create(user=user, secret=_seal(secret))
    else:
        row.secret, row.last_step = _seal(secret), 0
        row.save(update_fields=["secret", "last_step"])
    return secret


def pending_secret(user: User) -> str | None:
    """The key of an enrolment begun and not yet confirmed (for showing its QR code)."""
    row = SecondFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    return _open(row.secret) if row else None


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def qr_svg(uri: str) -> bytes:
    """The otpauth URI as a QR code in SVG, drawn here (segno): nothing leaves the server."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False,
                                    title="theodoi", dark="#000", light="#fff")
    return out.getvalue()


def _step_of(secret: str, code: str, after: int) -> int | None:
    """The time step whose code ``code`` is (now, or one step either side), if later than ``after``."""
    totp = pyotp.TOTP(secret)
    now = int(timezone.now().timestamp()) // totp.interval
    for step in (now, now - 1, now + 1):
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _digest(user: User, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"recovery:{user.pk}:{_normal(code)}".encode(),
                    hashlib.sha256).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = ["-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(2))
             for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, digest=_digest(user, c)) for c in codes])
    return codes


@transaction.atomic
def confirm_enrolment(user: User, code: str) -> list[str]:
    """Turn the second factor on once ``code`` from the app matches; the recovery codes (shown once)."""
    row = SecondFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if row is None:
        raise SecondFactorError("Chưa bắt đầu kích hoạt xác thực hai bước, hoặc đã kích hoạt rồi.")
    step = _step_of(_open(row.secret), _normal(code), 0)
    if step is None:
        raise SecondFactorError("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực "
                                "(kiểm tra giờ của điện thoại).")
    row.confirmed_at, row.last_step = timezone.now(), step
    row.save(update_fields=["confirmed_at", "last_step"])
    codes = _new_recovery_codes(user)
    _audit("second_factor_on", user, user, after={"user": user.pk, "recovery_codes": len(codes)})
    return codes


@transaction.atomic
def verify(user: User, code: str) -> str:
    """Check a code at sign-in: "totp" or "recovery" (that recovery code is then used up); "" if wrong."""
    row = SecondFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if row is None:
        return ""
    typed = _normal(code)
    if typed.isdigit() and len(typed) == 6:
        step = _step_of(_open(row.secret), typed, row.last_step)
        if step is None:
            return ""
        row.last_step = step
        row.save(update_fields=["last_step"])
        return "totp"
    left = RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True)
    match = left.filter(digest=_digest(user, typed)).first()
    if match is None:
        return ""
    match.used_at = timezone.now()
    match.save(update_fields=["used_at"])
    _audit("recovery_code_used", user, user, after={"user": user.pk, "recovery_codes_left": left.count()})
    return "recovery"


@transaction.atomic
def renew_recovery_codes(user: User) -> list[str]:
    """New recovery codes for an enrolled user (the old ones stop working)."""
    if not is_enrolled(user):
        raise SecondFactorError("Tài khoản chưa bật xác thực hai bước.")
    codes = _new_recovery_codes(user)
    _audit("recovery_codes_renewed", user, user, after={"user": user.pk, "recovery_codes": len(codes)})
    return codes


@transaction.atomic
def disable(target: User, actor: Any, reason: str) -> None:
    """Turn ``target``'s second factor off (a lost phone): an administrator's act, with a reason.

    The user then sets the app up again at the next sign-in when their role requires it.
    """
    if not permissions.can_reset_second_factor(actor, target):
        raise SecondFactorError("Bạn không có quyền tắt xác thực hai bước của tài khoản này.")
    reason = (reason or "").strip()
    if not reason:
        raise SecondFactorError("Phải ghi lý do tắt xác thực hai bước.")
    deleted, _ = SecondFactor.objects.filter(user=target).delete()
    RecoveryCode.objects.filter(user=target).delete()
    if not deleted:
        raise SecondFactorError("Tài khoản này chưa bật xác thực hai bước.")
    _audit("second_factor_off", target, actor, after={"user": target.pk}, reason=reason[:1000])
