"""Identities and what they are given: GetId, GetOpenIdToken, GetCredentialsForIdentity.

All three are unsigned (botocore's model: auth none). GetCredentialsForIdentity is the
enhanced flow: Cognito mints the identity's OpenID token and exchanges it through STS's
AssumeRoleWithWebIdentity path, so the role's trust policy is evaluated against the federated
principal cognito-identity.amazonaws.com with the :aud (pool ID), :sub (identity ID) and :amr
keys, and the credentials are a role session named CognitoIdentityCredentials.
"""

from __future__ import annotations

from typing import Any

from ...dispatch import Call, handler
from ...errors import AccessDenied
from ...sts.federation import oidc_claim_context, web_identity_session
from ...sts.sessions import find_role
from .. import common as C
from .. import errors as E
from .. import openid
from ..logins import Login, role_for, verify
from ..model import Identity, IdentityPool

S = C.S
SESSION_NAME = "CognitoIdentityCredentials"


def _authenticate(call: Call, identity: Identity, pool: IdentityPool,
                  logins: dict[str, str] | None) -> tuple[Login | None, list[Login]]:
    """(the login the role is chosen for, the logins to link once the call succeeds), or
    None for an unauthenticated identity. A login linked to another identity is a conflict."""
    verified = verify(call, pool, logins)
    if not verified:
        if identity.logins:
            raise E.NotAuthorized(E.LOGINS_MISMATCH)
        if not pool.allow_unauthenticated:
            raise E.NotAuthorized(E.NO_UNAUTH)
        return None, []
    st = C.state(call)
    new: list[Login] = []
    for login in verified:
        owner = st.linked.get((pool.id, login.provider, login.subject))
        if owner is not None and owner != identity.id:
            # ResourceConflictException: "a login which is already linked to another
            # account" (the model's documentation); the wording is ours.
            raise E.ResourceConflict("Login is already linked to another identity.")
        if owner is None:
            if login.provider in identity.logins:
                raise E.ResourceConflict("Login is already linked to another identity.")
            new.append(login)
    return verified[0], new


def _link(call: Call, identity: Identity, logins: list[Login]) -> None:
    st = C.state(call)
    for login in logins:
        st.link(identity, login.provider, login.subject)
    if logins:
        identity.modified = call.now


def _amr(login: Login | None) -> list[str]:
    return ["unauthenticated"] if login is None else ["authenticated", *login.amr]


@handler(S, "GetId")
def get_id(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["IdentityPoolId"])
    account_id = p.get("AccountId")
    if account_id is not None and account_id != call.account_id:
        raise E.pool_missing(pool.id)  # our choice: the pool is not in that account
    verified = verify(call, pool, p.get("Logins"))
    st = C.state(call)
    for login in verified:
        owner = st.linked.get((pool.id, login.provider, login.subject))
        if owner is not None:
            identity = st.identities[owner]
            _link(call, identity, [x for x in verified if x.provider not in identity.logins])
            return {"IdentityId": owner}
    if not verified and not pool.allow_unauthenticated:
        raise E.NotAuthorized(E.NO_UNAUTH)
    identity = Identity(C.new_id(call), pool.id, call.now, call.now)
    st.add_identity(identity)
    _link(call, identity, verified)
    return {"IdentityId": identity.id}


@handler(S, "GetOpenIdToken")
def get_open_id_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    identity, pool = C.identity_of(call, p["IdentityId"])
    if not pool.settings.get("AllowClassicFlow"):
        # The basic flow (GetOpenIdToken, then AssumeRoleWithWebIdentity) is refused unless
        # the pool allows it (AllowClassicFlow); the wording is as AWS is quoted.
        raise E.InvalidParameter("Basic (classic) flow is not enabled, please use enhanced flow.")
    login, new = _authenticate(call, identity, pool, p.get("Logins"))
    token = openid.sign(call, openid.claims(call, pool, identity, _amr(login)))
    _link(call, identity, new)
    return {"IdentityId": identity.id, "Token": token}


@handler(S, "GetCredentialsForIdentity")
def get_credentials_for_identity(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    identity, pool = C.identity_of(call, p["IdentityId"])
    login, new = _authenticate(call, identity, pool, p.get("Logins"))
    role_arn = role_for(pool, login, p.get("CustomRoleArn"))
    role = find_role(call, role_arn)
    if role is None:
        raise E.InvalidIdentityPoolConfiguration(E.ROLES_INVALID)
    claims = openid.claims(call, pool, identity, _amr(login))
    ctx = {"sts:RoleSessionName": SESSION_NAME,
           **oidc_claim_context(openid.ISSUER, claims, pool.id)}
    try:
        out = web_identity_session(call, role, SESSION_NAME, openid.PROVIDER, openid.ISSUER,
                                   pool.id, identity.id, claims, ctx, {})
    except AccessDenied:
        # The role's trust policy refused cognito-identity.amazonaws.com for this pool/amr.
        raise E.InvalidIdentityPoolConfiguration(E.ROLES_INVALID) from None
    _link(call, identity, new)
    c = out["Credentials"]
    return {"IdentityId": identity.id,
            "Credentials": {"AccessKeyId": c["AccessKeyId"], "SecretKey": c["SecretAccessKey"],
                            "SessionToken": c["SessionToken"], "Expiration": c["Expiration"]}}
