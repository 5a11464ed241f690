"""The OpenID Connect tokens Cognito identity pools issue for an identity (GetOpenIdToken),
signed with one process-wide key that stands for cognito-identity.amazonaws.com's, as AWS has
one issuer for every pool. The claims follow a decoded token on record: sub (the identity),
aud (the pool), amr, iss, the pool's ARN, exp and iat; the header has a region-named kid,
typ JWS and RS512."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..cognito.keys import SigningKey
    from ..dispatch import Call
    from .model import Identity, IdentityPool

ISSUER = "https://cognito-identity.amazonaws.com"
PROVIDER = "cognito-identity.amazonaws.com"
POOL_ARN_CLAIM = "https://cognito-identity.amazonaws.com/identity-pool-arn"
TTL = 600  # "The OpenID token is valid for 10 minutes" (GetOpenIdToken API reference)
_KEY: list[SigningKey] = []
_LOCK = threading.Lock()


def _key() -> SigningKey:
    from ..cognito.keys import _make

    with _LOCK:
        if not _KEY:
            _KEY.append(_make())
        return _KEY[0]


def claims(call: Call, pool: IdentityPool, identity: Identity, amr: list[str]) -> dict[str, Any]:
    now = int(call.now.timestamp())
    return {"sub": identity.id, "aud": pool.id, "amr": amr, "iss": ISSUER,
            POOL_ARN_CLAIM: pool.arn, "exp": now + TTL, "iat": now}


def sign(call: Call, body: dict[str, Any]) -> str:
    from joserfc import jws

    key = _key()
    header = {"kid": f"{call.region}-1", "typ": "JWS", "alg": "RS512"}
    payload = json.dumps(body, separators=(",", ":")).encode()
    return jws.serialize_compact(header, payload, key.jwk, algorithms=["RS512"])
