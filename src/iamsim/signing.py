"""Request authentication: does the request carry a valid signature for the key it names?

The fast path compares the client's secret with the stored one; the wire path recomputes the
SigV4 signature from the bytes, as AWS does. Either way a known key signed with the wrong
secret gets SignatureDoesNotMatch.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import IAMError, InvalidClientTokenId

_AUTH_RE = re.compile(
    r"Credential=([^/]+)/(\d+)/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
    r"Signature=([0-9a-f]+)"
)
_INVALID_TOKEN = "The security token included in the request is invalid."


class SignatureDoesNotMatch(IAMError):
    code, status = "SignatureDoesNotMatch", 403

    def __init__(self) -> None:
        super().__init__(
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details."
        )


def _text(v: Any) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


class Proof:
    """What a signed request proves about its credentials: the key it names, whether its
    signature matches a given secret, and the session token it carries."""

    access_key_id: str | None = None
    token: str | None = None

    def signed_with(self, secret: str) -> bool:
        raise NotImplementedError

    def check(self, secret: str, expected_token: str | None) -> None:
        """Raise as AWS does when the secret or the session token does not match."""
        if expected_token is not None and self.token != expected_token:
            raise InvalidClientTokenId(_INVALID_TOKEN)
        if not self.signed_with(secret):
            raise SignatureDoesNotMatch()


class ClientProof(Proof):
    """Fast path: the credentials botocore's signer would sign with are at hand (frozen, as
    the signer takes them), so compare them directly."""

    def __init__(self, frozen: Any) -> None:
        self.access_key_id = frozen.access_key
        self.token = frozen.token or None
        self._secret = frozen.secret_key

    def signed_with(self, secret: str) -> bool:
        return bool(self._secret == secret)


class WireProof(Proof):
    """Wire path: recompute the SigV4 signature from the request bytes, as AWS does."""

    def __init__(self, request: Any) -> None:
        self._request = request
        self._match = _AUTH_RE.search(_text(request.headers.get("Authorization", b"")))
        if self._match is not None:
            self.access_key_id = self._match.group(1)
        token = request.headers.get("X-Amz-Security-Token")
        self.token = _text(token) if token is not None else None

    @property
    def signed(self) -> bool:
        return self._match is not None

    @property
    def region(self) -> str | None:
        return self._match.group(3) if self._match is not None else None

    def signed_with(self, secret: str) -> bool:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        if self._match is None:
            return False
        key, _date, region, service, signed, signature = self._match.groups()
        request = self._request
        names = set(signed.split(";"))
        headers = {k: _text(v) for k, v in request.headers.items() if k.lower() in names}
        copy = AWSRequest(method=request.method, url=request.url, headers=headers,
                          data=request.body)
        copy.context["timestamp"] = _text(request.headers.get("X-Amz-Date", b""))
        auth = SigV4Auth(Credentials(key, secret), service, region)
        expected = auth.signature(auth.string_to_sign(copy, auth.canonical_request(copy)), copy)
        return bool(expected == signature)
