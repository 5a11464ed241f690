"""Operations a signed-in user authorizes with an access token: GetUser, GlobalSignOut,
RevokeToken, ChangePassword, Update/DeleteUserAttributes, DeleteUser,
GetUserAttributeVerificationCode, VerifyUserAttribute."""

from __future__ import annotations

import hmac
from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from .. import tokens as T
from .users import apply_attributes, delete_attributes, delete_user

S = "cognito-idp"


@handler(S, "GetUser")
def get_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    _pool, user, _claims = T.verify_access(call, p["AccessToken"])
    out: dict[str, Any] = {"Username": user.username, "UserAttributes": user.attribute_list()}
    if user.mfa_preferred:
        out["PreferredMfaSetting"] = user.mfa_preferred
    if user.mfa_enabled:
        out["UserMFASettingList"] = list(user.mfa_enabled)
    return out


@handler(S, "GlobalSignOut")
def global_sign_out(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = T.verify_access(call, p["AccessToken"])
    T.revoke_user(call, pool, user)
    return {}


@handler(S, "RevokeToken")
def revoke_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Revokes a refresh token and the access tokens minted from it (RevokeToken reference)."""
    _pool, client = C.app_client(call, p["ClientId"])
    session = C.state(call).refresh.get(p["Token"])
    if client.secret is not None:
        if not p.get("ClientSecret"):
            raise E.NotAuthorized(
                f"Client {client.id} is configured for secret but secret was not received")
        if not hmac.compare_digest(p["ClientSecret"], client.secret):
            raise E.NotAuthorized("Invalid client secret")
    if not client.settings.get("EnableTokenRevocation", True):
        raise E.UnsupportedOperation("Token revocation is not enabled for this app client.")
    if session is None:
        if p["Token"].count(".") == 2:
            raise E.UnsupportedTokenType("Unsupported token type.")
        raise E.NotAuthorized("Invalid Refresh Token")
    if session.client_id != client.id:
        raise E.NotAuthorized("Invalid Refresh Token")
    session.revoked = True
    return {}


@handler(S, "ChangePassword")
def change_password(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = T.verify_access(call, p["AccessToken"])
    previous = p.get("PreviousPassword")
    if previous is None or user.password is None or \
            not hmac.compare_digest(previous, user.password):
        raise E.NotAuthorized(E.INCORRECT)
    C.check_password(pool, p["ProposedPassword"])
    user.password = p["ProposedPassword"]
    user.modified = call.now
    return {}


@handler(S, "UpdateUserAttributes")
def update_user_attributes(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, claims = T.verify_access(call, p["AccessToken"])
    attrs = C.check_attributes(pool, p["UserAttributes"], user.attributes)
    client = pool.clients.get(str(claims.get("client_id")))
    allowed = client.settings.get("WriteAttributes") if client is not None else None
    for name in attrs:
        if name in ("email_verified", "phone_number_verified") or (
                allowed is not None and name not in allowed):
            raise E.NotAuthorized("A client attempted to write unauthorized attribute")
    deliveries = apply_attributes(call, pool, user, attrs, admin=False)
    return {"CodeDeliveryDetailsList": deliveries} if deliveries else {}


@handler(S, "DeleteUserAttributes")
def delete_user_attributes(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = T.verify_access(call, p["AccessToken"])
    delete_attributes(call, pool, user, p["UserAttributeNames"])
    return {}


@handler(S, "DeleteUser")
def delete_user_self(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = T.verify_access(call, p["AccessToken"])
    delete_user(call, pool, user)
    return {}


def _verifiable(name: str) -> None:
    if name not in ("email", "phone_number"):
        raise E.InvalidParameter(f"Attribute {name} cannot be verified.")


@handler(S, "GetUserAttributeVerificationCode")
def get_user_attribute_verification_code(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = T.verify_access(call, p["AccessToken"])
    name = p["AttributeName"]
    _verifiable(name)
    if not user.attributes.get(name):
        raise E.InvalidParameter(f"User does not have a value for the attribute {name}.")
    delivery = C.send_code(call, pool, user, "verify_attribute", name, C.SIGNUP_CODE_TTL)
    return {"CodeDeliveryDetails": delivery} if delivery else {}


@handler(S, "VerifyUserAttribute")
def verify_user_attribute(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = T.verify_access(call, p["AccessToken"])
    name = p["AttributeName"]
    _verifiable(name)
    c = C.use_code(call, user, f"verify_attribute:{name}", p["Code"])
    c.used = True
    user.attributes[f"{name}_verified"] = "true"
    user.modified = call.now
    C.index_user(pool, user)
    return {}
