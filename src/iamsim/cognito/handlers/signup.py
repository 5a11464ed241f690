"""Self-service sign-up and password recovery: SignUp, ConfirmSignUp,
ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword (unsigned, by app client)."""

from __future__ import annotations

from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from ..model import AppClient, CognitoUser, UserPool
from .users import _username_for, check_unique_aliases, new_user

S = "cognito-idp"


def _client(call: Call, p: dict[str, Any]) -> tuple[UserPool, AppClient]:
    return C.app_client(call, p["ClientId"])


# With PreventUserExistenceErrors ENABLED, AWS answers as if a code went to a simulated
# destination, so callers cannot probe for users (the destination shown is our choice).
_SIMULATED = {"Destination": "u***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def _prevent(client: AppClient) -> bool:
    return client.settings.get("PreventUserExistenceErrors") == "ENABLED"


def _named_user(pool: UserPool, client: AppClient, p: dict[str, Any],
                hidden: bool = True) -> Any:
    """The user a self-service call names (its SECRET_HASH checked first). None when it does
    not exist and the client prevents user existence errors (`hidden`): the caller then
    answers as AWS does for a user that exists."""
    C.check_secret_hash(client, p.get("SecretHash"), p["Username"])
    user = C.find_user(pool, p["Username"])
    if user is None and not (hidden and _prevent(client)):
        raise E.UserNotFound("Username/client id combination not found.")
    return user


def _writable(pool: UserPool, client: AppClient, attrs: dict[str, str]) -> None:
    allowed = client.settings.get("WriteAttributes")
    if allowed is None:
        return
    for name in attrs:
        if name not in allowed and name not in ("email_verified", "phone_number_verified"):
            raise E.NotAuthorized("A client attempted to write unauthorized attribute")


@handler(S, "SignUp")
def sign_up(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, client = _client(call, p)
    C.check_secret_hash(client, p.get("SecretHash"), p["Username"])
    if (pool.settings.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        raise E.NotAuthorized("SignUp is not permitted for this user pool")
    attrs = C.check_attributes(pool, p.get("UserAttributes") or [])
    _writable(pool, client, attrs)
    for flag in ("email_verified", "phone_number_verified"):
        attrs.pop(flag, None)  # a user cannot verify themselves at sign-up
    username = _username_for(call, pool, p["Username"], attrs)
    if username and pool.key(username) in pool.users:
        raise E.UsernameExists("User already exists")
    check_unique_aliases(pool, attrs, None, signup=True)
    C.check_required(pool, attrs)
    password = p.get("Password")
    if password is None:
        raise E.InvalidParameter("Password is required for this sign-up.")
    C.check_password(pool, password)
    user = new_user(call, pool, username, attrs, "UNCONFIRMED", password)
    C.add_user(pool, user)
    out: dict[str, Any] = {"UserConfirmed": False}
    target = C.verification_target(pool, user)
    if target is not None:
        delivery = C.send_code(call, pool, user, "signup", target, C.SIGNUP_CODE_TTL)
        if delivery:
            out["CodeDeliveryDetails"] = delivery
    out["UserSub"] = user.sub
    return out


def _confirm_target(user: CognitoUser) -> str | None:
    c = user.codes.get("signup")
    return c.attribute if c is not None else None


@handler(S, "ConfirmSignUp")
def confirm_sign_up(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, client = _client(call, p)
    user = _named_user(pool, client, p)
    if user is None:  # as a wrong code would (Developer Guide, user existence errors)
        raise E.CodeMismatch("Invalid verification code provided, please try again.")
    if user.status != "UNCONFIRMED":
        raise E.NotAuthorized(f"User cannot be confirmed. Current status is {user.status}")
    c = C.use_code(call, user, "signup", p["ConfirmationCode"])
    if c.attribute:
        flag = f"{c.attribute}_verified"
        value = user.attributes.get(c.attribute)
        owner = C.alias_owner(pool, c.attribute, value) if value else None
        if owner is not None and owner != pool.key(user.username) and \
                c.attribute in pool.alias_attributes and not p.get("ForceAliasCreation"):
            raise E.AliasExists("An account with the given email already exists.")
        user.attributes[flag] = "true"
    c.used = True
    user.status = "CONFIRMED"
    user.modified = call.now
    C.index_user(pool, user)
    return {}


@handler(S, "ResendConfirmationCode")
def resend_confirmation_code(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, client = _client(call, p)
    user = _named_user(pool, client, p)
    if user is None:
        return {"CodeDeliveryDetails": dict(_SIMULATED)}
    if user.status != "UNCONFIRMED":
        raise E.InvalidParameter("User is already confirmed.")
    target = C.verification_target(pool, user)
    if target is None:
        raise E.InvalidParameter("Auto verification not turned on.")
    delivery = C.send_code(call, pool, user, "signup", target, C.SIGNUP_CODE_TTL)
    return {"CodeDeliveryDetails": delivery} if delivery else {}


@handler(S, "ForgotPassword")
def forgot_password(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, client = _client(call, p)
    user = _named_user(pool, client, p)
    if user is None:
        return {"CodeDeliveryDetails": dict(_SIMULATED)}
    if not user.enabled:
        raise E.NotAuthorized("User is disabled.")
    target = next((a for a in ("email", "phone_number")
                   if user.attributes.get(f"{a}_verified") == "true"), None)
    if target is None:
        raise E.InvalidParameter("Cannot reset password for the user as there is no "
                                 "registered/verified email or phone_number")
    delivery = C.send_code(call, pool, user, "forgot_password", target, C.FORGOT_CODE_TTL)
    return {"CodeDeliveryDetails": delivery}


@handler(S, "ConfirmForgotPassword")
def confirm_forgot_password(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool, client = _client(call, p)
    user = _named_user(pool, client, p, hidden=False)
    c = C.use_code(call, user, "forgot_password", p["ConfirmationCode"])
    C.check_password(pool, p["Password"])
    c.used = True
    user.password = p["Password"]
    user.status = "CONFIRMED"
    user.temporary_expires = None
    user.modified = call.now
    return {}
