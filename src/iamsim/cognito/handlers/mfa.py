"""Software-token (TOTP) MFA: pool configuration, AssociateSoftwareToken,
VerifySoftwareToken, Set/AdminSetUserMFAPreference. Codes are RFC 6238 by the scope's clock."""

from __future__ import annotations

import base64
import hmac
from typing import Any

from ...crypto import totp
from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from .. import tokens as T
from ..model import Challenge, CognitoUser, UserPool

S = "cognito-idp"


def totp_matches(call: Call, secret: str | None, given: str) -> bool:
    """A code of the current 30-second step or of the one before or after (clock drift)."""
    if not secret:
        return False
    key = totp.secret_of(secret)
    now = totp.step_at(call.now)
    return any(hmac.compare_digest(totp.code(key, step), given)
               for step in (now - 1, now, now + 1))


def _mfa_challenge(call: Call, session: str) -> tuple[Challenge, UserPool, CognitoUser]:
    st = C.state(call)
    challenge = st.challenges.get(session)
    if challenge is None or challenge.name != "MFA_SETUP" or call.now > challenge.expires:
        raise E.NotAuthorized("Invalid session for the user.")
    pool = st.pool(challenge.pool_id, call.region)
    user = pool.users.get(challenge.username_key) if pool is not None else None
    if pool is None or user is None:
        raise E.NotAuthorized("Invalid session for the user.")
    return challenge, pool, user


def _rekey(call: Call, old: str, challenge: Challenge) -> str:
    st = C.state(call)
    del st.challenges[old]
    new = C.opaque(call, 600)
    st.challenges[new] = challenge
    return new


def _who(call: Call, p: dict[str, Any]) -> tuple[UserPool, CognitoUser, Challenge | None]:
    if p.get("AccessToken"):
        pool, user, _claims = T.verify_access(call, p["AccessToken"])
        return pool, user, None
    if p.get("Session"):
        challenge, pool, user = _mfa_challenge(call, p["Session"])
        return pool, user, challenge
    raise E.InvalidParameter("Either AccessToken or Session must be provided.")


@handler(S, "AssociateSoftwareToken")
def associate_software_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, challenge = _who(call, p)
    if not pool.software_token_mfa and pool.settings.get("MfaConfiguration") == "OFF":
        raise E.NotAuthorized("Software token MFA is not enabled for this user pool.")
    secret = base64.b32encode(call.account.ids.randbytes(32)).decode().rstrip("=")
    user.pending_token_secret = secret
    out: dict[str, Any] = {"SecretCode": secret}
    if challenge is not None:
        out["Session"] = _rekey(call, p["Session"], challenge)
    return out


@handler(S, "VerifySoftwareToken")
def verify_software_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, challenge = _who(call, p)
    if user.pending_token_secret is None:
        raise E.InvalidParameter("No software token has been associated with the user.")
    if not totp_matches(call, user.pending_token_secret, p["UserCode"]):
        raise E.EnableSoftwareTokenMFA("Code mismatch and fail enable Software Token MFA")
    user.software_token_secret = user.pending_token_secret
    user.pending_token_secret = None
    # A pool that requires MFA uses the verified token at once; elsewhere the user turns it
    # on with SetUserMFAPreference (our reading of the Developer Guide's TOTP set-up).
    if pool.settings.get("MfaConfiguration") == "ON" and not user.mfa_enabled:
        user.mfa_enabled = ["SOFTWARE_TOKEN_MFA"]
        user.mfa_preferred = "SOFTWARE_TOKEN_MFA"
    out: dict[str, Any] = {"Status": "SUCCESS"}
    if challenge is not None:
        challenge.data["verified"] = True
        out["Session"] = _rekey(call, p["Session"], challenge)
    return out


def _set_preference(user: CognitoUser, p: dict[str, Any]) -> None:
    for other in ("SMSMfaSettings", "EmailMfaSettings"):
        if (p.get(other) or {}).get("Enabled"):
            raise E.InvalidParameter("iamsim emulates software token (TOTP) MFA only.")
    settings = p.get("SoftwareTokenMfaSettings")
    if settings is None:
        return
    if settings.get("Enabled"):
        if user.software_token_secret is None:
            raise E.InvalidParameter("User has not verified software token mfa")
        if "SOFTWARE_TOKEN_MFA" not in user.mfa_enabled:
            user.mfa_enabled.append("SOFTWARE_TOKEN_MFA")
        if settings.get("PreferredMfa"):
            user.mfa_preferred = "SOFTWARE_TOKEN_MFA"
    elif "Enabled" in settings:
        user.mfa_enabled = [m for m in user.mfa_enabled if m != "SOFTWARE_TOKEN_MFA"]
        if user.mfa_preferred == "SOFTWARE_TOKEN_MFA":
            user.mfa_preferred = None


@handler(S, "SetUserMFAPreference")
def set_user_mfa_preference(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    _pool, user, _claims = T.verify_access(call, p["AccessToken"])
    _set_preference(user, p)
    return {}


@handler(S, "AdminSetUserMFAPreference")
def admin_set_user_mfa_preference(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    _set_preference(C.user_of(pool, p["Username"]), p)
    return {}


def _mfa_config(pool: UserPool) -> dict[str, Any]:
    return {"SoftwareTokenMfaConfiguration": {"Enabled": pool.software_token_mfa},
            "MfaConfiguration": pool.settings.get("MfaConfiguration", "OFF")}


@handler(S, "GetUserPoolMfaConfig")
def get_user_pool_mfa_config(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _mfa_config(C.pool_of(call, p["UserPoolId"]))


@handler(S, "SetUserPoolMfaConfig")
def set_user_pool_mfa_config(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    for other in ("SmsMfaConfiguration", "EmailMfaConfiguration", "WebAuthnConfiguration"):
        if p.get(other):
            raise E.InvalidParameter("iamsim emulates software token (TOTP) MFA only.")
    enabled = pool.software_token_mfa
    if "SoftwareTokenMfaConfiguration" in p:
        enabled = bool(p["SoftwareTokenMfaConfiguration"].get("Enabled"))
    mode = p.get("MfaConfiguration", pool.settings.get("MfaConfiguration", "OFF"))
    if mode != "OFF" and not enabled:
        # Our wording: AWS requires at least one MFA factor for ON or OPTIONAL.
        raise E.InvalidParameter("At least one MFA factor must be enabled to turn MFA on.")
    pool.software_token_mfa = enabled
    pool.settings["MfaConfiguration"] = mode
    pool.modified = call.now
    return _mfa_config(pool)
