"""X.509 certificates and private keys in PEM, parsed for real (signing and server
certificates): structure, validity dates, key/certificate match, chain order."""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from .errors import KeyPairMismatch, MalformedCertificate

_BLOCK = re.compile(
    r"-----BEGIN ([A-Z0-9 ]+)-----\s*(.*?)\s*-----END \1-----", re.DOTALL
)

CANNOT_PARSE = "Unable to parse certificate. Please ensure the certificate is in PEM format."
CANNOT_PARSE_KEY = "Unable to parse private key. Please ensure the private key is in PEM format."
EXPIRED = "The certificate is expired."
NOT_YET_VALID = "The certificate is not yet valid."
MISMATCH = "The public key certificate and the private key do not match."
CHAIN = (
    "Unable to validate certificate chain. The certificate chain must start with the immediate "
    "signing certificate, followed by any intermediaries in order. The index within the chain "
    "of the invalid certificate is: {}"
)


@dataclass(frozen=True)
class Certificate:
    der: bytes
    not_before: _dt.datetime
    not_after: _dt.datetime
    obj: Any  # cryptography.x509.Certificate

    @property
    def sha1_id(self) -> str:
        """32 upper-case base32 characters derived from the DER bytes: a stable identifier."""
        return base64.b32encode(hashlib.sha1(self.der).digest()).decode().rstrip("=")


def _blocks(text: str) -> list[tuple[str, str]]:
    """(label, base64 body) of each PEM block; anything else between blocks is an error."""
    out: list[tuple[str, str]] = []
    pos = 0
    stripped = text.strip()
    for m in _BLOCK.finditer(stripped):
        if stripped[pos : m.start()].strip():
            raise ValueError("junk between PEM blocks")
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    if stripped[pos:].strip():
        raise ValueError("junk after PEM blocks")
    return out


_primed = False


def _validity(cert: Any) -> tuple[_dt.datetime, _dt.datetime]:
    """The certificate's validity period.

    cryptography looks up `datetime.datetime` once, on its first conversion, and keeps it. If
    that first conversion ran under freezegun it would keep FakeDatetime, and every later use
    of cryptography with real datetimes (in iamsim or in the user's own code) would fail. So the
    first conversion runs with the real class in place.
    """
    global _primed
    if _primed:
        return cert.not_valid_before_utc, cert.not_valid_after_utc
    current = _dt.datetime
    real = next(c for c in current.__mro__ if c.__module__ == "datetime")
    _dt.datetime = real  # type: ignore[misc, assignment]
    try:
        result: tuple[_dt.datetime, _dt.datetime] = (
            cert.not_valid_before_utc, cert.not_valid_after_utc)
    finally:
        _dt.datetime = current  # type: ignore[misc]
    _primed = True
    return result


def _load(label: str, body: str) -> Certificate:
    from cryptography import x509

    if label != "CERTIFICATE":
        raise ValueError(label)
    der = base64.b64decode("".join(body.split()), validate=True)
    cert = x509.load_der_x509_certificate(der)
    not_before, not_after = _validity(cert)
    return Certificate(der, not_before, not_after, cert)


def certificate(text: str, now: _dt.datetime) -> Certificate:
    """Exactly one PEM certificate, currently valid; MalformedCertificate otherwise."""
    try:
        blocks = _blocks(text)
        if len(blocks) != 1:
            raise ValueError("one certificate expected")
        cert = _load(*blocks[0])
    except Exception:
        raise MalformedCertificate(CANNOT_PARSE) from None
    if now > cert.not_after:
        raise MalformedCertificate(EXPIRED)
    if now < cert.not_before:
        raise MalformedCertificate(NOT_YET_VALID)
    return cert


def chain(text: str, leaf: Certificate) -> list[Certificate]:
    """The chain must start with the leaf's issuer, each certificate issued by the next."""
    try:
        certs = [_load(*b) for b in _blocks(text)]
    except Exception:
        raise MalformedCertificate(CHAIN.format(-1)) from None
    if not certs:
        raise MalformedCertificate(CHAIN.format(-1))
    child = leaf
    for i, issuer in enumerate(certs):
        try:
            child.obj.verify_directly_issued_by(issuer.obj)
        except Exception:
            raise MalformedCertificate(CHAIN.format(i)) from None
        child = issuer
    return certs


def private_key_matching(text: str, cert: Certificate) -> None:
    """The PEM private key must parse (unencrypted) and hold the certificate's public key."""
    from cryptography.hazmat.primitives import serialization

    try:
        blocks = _blocks(text)
        if len(blocks) != 1 or not blocks[0][0].endswith("PRIVATE KEY"):
            raise ValueError("one private key expected")
        key = serialization.load_pem_private_key(text.strip().encode(), password=None)
    except Exception:
        raise MalformedCertificate(CANNOT_PARSE_KEY) from None
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*spki) != cert.obj.public_key().public_bytes(*spki):
        raise KeyPairMismatch(MISMATCH)
