"""Signing keys on a PKCS#11 token (the USB keys of the Government's specialised CA), through
pyHanko's pkcs11 support (python-pkcs11).

The module (``THEODOI_PKCS11_LIB``: the token vendor's library, SoftHSM2 in tests) is loaded once per
process; each signing opens a session on the token (by label or slot number), logs in with the PIN,
signs and closes it. The private key never leaves the token. Errors are Vietnamese ``SigningError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from theodoi.reporting.signing import SigningError


@dataclass(frozen=True)
class TokenKey:
    """Where a unit's key is: the PKCS#11 module, the token (label, or slot number) and the key's label."""

    lib: str
    key_label: str
    token_label: str = ""
    slot: int | None = None

    def describe(self) -> str:
        where = f"token «{self.token_label}»" if self.token_label else f"khe {self.slot}" if self.slot is not None \
            else "token đầu tiên"
        return f"{where}, khóa «{self.key_label}»"


def _why(exc: BaseException, key: TokenKey) -> str:
    names = type(exc).__name__
    if names == "PinIncorrect":
        return f"Sai mã PIN của thiết bị ký số ({key.describe()})."
    if names in ("PinLocked", "PinExpired"):
        return f"Mã PIN của thiết bị ký số đã bị khóa hoặc hết hạn ({key.describe()}): liên hệ đơn vị cấp chứng thư."
    if names in ("TokenNotPresent", "TokenNotRecognised", "SlotIDInvalid", "DeviceRemoved", "NoSuchToken") \
            or "No token" in str(exc):
        return f"Không thấy thiết bị ký số ({key.describe()}): hãy cắm USB token rồi thử lại."
    if "Could not find" in str(exc) or names == "NoSuchKey":
        return f"Trên thiết bị ký số không có khóa hoặc chứng thư mang nhãn «{key.key_label}»."
    return f"Không dùng được thiết bị ký số ({key.describe()}): {names} {exc}".strip()


@contextmanager
def signer(key: TokenKey, pin: str | None) -> Iterator[Any]:
    """A pyHanko signer for the key on the token, while the session is open."""
    if not key.lib:
        raise SigningError("Chưa đặt THEODOI_PKCS11_LIB (thư viện PKCS#11 của thiết bị ký số).")
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError as exc:  # pragma: no cover - python-pkcs11 is a dependency
        raise SigningError("Thiếu thư viện python-pkcs11 để ký bằng thiết bị ký số.") from exc
    try:
        session = open_pkcs11_session(
            key.lib, slot_no=key.slot,
            token_criteria=TokenCriteria(label=key.token_label) if key.token_label else None, user_pin=pin)
    except OSError as exc:
        raise SigningError(f"Không nạp được thư viện PKCS#11 {key.lib} ({exc}).") from exc
    except Exception as exc:  # python-pkcs11 raises its own kinds
        raise SigningError(_why(exc, key)) from exc
    try:
        try:
            # other_certs_to_pull=None: the CA certificates stored on the token join the chain
            result = PKCS11Signer(session, key_label=key.key_label, other_certs_to_pull=None)
            result.signing_cert  # noqa: B018 (fetches the certificate now, so a wrong label fails here)
        except Exception as exc:
            raise SigningError(_why(exc, key)) from exc
        yield result
    finally:
        session.close()
