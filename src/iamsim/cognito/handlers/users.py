"""Users, administrator side: AdminCreateUser, AdminGetUser, ListUsers, attributes, enable /
disable, passwords, confirmation and sign-out."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from ..model import CognitoUser, UserPool
from ..tokens import revoke_user

S = "cognito-idp"


def _username_for(call: Call, pool: UserPool, username: str, attrs: dict[str, str]) -> str:
    """Pools that sign in by e-mail or phone take that value as Username and store the user
    under its sub; the value becomes the attribute (Developer Guide, "Username attributes")."""
    if not pool.username_attributes:
        return username
    if "@" in username and "email" in pool.username_attributes:
        attrs.setdefault("email", username)
    elif username.startswith("+") and "phone_number" in pool.username_attributes:
        attrs.setdefault("phone_number", username)
    else:
        which = " or ".join("an email" if a == "email" else "a phone number"
                            for a in pool.username_attributes)
        raise E.InvalidParameter(f"Username should be {which}.")
    return ""


def check_unique_aliases(pool: UserPool, attrs: dict[str, str], own_key: str | None,
                         signup: bool = False) -> None:
    for attr in pool.username_attributes:
        if attr in attrs:
            owner = C.alias_owner(pool, attr, attrs[attr])
            if owner is not None and owner != own_key:
                if signup:
                    word = "email" if attr == "email" else "phone_number"
                    raise E.UsernameExists(f"An account with the given {word} already exists.")
                raise E.UsernameExists("User account already exists")


def new_user(call: Call, pool: UserPool, username: str, attrs: dict[str, str], status: str,
             password: str | None) -> CognitoUser:
    sub = C.new_uuid(call)
    user = CognitoUser(username or sub, sub, {"sub": sub, **attrs}, status, call.now, call.now,
                       password)
    return user


@handler(S, "AdminCreateUser")
def admin_create_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    attrs = C.check_attributes(pool, p.get("UserAttributes") or [])
    action = p.get("MessageAction")
    if action == "RESEND":
        user = C.user_of(pool, p["Username"])
        if user.status != "FORCE_CHANGE_PASSWORD":
            raise E.UnsupportedUserState(f"Resend not possible. {user.username} status is not "
                                         "FORCE_CHANGE_PASSWORD.")
        _invite(call, pool, user, p)
        return {"User": C.user_view(user)}
    username = _username_for(call, pool, p["Username"], attrs)
    if username and pool.key(username) in pool.users:
        raise E.UsernameExists("User account already exists")
    check_unique_aliases(pool, attrs, None)
    C.check_required(pool, attrs)
    temporary = p.get("TemporaryPassword")
    if temporary is not None:
        C.check_password(pool, temporary, admin=True)
    else:
        temporary = C.generate_password(call, pool)
    user = new_user(call, pool, username, attrs, "FORCE_CHANGE_PASSWORD", temporary)
    C.add_user(pool, user)
    if action != "SUPPRESS":
        _invite(call, pool, user, p)
    else:
        _set_temporary_expiry(call, pool, user)
    return {"User": C.user_view(user)}


def _set_temporary_expiry(call: Call, pool: UserPool, user: CognitoUser) -> None:
    days = C.password_policy(pool).get("TemporaryPasswordValidityDays", 7)
    user.temporary_expires = call.now + _dt.timedelta(days=int(days))


def _invite(call: Call, pool: UserPool, user: CognitoUser, p: dict[str, Any]) -> None:
    """The invitation AWS sends carries the username and temporary password: record it."""
    _set_temporary_expiry(call, pool, user)
    mediums = p.get("DesiredDeliveryMediums") or ["SMS"]
    attr = "email" if "EMAIL" in mediums and user.attributes.get("email") else (
        "phone_number" if user.attributes.get("phone_number") else None)
    from ..model import Code

    value = user.attributes.get(attr) if attr else None
    medium = "EMAIL" if attr == "email" else "SMS" if attr else None
    c = Code("invitation", pool.id, user.username, user.password or "", value, attr, medium,
             call.now, user.temporary_expires or call.now)
    C.state(call).codes.append(c)


@handler(S, "AdminGetUser")
def admin_get_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    out = C.user_view(user, "UserAttributes")
    if user.mfa_preferred:
        out["PreferredMfaSetting"] = user.mfa_preferred
    if user.mfa_enabled:
        out["UserMFASettingList"] = list(user.mfa_enabled)
    return out


# ListUsers filters: `attribute = "value"` or `attribute ^= "prefix"` (ListUsers API reference).
_FILTER = re.compile(r'\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*')
_FILTERABLE = {"username", "email", "phone_number", "name", "given_name", "family_name",
               "preferred_username", "cognito:user_status", "status", "sub"}


def _filter(expr: str | None) -> Any:
    if not expr:
        return None
    m = _FILTER.fullmatch(expr)
    if m is None:
        raise E.InvalidParameter("Error while parsing filter.")
    attr, op, value = m.group(1), m.group(2), m.group(3).replace('\\"', '"')
    if attr not in _FILTERABLE:
        raise E.InvalidParameter("Invalid search attribute: " + attr)

    def field(u: CognitoUser) -> str | None:
        if attr == "username":
            return u.username
        if attr == "cognito:user_status":
            return u.status
        if attr == "status":
            return "Enabled" if u.enabled else "Disabled"
        return u.attributes.get(attr)

    def accept(u: CognitoUser) -> bool:
        v = field(u)
        if v is None:
            return False
        return v == value if op == "=" else v.startswith(value)

    return accept


@handler(S, "ListUsers")
def list_users(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    accept = _filter(p.get("Filter"))
    names = p.get("AttributesToGet")
    if names is not None:
        for n in names:
            if pool.schema_attribute(n) is None:
                raise E.InvalidParameter(f"One or more requested attributes do not exist: {n}")
    pairs = [(k, u) for k, u in pool.users.items() if accept is None or accept(u)]
    items, token = C.page(p, pairs, "PaginationToken", "Limit")
    out: dict[str, Any] = {"Users": [C.user_view(u, names=names) for u in items]}
    if token:
        out["PaginationToken"] = token
    return out


def apply_attributes(call: Call, pool: UserPool, user: CognitoUser, attrs: dict[str, str],
                     admin: bool) -> list[dict[str, str]]:
    """Update attributes; a changed e-mail or phone of an auto-verifying pool becomes
    unverified and gets a code (unless the same call marks it verified, admin only)."""
    check_unique_aliases(pool, attrs, pool.key(user.username))
    deliveries = []
    for attr in ("email", "phone_number"):
        if attr in attrs and attrs[attr] != user.attributes.get(attr):
            flag = f"{attr}_verified"
            if not (admin and attrs.get(flag) == "true"):
                attrs[flag] = "false"
                if attr in pool.auto_verified:
                    user.attributes.update(attrs)
                    d = C.send_code(call, pool, user, "verify_attribute", attr,
                                    C.SIGNUP_CODE_TTL)
                    if d:
                        deliveries.append(d)
    user.attributes.update(attrs)
    user.modified = call.now
    C.index_user(pool, user)
    return deliveries


@handler(S, "AdminUpdateUserAttributes")
def admin_update_user_attributes(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    attrs = C.check_attributes(pool, p["UserAttributes"], user.attributes)
    apply_attributes(call, pool, user, attrs, admin=True)
    return {}


def delete_attributes(call: Call, pool: UserPool, user: CognitoUser, names: list[str]) -> None:
    for n in names:
        spec = pool.schema_attribute(n)
        if spec is None:
            raise E.InvalidParameter(f"Attributes did not conform to the schema: {n}: "
                                     "Attribute does not exist in the schema.")
        if spec.get("Required"):
            raise E.InvalidParameter(f"Attributes did not conform to the schema: {n}: "
                                     "The attribute is required")
        if n in pool.username_attributes:
            raise E.InvalidParameter(f"Cannot delete the username attribute {n}")
    for n in names:
        user.attributes.pop(n, None)
        if n in ("email", "phone_number"):
            user.attributes.pop(f"{n}_verified", None)
    user.modified = call.now
    C.index_user(pool, user)


@handler(S, "AdminDeleteUserAttributes")
def admin_delete_user_attributes(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    delete_attributes(call, pool, user, p["UserAttributeNames"])
    return {}


def delete_user(call: Call, pool: UserPool, user: CognitoUser) -> None:
    """The user's tokens are not revoked: they still verify, and GetUser then reports the
    missing user (UserNotFoundException), as AWS does for a deleted user."""
    C.remove_user(pool, user)


@handler(S, "AdminDeleteUser")
def admin_delete_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    delete_user(call, pool, C.user_of(pool, p["Username"]))
    return {}


@handler(S, "AdminEnableUser")
def admin_enable_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    user.enabled = True
    user.modified = call.now
    return {}


@handler(S, "AdminDisableUser")
def admin_disable_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Disabling also signs the user out everywhere (AdminDisableUser API reference)."""
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    user.enabled = False
    user.modified = call.now
    revoke_user(call, pool, user)
    return {}


@handler(S, "AdminSetUserPassword")
def admin_set_user_password(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    C.check_password(pool, p["Password"], admin=True)
    user.password = p["Password"]
    if p.get("Permanent"):
        user.status = "CONFIRMED"
        user.temporary_expires = None
    else:
        user.status = "FORCE_CHANGE_PASSWORD"
        _set_temporary_expiry(call, pool, user)
    user.modified = call.now
    return {}


@handler(S, "AdminResetUserPassword")
def admin_reset_user_password(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    target = next((a for a in ("email", "phone_number")
                   if user.attributes.get(f"{a}_verified") == "true"), None)
    if target is None:
        raise E.InvalidParameter("Cannot reset password for the user as there is no "
                                 "registered/verified email or phone_number")
    user.status = "RESET_REQUIRED"
    user.modified = call.now
    C.send_code(call, pool, user, "forgot_password", target, C.FORGOT_CODE_TTL)
    return {}


@handler(S, "AdminConfirmSignUp")
def admin_confirm_sign_up(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    if user.status != "UNCONFIRMED":
        raise E.NotAuthorized(f"User cannot be confirmed. Current status is {user.status}")
    user.status = "CONFIRMED"
    user.codes.pop("signup", None)
    user.modified = call.now
    return {}


@handler(S, "AdminUserGlobalSignOut")
def admin_user_global_sign_out(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    revoke_user(call, pool, C.user_of(pool, p["Username"]))
    return {}
