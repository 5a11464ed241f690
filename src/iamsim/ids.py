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
# The account moto answers in when a request names none (authz/owners.py).
MOTO_DEFAULT_ACCOUNT = "123456789012"


def _draw_table(alphabet: str) -> bytes | None:
    """For an ASCII alphabet of 2**m characters (m <= 8): byte -> alphabet[byte >> (8 - m)].

    random.choices(alphabet, k=n) picks alphabet[floor(random() * 2**m)] n times, and each
    random() uses two 32-bit Mersenne Twister outputs of which only the first one's top m bits
    decide the pick. getrandbits(64 * n) draws the same 2n outputs, in order, least significant
    first, so byte 8i+3 of its little-endian bytes is the top byte of the i-th pick's first
    output: the same characters and the same stream position, all in C."""
    n = len(alphabet)
    if not alphabet.isascii() or n < 2 or n > 256 or n & (n - 1):
        return None
    shift = 9 - n.bit_length()
    return bytes(ord(alphabet[b >> shift]) for b in range(256))


_TABLES = {a: _draw_table(a) for a in (_ID_ALPHABET, _SECRET_ALPHABET)}
# Version 4 (bits 76-79 = 0100) and the RFC 4122 variant (bits 62-63 = 10) of a request ID.
_UUID_KEEP = ~(0xF000 << 64) & ~(0xC000 << 48)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


class IdGenerator:
    """One random stream per account; a seed makes a scope's IDs repeat run after run."""

    def __init__(self, seed: int | str | None = None) -> None:
        self._rng = random.Random(seed if seed is not None else os.urandom(16))
        self._lock = threading.Lock()

    def chars(self, alphabet: str, n: int) -> str:
        table = _TABLES.get(alphabet)
        with self._lock:
            if table is None or n <= 0:
                return "".join(self._rng.choices(alphabet, k=n))
            raw = self._rng.getrandbits(64 * n).to_bytes(8 * n, "little")
        return raw[3::8].translate(table).decode("ascii")

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
        h = ((n & _UUID_KEEP) | _UUID_SET).to_bytes(16, "big").hex()
        return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))

    def token(self, n: int, alphabet: str = _SECRET_ALPHABET) -> str:
        return self.chars(alphabet, n)

    def randbytes(self, n: int) -> bytes:
        with self._lock:
            return self._rng.randbytes(n)
