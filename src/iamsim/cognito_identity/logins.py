"""Logins: user pool ID tokens checked as Cognito identity pools check them (provider
configured, issuer, audience, signature with the user pool's ID key, expiry), and the role
an authenticated or unauthenticated identity gets (default roles, token claims, rules)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..cognito.model import CognitoState
from ..cognito.tokens import verified_claims
from . import errors as E

if TYPE_CHECKING:
    from ..dispatch import Call
    from .model import IdentityPool

_USER_POOL = re.compile(r"cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/([\w-]+_[0-9a-zA-Z]+)")


@dataclass
class Login:
    provider: str  # "cognito-idp.<region>.amazonaws.com/<user pool id>"
    client_id: str  # the token's aud
    subject: str  # the token's sub
    claims: dict[str, Any]

    @property
    def amr(self) -> list[str]:
        """The amr values of the identity's OpenID token (as AWS sets them for a user pool
        sign-in, and as API Gateway's cognitoAuthenticationProvider shows them)."""
        return [self.provider, f"{self.provider}:CognitoSignIn:{self.subject}"]


def _unverified(token: str) -> dict[str, Any]:
    parts = token.split(".")
    try:
        if len(parts) != 3:
            raise ValueError
        raw = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(raw)
        if not isinstance(claims, dict):
            raise ValueError
    except (ValueError, binascii.Error, UnicodeError):
        # Our wording: AWS's answer to a token that is not a JWT is not on record.
        raise E.invalid_login("Not a valid OpenId Connect identity token.") from None
    return claims


def verify(call: Call, pool: IdentityPool, logins: dict[str, str] | None) -> list[Login]:
    """Every login of the request, verified; NotAuthorizedException in AWS's words."""
    out: list[Login] = []
    providers = pool.settings.get("CognitoIdentityProviders") or []
    if logins and not any(pool.settings.get(k) for k in (
            "CognitoIdentityProviders", "SupportedLoginProviders", "OpenIdConnectProviderARNs",
            "SamlProviderARNs", "DeveloperProviderName")):
        # As recorded in a public report.
        raise E.NotAuthorized(
            f"Identity pool - {pool.id} does not have identity providers configured.")
    for name, token in (logins or {}).items():
        configured = [p for p in providers if p.get("ProviderName") == name]
        if not configured:
            raise E.NotAuthorized(E.UNSUPPORTED_PROVIDER)
        claims = _unverified(token)
        if claims.get("iss") != f"https://{name}":
            raise E.invalid_login("Issuer doesn't match providerName")
        if "aud" not in claims:  # what an access token gets (recorded)
            raise E.invalid_login("Missing a required claim: aud")
        m = _USER_POOL.fullmatch(name)
        state = call.account.state(CognitoState)
        user_pool = state.pool(m.group(2), m.group(1)) if m is not None else None
        if user_pool is None:
            raise E.invalid_login("Couldn't verify signed token.")
        try:
            claims = verified_claims(user_pool, token, "id")
        except ValueError:
            raise E.invalid_login("Couldn't verify signed token.") from None
        exp, now = claims.get("exp"), int(call.now.timestamp())
        if not isinstance(exp, int) or exp <= now:
            raise E.invalid_login(f"Token expired: {now} >= {exp}")
        aud = str(claims.get("aud"))
        matched = [p for p in configured if p.get("ClientId") in (None, aud)]
        if not matched:
            raise E.NotAuthorized(E.UNSUPPORTED_PROVIDER)
        if any(p.get("ServerSideTokenCheck") for p in matched):
            _server_side_check(state, user_pool, claims)
        out.append(Login(name, aud, str(claims.get("sub") or ""), claims))
    return out


def _server_side_check(state: CognitoState, user_pool: Any, claims: dict[str, Any]) -> None:
    """ServerSideTokenCheck: the identity pool asks the user pool whether the user was signed
    out globally or deleted (CognitoIdentityProvider API reference: "a 400 Not Authorized
    error"); also a disabled user. The message is our wording."""
    key = user_pool.by_sub.get(str(claims.get("sub")))
    user = user_pool.users.get(key) if key is not None else None
    origin = claims.get("origin_jti")  # absent when the app client cannot revoke tokens
    session = state.sessions.get(str(origin)) if origin is not None else None
    revoked = origin is not None and (session is None or session.revoked)
    if user is None or not user.enabled or revoked:
        raise E.invalid_login("The user has been signed out or deleted.")


# Roles -----------------------------------------------------------------------------------

def _default(pool: IdentityPool, kind: str) -> str:
    arn = pool.roles.get(kind)
    if not arn:
        raise E.InvalidIdentityPoolConfiguration(E.ROLES_INVALID)
    return arn


def _matches(rule: dict[str, Any], value: Any) -> bool:
    """One rule against a claim. A list claim (cognito:groups) Equals or Contains a value
    when one of its items does, and is NotEqual when none is (our reading of the rule
    semantics, which AWS documents for string claims)."""
    want, how = str(rule.get("Value", "")), rule.get("MatchType")
    items = [str(v) for v in value] if isinstance(value, list) else (
        [] if value is None else [str(value).lower() if isinstance(value, bool) else str(value)])
    if how == "Equals":
        return want in items
    if how == "Contains":
        return any(want in v for v in items)
    if how == "StartsWith":
        return any(v.startswith(want) for v in items)
    if how == "NotEqual":
        return bool(items) and want not in items
    return False


def role_for(pool: IdentityPool, login: Login | None, custom: str | None) -> str:
    """The role ARN the identity gets: the unauthenticated role, or for a login its
    provider's role mapping (Token: cognito:preferred_role, the only cognito:roles entry, or
    CustomRoleArn among them; Rules: the first rule that matches), falling back to the
    authenticated role or denying as AmbiguousRoleResolution says."""
    if login is None:
        return _default(pool, "unauthenticated")
    mapping = pool.role_mappings.get(f"{login.provider}:{login.client_id}")
    if mapping is None:
        return _default(pool, "authenticated")
    chosen: str | None = None
    if mapping.get("Type") == "Token":
        roles = login.claims.get("cognito:roles")
        roles = [str(r) for r in roles] if isinstance(roles, list) else []
        preferred = login.claims.get("cognito:preferred_role")
        if custom is not None:
            if custom not in roles:
                # Our wording: AWS's message for a CustomRoleArn outside the token's roles
                # is not on record.
                raise E.InvalidParameter("CustomRoleArn is not one of the roles in the token.")
            chosen = custom
        elif isinstance(preferred, str) and preferred:
            chosen = preferred
        elif len(roles) == 1:
            chosen = roles[0]
    else:
        for rule in (mapping.get("RulesConfiguration") or {}).get("Rules") or []:
            if _matches(rule, login.claims.get(str(rule.get("Claim")))):
                chosen = str(rule["RoleARN"])
                break
    if chosen is not None:
        return chosen
    if mapping.get("AmbiguousRoleResolution") == "AuthenticatedRole":
        return _default(pool, "authenticated")
    raise E.NotAuthorized(E.AMBIGUOUS_DENIED)
