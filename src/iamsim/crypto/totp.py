"""RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30-second steps), as the
authenticator apps that AWS virtual MFA devices pair with compute them."""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import struct

STEP_SECONDS = 30
DIGITS = 6


def secret_of(base32_seed: bytes | str) -> bytes:
    text = base32_seed.decode() if isinstance(base32_seed, bytes) else base32_seed
    text = text.strip().upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def step_at(t: _dt.datetime) -> int:
    return int(t.timestamp()) // STEP_SECONDS


def code(secret: bytes, step: int) -> str:
    """RFC 4226 HOTP of the step counter, with dynamic truncation."""
    mac = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def consecutive_step(
    secret: bytes, code1: str, code2: str, now_step: int, behind: int, ahead: int = 1
) -> int | None:
    """The step of `code2` when `code1` and `code2` are codes of two consecutive steps whose
    second lies within [now_step - behind, now_step + ahead]; None otherwise."""
    for second in range(now_step + ahead, now_step - behind - 1, -1):
        if code(secret, second) == code2 and code(secret, second - 1) == code1:
            return second
    return None
