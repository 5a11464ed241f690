"""SSH public keys as IAM takes them for CodeCommit: OpenSSH `ssh-rsa` lines or PEM, RSA only,
at least 2048 bits. The MD5 fingerprint is over the OpenSSH key blob, as `ssh-keygen -l -E md5`
shows it, whichever encoding was uploaded."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from .errors import InvalidPublicKey, UnrecognizedPublicKeyEncoding

MIN_BITS = 2048
_PEM_LABELS = ("PUBLIC KEY", "RSA PUBLIC KEY")

INVALID = "The public key is malformed or otherwise invalid."
UNRECOGNIZED = "The public key encoding format is unsupported or unrecognized."
TOO_SHORT = f"The public key must be an RSA key of at least {MIN_BITS} bits."


@dataclass(frozen=True)
class PublicKey:
    blob: bytes  # OpenSSH wire-format key (string "ssh-rsa", mpint e, mpint n)
    encoding: str  # "SSH" or "PEM": how it was uploaded

    @property
    def fingerprint(self) -> str:
        return ":".join(f"{b:02x}" for b in hashlib.md5(self.blob).digest())

    def ssh(self) -> str:
        return "ssh-rsa " + base64.b64encode(self.blob).decode()

    def pem(self) -> str:
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_ssh_public_key(self.ssh().encode())
        return key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()


def parse(body: str) -> PublicKey:
    """Parse an uploaded key body; raise InvalidPublicKey / UnrecognizedPublicKeyEncoding."""
    text = body.strip()
    if text.startswith("-----BEGIN "):
        return _parse_pem(text)
    fields = text.split()
    if not fields:
        raise UnrecognizedPublicKeyEncoding(UNRECOGNIZED)
    if fields[0] != "ssh-rsa":
        # Other OpenSSH key types (ssh-ed25519, ecdsa-sha2-*, ...) and anything else.
        raise UnrecognizedPublicKeyEncoding(UNRECOGNIZED)
    if len(fields) < 2:
        raise InvalidPublicKey(INVALID)
    try:
        blob = base64.b64decode(fields[1].encode(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidPublicKey(INVALID) from None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_ssh_public_key(b"ssh-rsa " + base64.b64encode(blob))
    except Exception:  # ValueError, UnsupportedAlgorithm: a corrupt blob
        raise InvalidPublicKey(INVALID) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise InvalidPublicKey(INVALID)
    return _checked(key, "SSH")


def _parse_pem(text: str) -> PublicKey:
    label = text[len("-----BEGIN ") :].split("-----", 1)[0]
    if label not in _PEM_LABELS:
        raise UnrecognizedPublicKeyEncoding(UNRECOGNIZED)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_public_key(text.encode())
    except Exception:
        raise InvalidPublicKey(INVALID) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise InvalidPublicKey(INVALID)
    return _checked(key, "PEM")


def _checked(key: object, encoding: str) -> PublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    assert isinstance(key, rsa.RSAPublicKey)
    if key.key_size < MIN_BITS:
        raise InvalidPublicKey(TOO_SHORT)
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return PublicKey(blob=base64.b64decode(line.split()[1]), encoding=encoding)
