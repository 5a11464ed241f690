"""RSA signing keys for user pools, made lazily and kept for the life of the process.

Generating a 2048-bit RSA key costs 50-100 ms, and a test suite creates thousands of pools in
thousands of scopes. So keys come from a per-process cache, each made from the operating
system's randomness the first time it is needed and never written anywhere: no key is shipped
with iamsim, and no two processes share one. Within a scope every pool gets key pairs no other
pool of that scope has (slot n of the scope -> keys 2n and 2n+1), so tokens of one pool never
verify against another. Pools of *different* scopes may reuse a cached key; they have other
pool IDs (so other issuers and JWKS URLs) unless both scopes use the same seed, in which case
they are meant to be the same pool.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from joserfc.jwk import RSAKey


@dataclass(frozen=True)
class SigningKey:
    kid: str
    jwk: RSAKey

    def public_jwk(self) -> dict[str, Any]:
        d = self.jwk.as_dict(private=False)
        # The members and order of a Cognito JWKS entry.
        return {"alg": "RS256", "e": d["e"], "kid": self.kid, "kty": "RSA", "n": d["n"],
                "use": "sig"}


_CACHE: list[SigningKey] = []
_LOCK = threading.Lock()


def _make() -> SigningKey:
    # Imported here: joserfc and RSA cost ~35 ms to import, which IAM-only suites never need.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from joserfc.jwk import RSAKey

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = private.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    kid = base64.b64encode(hashlib.sha256(der).digest()).decode()
    return SigningKey(kid, RSAKey.import_key(private))


def key(index: int) -> SigningKey:
    with _LOCK:
        while len(_CACHE) <= index:
            _CACHE.append(_make())
        return _CACHE[index]


def pool_keys(slot: int) -> tuple[SigningKey, SigningKey]:
    """(ID-token key, access-token key) of the pool in key slot `slot`."""
    return key(2 * slot), key(2 * slot + 1)
