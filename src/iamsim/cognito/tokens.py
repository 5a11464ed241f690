"""Cognito's JWTs: minting ID and access tokens, opaque refresh tokens, and verifying an
access token the way the user-pool API does (signature, pool, token_use, expiry, revocation).

Signing uses joserfc's compact JWS (RS256), so the header is Cognito's {"kid", "alg"} only.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from . import common as C
from . import errors as E
from .keys import pool_keys
from .model import AppClient, AuthSession, CognitoUser, UserPool

if TYPE_CHECKING:
    from ..dispatch import Call

SCOPE = "aws.cognito.signin.user.admin"
_REFRESH_HEADER = base64.urlsafe_b64encode(
    b'{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}').decode().rstrip("=")


def jwks(pool: UserPool) -> dict[str, Any]:
    id_key, access_key = pool_keys(pool.key_slot)
    return {"keys": [id_key.public_jwk(), access_key.public_jwk()]}


def _sign(claims: dict[str, Any], signing_key: Any) -> str:
    from joserfc import jws  # lazily: see keys.py
    payload = json.dumps(claims, separators=(",", ":")).encode()
    header = {"kid": signing_key.kid, "alg": "RS256"}
    return jws.serialize_compact(header, payload, signing_key.jwk, algorithms=["RS256"])


def _groups(pool: UserPool, user: CognitoUser) -> list[Any]:
    groups = [pool.groups[g] for g in user.groups if g in pool.groups]
    # Ordered by precedence (lowest first), groups without precedence last (Developer Guide).
    groups.sort(key=lambda g: (g.precedence is None, g.precedence or 0, g.name))
    return groups


def _id_attributes(user: CognitoUser, client: AppClient) -> dict[str, Any]:
    readable = client.settings.get("ReadAttributes")
    out: dict[str, Any] = {}
    for k, v in user.attributes.items():
        if k == "sub" or (readable is not None and k not in readable):
            continue
        out[k] = (v == "true") if k in ("email_verified", "phone_number_verified") else v
    return out


def refresh_token(call: Call) -> str:
    parts = [C.opaque(call, n) for n in (256, 12, 1200, 16)]
    return ".".join([_REFRESH_HEADER, *parts])


def start_session(call: Call, pool: UserPool, client: AppClient, user: CognitoUser
                  ) -> AuthSession:
    import datetime as _dt

    from .handlers.clients import validity_seconds

    st = C.state(call)
    session = AuthSession(C.new_uuid(call), pool.id, client.id, user.sub,
                          int(call.now.timestamp()), refresh_token(call),
                          call.now + _dt.timedelta(seconds=validity_seconds(client,
                                                                            "RefreshToken")))
    st.sessions[session.id] = session
    st.refresh[session.refresh_token] = session
    st.user_sessions.setdefault((pool.id, user.sub), []).append(session)
    return session


def issue(call: Call, pool: UserPool, client: AppClient, user: CognitoUser,
          session: AuthSession, with_refresh: bool = True) -> dict[str, Any]:
    """An AuthenticationResult: ID and access tokens minted now for `session`."""
    from .handlers.clients import validity_seconds

    id_key, access_key = pool_keys(pool.key_slot)
    now = int(call.now.timestamp())
    access_ttl = validity_seconds(client, "AccessToken")
    id_ttl = validity_seconds(client, "IdToken")
    event_id = C.new_uuid(call)
    groups = _groups(pool, user)
    revocable = bool(client.settings.get("EnableTokenRevocation", True))

    access: dict[str, Any] = {"sub": user.sub}
    if groups:
        access["cognito:groups"] = [g.name for g in groups]
    access["iss"] = pool.issuer()
    access["client_id"] = client.id
    if revocable:
        access["origin_jti"] = session.id
    access.update({"event_id": event_id, "token_use": "access", "scope": SCOPE,
                   "auth_time": session.auth_time, "exp": now + access_ttl, "iat": now,
                   "jti": C.new_uuid(call), "username": user.username})

    ident: dict[str, Any] = {"sub": user.sub}
    if groups:
        ident["cognito:groups"] = [g.name for g in groups]
        roles = [g.role_arn for g in groups if g.role_arn]
        if roles:
            ident["cognito:roles"] = roles
            ident["cognito:preferred_role"] = roles[0]
    attrs = _id_attributes(user, client)
    if "email_verified" in attrs:
        ident["email_verified"] = attrs.pop("email_verified")
    ident["iss"] = pool.issuer()
    ident["cognito:username"] = user.username
    if revocable:
        ident["origin_jti"] = session.id
    ident["aud"] = client.id
    ident.update({"event_id": event_id, "token_use": "id", "auth_time": session.auth_time,
                  **attrs, "exp": now + id_ttl, "iat": now, "jti": C.new_uuid(call)})

    C.state(call).access[access["jti"]] = session
    result: dict[str, Any] = {"AccessToken": _sign(access, access_key), "ExpiresIn": access_ttl,
                              "TokenType": "Bearer"}
    if with_refresh:
        result["RefreshToken"] = session.refresh_token
    result["IdToken"] = _sign(ident, id_key)
    return result


def _b64json(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def verify_access(call: Call, token: str) -> tuple[UserPool, CognitoUser, dict[str, Any]]:
    """The pool, user and claims of a valid access token, or AWS's NotAuthorizedException."""
    invalid = E.NotAuthorized("Invalid Access Token")
    parts = token.split(".")
    if len(parts) != 3:
        raise invalid
    try:
        header, claims = _b64json(parts[0]), _b64json(parts[1])
    except (ValueError, UnicodeError, TypeError):
        raise invalid from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise invalid
    iss = claims.get("iss")
    prefix = f"https://cognito-idp.{call.region}.amazonaws.com/"
    if not isinstance(iss, str) or not iss.startswith(prefix):
        raise invalid
    pool = C.state(call).pool(iss[len(prefix):], call.region)
    if pool is None:
        raise invalid
    from joserfc import jws
    from joserfc.errors import JoseError

    access_key = pool_keys(pool.key_slot)[1]
    if header.get("kid") != access_key.kid:
        raise invalid
    try:
        jws.deserialize_compact(token, access_key.jwk, algorithms=["RS256"])
    except (JoseError, ValueError):
        raise invalid from None
    if claims.get("token_use") != "access":
        raise invalid
    exp = claims.get("exp")
    if not isinstance(exp, int) or exp <= call.now.timestamp():
        raise E.NotAuthorized("Access Token has expired")
    session = C.state(call).access.get(str(claims.get("jti")))
    if session is None or session.revoked:
        raise E.NotAuthorized("Access Token has been revoked")
    key = pool.by_sub.get(str(claims.get("sub")))
    user = pool.users.get(key) if key is not None else None
    if user is None:
        raise E.UserNotFound(E.USER_MISSING)
    if not user.enabled:
        raise E.NotAuthorized("User is disabled.")
    if user.status == "RESET_REQUIRED":
        raise E.PasswordResetRequired("Password reset required for the user")
    if user.status == "UNCONFIRMED":
        raise E.UserNotConfirmed("User is not confirmed.")
    return pool, user, claims


def revoke_user(call: Call, pool: UserPool, user: CognitoUser) -> None:
    """GlobalSignOut: every session of the user, with its refresh and access tokens."""
    for s in C.state(call).user_sessions.get((pool.id, user.sub), []):
        s.revoked = True


def verified_claims(pool: UserPool, token: str, token_use: str = "id") -> dict[str, Any]:
    """The claims of a token the pool signed with its `token_use` key ("id" or "access"), as
    an offline verifier checks it (signature and key id only: the caller checks issuer,
    audience and expiry). ValueError when the token is not one or the signature fails."""
    from joserfc import jws
    from joserfc.errors import JoseError

    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("not a JWT")
    try:
        header, claims = _b64json(parts[0]), _b64json(parts[1])
    except (ValueError, UnicodeError, TypeError):
        raise ValueError("not a JWT") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise ValueError("not a JWT")
    signing_key = pool_keys(pool.key_slot)[0 if token_use == "id" else 1]
    if header.get("kid") != signing_key.kid:
        raise ValueError("unknown key")
    try:
        jws.deserialize_compact(token, signing_key.jwk, algorithms=["RS256"])
    except (JoseError, ValueError):
        raise ValueError("bad signature") from None
    return claims
