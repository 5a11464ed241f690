"""Serve a pool's JWKS URL inside a scope, so verifiers that fetch
https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json with urllib (urlopen, or
an opener as PyJWT's PyJWKClient builds) get the scope's keys without touching the network.

urllib's OpenerDirector.open is wrapped while a scope is active: only that URL is answered;
every other request goes to the real method unchanged.
"""

from __future__ import annotations

import email.message
import io
import json
import re
import urllib.request
from typing import Any
from urllib.error import HTTPError

_URL = re.compile(r"https://cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/([\w-]+_[0-9a-zA-Z]+)"
                  r"/\.well-known/jwks\.json")
_original: list[Any] = []


class _Response(io.BytesIO):
    """What urlopen returns, as far as JSON readers use it."""

    def __init__(self, url: str, body: bytes) -> None:
        super().__init__(body)
        self.url = url
        self.status = self.code = 200
        self.reason = "OK"
        self.headers = email.message.Message()
        self.headers["Content-Type"] = "application/json"
        self.headers["Content-Length"] = str(len(body))

    def getcode(self) -> int:
        return 200

    def geturl(self) -> str:
        return self.url

    def info(self) -> email.message.Message:
        return self.headers


def _body_for(url: str) -> bytes | None:
    from .. import interception
    from .model import CognitoState

    m = _URL.fullmatch(url)
    sim = interception.current()
    if m is None or sim is None:
        return None
    pool = sim.account.state(CognitoState).pool(m.group(2), m.group(1))
    if pool is None:
        # AWS answers an unknown pool's JWKS URL with an error document; callers see a 404.
        return b""
    from .tokens import jwks

    return json.dumps(jwks(pool)).encode()


def _open(self: urllib.request.OpenerDirector, url: Any, *args: Any, **kwargs: Any) -> Any:
    target = url.full_url if isinstance(url, urllib.request.Request) else str(url)
    body = _body_for(target)
    if body is None:
        return _original[0](self, url, *args, **kwargs)
    if not body:
        raise HTTPError(target, 404, "Not Found", email.message.Message(), None)
    return _Response(target, body)


def install() -> None:
    if not _original:
        _original.append(urllib.request.OpenerDirector.open)
        urllib.request.OpenerDirector.open = _open  # type: ignore[method-assign, assignment]


def uninstall() -> None:
    if _original:
        urllib.request.OpenerDirector.open = _original.pop()  # type: ignore[method-assign]
