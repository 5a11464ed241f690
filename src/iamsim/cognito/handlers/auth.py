"""Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and
AdminRespondToAuthChallenge (password flows, refresh tokens, NEW_PASSWORD_REQUIRED)."""

from __future__ import annotations

import base64
import datetime as _dt
import hmac
import json
from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from .. import srp
from .. import tokens as T
from ..model import AppClient, AuthSession, Challenge, CognitoUser, UserPool
from .clients import allowed_flows

S = "cognito-idp"
_CLIENT_FLOWS = {"USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
                 "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
                 "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
                 "REFRESH_TOKEN": "ALLOW_REFRESH_TOKEN_AUTH"}
_ADMIN_FLOWS = {"ADMIN_USER_PASSWORD_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                "ADMIN_NO_SRP_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
                "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
                "REFRESH_TOKEN": "ALLOW_REFRESH_TOKEN_AUTH"}
_NOT_SUPPORTED = "Initiate Auth method not supported."


def _param(params: dict[str, str], name: str) -> str:
    v = params.get(name)
    if not v:
        raise E.InvalidParameter(f"Missing required parameter {name}")
    return v


def _flow_enabled(client: AppClient, flow: str, needed: str) -> None:
    if needed not in allowed_flows(client):
        if flow == "USER_PASSWORD_AUTH":
            raise E.InvalidParameter("USER_PASSWORD_AUTH flow not enabled for this client")
        raise E.InvalidParameter("Auth flow not enabled for this client")


def _password_sign_in(call: Call, pool: UserPool, client: AppClient,
                      params: dict[str, str]) -> dict[str, Any]:
    username = _param(params, "USERNAME")
    password = _param(params, "PASSWORD")
    C.check_secret_hash(client, params.get("SECRET_HASH"), username)
    user = C.find_user(pool, username)
    if user is None:
        raise _unknown_user(client)
    if user.password is None or not hmac.compare_digest(user.password, password):
        raise E.NotAuthorized(E.INCORRECT)
    return after_password(call, pool, client, user)


def after_password(call: Call, pool: UserPool, client: AppClient,
                   user: CognitoUser) -> dict[str, Any]:
    """The password was right: refuse the user's state, challenge, or hand out tokens."""
    if not user.enabled:
        raise E.NotAuthorized("User is disabled.")
    if user.status == "UNCONFIRMED":
        raise E.UserNotConfirmed("User is not confirmed.")
    if user.status == "RESET_REQUIRED":
        raise E.PasswordResetRequired("Password reset required for the user")
    if user.status == "FORCE_CHANGE_PASSWORD":
        if user.temporary_expires is not None and call.now > user.temporary_expires:
            raise E.NotAuthorized(
                "Temporary password has expired and must be reset by an administrator.")
        attrs = {k: v for k, v in user.attributes.items() if k != "sub"}
        missing = [f"userAttributes.{a['Name']}" for a in pool.schema
                   if a.get("Required") and a["Name"] != "sub" and a["Name"] not in attrs]
        pending = _challenge(call, pool, client, user, "NEW_PASSWORD_REQUIRED")
        return {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": pending,
                "ChallengeParameters": {"USER_ID_FOR_SRP": user.username,
                                        "requiredAttributes": json.dumps(missing),
                                        "userAttributes": json.dumps(attrs)}}
    return mfa_or_tokens(call, pool, client, user)


def mfa_or_tokens(call: Call, pool: UserPool, client: AppClient,
                  user: CognitoUser) -> dict[str, Any]:
    """Ask for the TOTP code when the user has software-token MFA and the pool uses MFA; ask
    for MFA set-up when the pool requires it and the user has none; else sign in."""
    mode = pool.settings.get("MfaConfiguration", "OFF")
    if mode in ("ON", "OPTIONAL") and "SOFTWARE_TOKEN_MFA" in user.mfa_enabled:
        pending = _challenge(call, pool, client, user, "SOFTWARE_TOKEN_MFA")
        return {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": pending,
                "ChallengeParameters": {}}
    if mode == "ON" and not user.mfa_enabled and pool.software_token_mfa:
        pending = _challenge(call, pool, client, user, "MFA_SETUP")
        return {"ChallengeName": "MFA_SETUP", "Session": pending,
                "ChallengeParameters": {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'}}
    session = T.start_session(call, pool, client, user)
    return {"ChallengeParameters": {},
            "AuthenticationResult": T.issue(call, pool, client, user, session)}


def _challenge(call: Call, pool: UserPool, client: AppClient, user: CognitoUser,
               name: str, data: dict[str, Any] | None = None) -> str:
    minutes = int(client.settings.get("AuthSessionValidity", 3))
    token = C.opaque(call, 600)
    C.state(call).challenges[token] = Challenge(
        name, pool.id, client.id, pool.key(user.username),
        call.now + _dt.timedelta(minutes=minutes), dict(data or {}))
    return token


def _refresh_session(call: Call, pool: UserPool, client: AppClient,
                     token: str) -> tuple[AuthSession, CognitoUser]:
    st = C.state(call)
    session = st.refresh.get(token)
    if session is None or session.client_id != client.id or session.pool_id != pool.id:
        raise E.NotAuthorized("Invalid Refresh Token")
    retired = st.retired.get(token)
    if retired is not None and call.now > retired:
        raise E.NotAuthorized("Invalid Refresh Token")
    if session.revoked:
        raise E.NotAuthorized("Refresh Token has been revoked")
    if call.now >= session.refresh_expires:
        raise E.NotAuthorized("Refresh Token has expired")
    key = pool.by_sub.get(session.sub)
    user = pool.users.get(key) if key is not None else None
    if user is None:
        raise E.UserNotFound(E.USER_MISSING)
    return session, user


def _refresh(call: Call, pool: UserPool, client: AppClient,
             params: dict[str, str]) -> dict[str, Any]:
    session, user = _refresh_session(call, pool, client, _param(params, "REFRESH_TOKEN"))
    # With a client secret the hash may use the username or the sub (they differ only in
    # pools with username attributes, where Cognito's own SDKs send the sub).
    C.check_secret_hash(client, params.get("SECRET_HASH"), params.get("USERNAME") or
                        user.username, user.sub, user.username)
    if not user.enabled:
        raise E.NotAuthorized("User is disabled.")
    return {"ChallengeParameters": {},
            "AuthenticationResult": T.issue(call, pool, client, user, session,
                                            with_refresh=False)}


@handler(S, "GetTokensFromRefreshToken")
def get_tokens_from_refresh_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """With RefreshTokenRotation ENABLED each call returns a new refresh token; the old one
    keeps working for RetryGracePeriodSeconds (UserPoolClientType, RefreshTokenRotationType)."""
    pool, client = C.app_client(call, p["ClientId"])
    if client.secret is not None:
        if not p.get("ClientSecret"):
            raise E.NotAuthorized(
                f"Client {client.id} is configured for secret but secret was not received")
        if not hmac.compare_digest(p["ClientSecret"], client.secret):
            raise E.NotAuthorized(f"Unable to verify secret hash for client {client.id}")
    _flow_enabled(client, "REFRESH_TOKEN_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
    old = p["RefreshToken"]
    session, user = _refresh_session(call, pool, client, old)
    if not user.enabled:
        raise E.NotAuthorized("User is disabled.")
    rotation = client.settings.get("RefreshTokenRotation") or {}
    if rotation.get("Feature") != "ENABLED":
        return {"AuthenticationResult": T.issue(call, pool, client, user, session,
                                                with_refresh=False)}
    from .clients import validity_seconds

    st = C.state(call)
    grace = int(rotation.get("RetryGracePeriodSeconds") or 0)
    if session.refresh_token == old:
        st.retired[old] = call.now + _dt.timedelta(seconds=grace)
        session.refresh_token = T.refresh_token(call)
        st.refresh[session.refresh_token] = session
        session.refresh_expires = call.now + _dt.timedelta(
            seconds=validity_seconds(client, "RefreshToken"))
    return {"AuthenticationResult": T.issue(call, pool, client, user, session)}


@handler(S, "InitiateAuth")
def initiate_auth(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, client = C.app_client(call, p["ClientId"])
    flow = p["AuthFlow"]
    params = p.get("AuthParameters") or {}
    if flow not in _CLIENT_FLOWS:
        raise E.InvalidParameter(_NOT_SUPPORTED)
    _flow_enabled(client, flow, _CLIENT_FLOWS[flow])
    if flow == "USER_PASSWORD_AUTH":
        return _password_sign_in(call, pool, client, params)
    if flow == "USER_SRP_AUTH":
        return _srp_start(call, pool, client, params)
    return _refresh(call, pool, client, params)


@handler(S, "AdminInitiateAuth")
def admin_initiate_auth(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    client = C.client_of(call, pool, p["ClientId"])
    flow = p["AuthFlow"]
    params = p.get("AuthParameters") or {}
    if flow not in _ADMIN_FLOWS:
        raise E.InvalidParameter(_NOT_SUPPORTED)
    _flow_enabled(client, flow, _ADMIN_FLOWS[flow])
    if flow.startswith("ADMIN_"):
        return _password_sign_in(call, pool, client, params)
    if flow == "USER_SRP_AUTH":
        return _srp_start(call, pool, client, params)
    return _refresh(call, pool, client, params)


def _unknown_user(client: AppClient) -> E.CognitoError:
    if client.settings.get("PreventUserExistenceErrors") == "ENABLED":
        return E.NotAuthorized(E.INCORRECT)
    return E.UserNotFound(E.USER_MISSING)


def _srp_start(call: Call, pool: UserPool, client: AppClient,
               params: dict[str, str]) -> dict[str, Any]:
    """USER_SRP_AUTH: answer the client's A with the PASSWORD_VERIFIER challenge (salt, B and
    a secret block that names this exchange; no Session, as Cognito)."""
    username = _param(params, "USERNAME")
    a_hex = _param(params, "SRP_A")
    C.check_secret_hash(client, params.get("SECRET_HASH"), username)
    try:
        a_pub = int(a_hex, 16)
    except ValueError:
        raise E.InvalidParameter("SRP_A is not a valid hexadecimal number.") from None
    if a_pub % srp.N == 0:
        raise E.NotAuthorized(E.INCORRECT)
    user = C.find_user(pool, username)
    if user is None:
        if client.settings.get("PreventUserExistenceErrors") != "ENABLED":
            raise E.UserNotFound(E.USER_MISSING)
        # A challenge like any other; the answer fails as a wrong password would
        # (Developer Guide, "Managing error responses").
        fake = int.from_bytes(call.account.ids.randbytes(384), "big") % srp.N
        return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
            "SALT": call.account.ids.randbytes(16).hex(),
            "SECRET_BLOCK": base64.b64encode(call.account.ids.randbytes(96)).decode(),
            "USER_ID_FOR_SRP": username, "USERNAME": username, "SRP_B": format(fake, "x")}}
    salt = int.from_bytes(call.account.ids.randbytes(16), "big")
    b = int.from_bytes(call.account.ids.randbytes(32), "big")
    v = srp.verifier(pool.id, user.username, user.password or "", salt)
    b_pub = srp.server_public(v, b)
    block = base64.b64encode(call.account.ids.randbytes(96)).decode()
    key = srp.session_key(a_pub, b_pub, b, v)
    minutes = int(client.settings.get("AuthSessionValidity", 3))
    C.state(call).challenges["srp:" + block] = Challenge(
        "PASSWORD_VERIFIER", pool.id, client.id, pool.key(user.username),
        call.now + _dt.timedelta(minutes=minutes), {"key": key})
    return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
        "SALT": format(salt, "x"), "SECRET_BLOCK": block, "USER_ID_FOR_SRP": user.username,
        "USERNAME": user.username, "SRP_B": format(b_pub, "x")}}


def _password_verifier(call: Call, pool: UserPool, client: AppClient,
                       responses: dict[str, str]) -> dict[str, Any]:
    st = C.state(call)
    block = _param(responses, "PASSWORD_CLAIM_SECRET_BLOCK")
    claim = _param(responses, "PASSWORD_CLAIM_SIGNATURE")
    stamp = _param(responses, "TIMESTAMP")
    username = _param(responses, "USERNAME")
    challenge = st.challenges.get("srp:" + block)
    if challenge is None or challenge.client_id != client.id or challenge.pool_id != pool.id:
        raise E.NotAuthorized(E.INCORRECT)
    user = pool.users.get(challenge.username_key)
    if user is None or C.find_user(pool, username) is not user:
        raise E.NotAuthorized(E.INCORRECT)
    C.check_secret_hash(client, responses.get("SECRET_HASH"), username)
    if not srp.timestamp_ok(stamp):
        raise E.InvalidParameter("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in "
                                 "english.")
    del st.challenges["srp:" + block]  # one attempt per exchange
    if call.now > challenge.expires:
        raise E.NotAuthorized("Invalid session for the user, session is expired.")
    key = challenge.data.get("key")
    try:
        expected = srp.signature(key, pool.id, user.username, block, stamp) if key else None
    except ValueError:
        expected = None
    if expected is None or not hmac.compare_digest(expected, claim):
        raise E.NotAuthorized(E.INCORRECT)
    return after_password(call, pool, client, user)


def _respond(call: Call, pool: UserPool, client: AppClient, p: dict[str, Any]) -> dict[str, Any]:
    st = C.state(call)
    name = p["ChallengeName"]
    responses = p.get("ChallengeResponses") or {}
    if name == "PASSWORD_VERIFIER":
        return _password_verifier(call, pool, client, responses)
    challenge = st.challenges.get(p.get("Session") or "")
    if challenge is None or challenge.client_id != client.id or challenge.name != name:
        raise E.NotAuthorized("Invalid session for the user.")
    if call.now > challenge.expires:
        raise E.NotAuthorized("Invalid session for the user, session is expired.")
    user = pool.users.get(challenge.username_key)
    username = _param(responses, "USERNAME")
    if user is None or C.find_user(pool, username) is not user:
        raise E.NotAuthorized("Invalid session for the user.")
    C.check_secret_hash(client, responses.get("SECRET_HASH"), username)
    if name == "SOFTWARE_TOKEN_MFA":
        from .mfa import totp_matches

        if not totp_matches(call, user.software_token_secret,
                            _param(responses, "SOFTWARE_TOKEN_MFA_CODE")):
            raise E.CodeMismatch("Invalid code received for user")
        del st.challenges[p["Session"]]
        session = T.start_session(call, pool, client, user)
        return {"ChallengeParameters": {},
                "AuthenticationResult": T.issue(call, pool, client, user, session)}
    if name == "MFA_SETUP":
        if not challenge.data.get("verified"):
            # Our wording: the set-up session has no verified software token yet.
            raise E.InvalidParameter("The software token has not been verified for this "
                                     "session.")
        del st.challenges[p["Session"]]
        user.mfa_enabled = ["SOFTWARE_TOKEN_MFA"]
        user.mfa_preferred = "SOFTWARE_TOKEN_MFA"
        session = T.start_session(call, pool, client, user)
        return {"ChallengeParameters": {},
                "AuthenticationResult": T.issue(call, pool, client, user, session)}
    if name != "NEW_PASSWORD_REQUIRED":
        raise E.InvalidParameter(f"Challenge {name} is not supported by iamsim yet.")
    new_password = _param(responses, "NEW_PASSWORD")
    C.check_password(pool, new_password)
    given = [{"Name": k.split(".", 1)[1], "Value": v} for k, v in responses.items()
             if k.startswith("userAttributes.")]
    attrs = C.check_attributes(pool, given, None)
    merged = {**user.attributes, **attrs}
    C.check_required(pool, merged)
    del st.challenges[p["Session"]]
    user.attributes.update(attrs)
    user.password = new_password
    user.status = "CONFIRMED"
    user.temporary_expires = None
    user.modified = call.now
    C.index_user(pool, user)
    return mfa_or_tokens(call, pool, client, user)


@handler(S, "RespondToAuthChallenge")
def respond_to_auth_challenge(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, client = C.app_client(call, p["ClientId"])
    return _respond(call, pool, client, p)


@handler(S, "AdminRespondToAuthChallenge")
def admin_respond_to_auth_challenge(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    return _respond(call, pool, C.client_of(call, pool, p["ClientId"]), p)
