"""Identifiers in AWS's formats, reproducible when the scope is given a seed."""

from __future__ import annotations

import base64
import os
import random
import threading

# AWS unique IDs use upper-case letters and the digits 2-7 (base32 alphabet).
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Prefixes AWS documents for unique identifiers (IAM User Guide, "IAM identifiers").
PREFIX = {
    "user": "AIDA",
    "group": "AGPA",
    "role": "AROA",
    "policy": "ANPA",
    "instance-profile": "AIPA",
    "server-certificate": "ASCA",
    "access-key": "AKIA",
    "session-key": "ASIA",
    "ssh-key": "APKA",
    "service-credential": "ACCA",
}


# AWS's documented example credentials, which the scope puts in the environment: valid
# nowhere, recognisable in logs, and the scope's root user.
FAKE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
FAKE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


class IdGenerator:
    """One random stream per account; a seed makes a scope's IDs repeat run after run."""

    def __init__(self, seed: int | str | None = None) -> None:
        self._rng = random.Random(seed if seed is not None else os.urandom(16))
        self._lock = threading.Lock()

    def chars(self, alphabet: str, n: int) -> str:
        with self._lock:
            return "".join(self._rng.choices(alphabet, k=n))

    def unique_id(self, kind: str) -> str:
        """21 characters: 4-letter prefix + 17 (users, groups, roles, policies...)."""
        return PREFIX[kind] + self.chars(_ID_ALPHABET, 17)

    def access_key_id(self, account_id: str, temporary: bool = False) -> str:
        """AKIA/ASIA + 16 base32 characters that encode the owning account, as AWS's keys do
        (bits 46..7 of the first six decoded bytes), so GetAccessKeyInfo can decode them."""
        raw = bytearray(self.randbytes(10))
        head = int.from_bytes(raw[:6], "big")
        head = (head & ~0x7FFFFFFFFF80) | (int(account_id) << 7)
        raw[:6] = head.to_bytes(6, "big")
        body = base64.b32encode(bytes(raw)).decode()
        return PREFIX["session-key" if temporary else "access-key"] + body

    def secret_access_key(self) -> str:
        return self.chars(_SECRET_ALPHABET, 40)

    def request_id(self) -> str:
        """A version-4 UUID, as AWS request IDs are."""
        with self._lock:
            n = self._rng.getrandbits(128)
        n = (n & ~(0xF000 << 64)) | (0x4000 << 64)  # version 4
        n = (n & ~(0xC000 << 48)) | (0x8000 << 48)  # RFC 4122 variant
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def token(self, n: int, alphabet: str = _SECRET_ALPHABET) -> str:
        return self.chars(alphabet, n)

    def randbytes(self, n: int) -> bytes:
        with self._lock:
            return self._rng.randbytes(n)
