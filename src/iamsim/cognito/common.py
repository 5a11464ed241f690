"""What every Cognito handler needs: the state, pool/client/user lookups, IDs, passwords,
attributes, codes and SECRET_HASH."""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import uuid
from typing import TYPE_CHECKING, Any

from . import errors as E
from .model import AppClient, Code, CognitoState, CognitoUser, UserPool

if TYPE_CHECKING:
    from ..dispatch import Call

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_CLIENT_ID = "abcdefghijklmnopqrstuvwxyz0123456789"
_DIGITS = "0123456789"
# The symbols a Cognito password policy counts (PasswordPolicyType, Developer Guide), and space.
SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
SIGNUP_CODE_TTL = _dt.timedelta(hours=24)  # confirmation and verification codes
FORGOT_CODE_TTL = _dt.timedelta(hours=1)


def state(call: Call) -> CognitoState:
    return call.account.state(CognitoState)


def pool_of(call: Call, pool_id: str) -> UserPool:
    pool = state(call).pool(pool_id, call.region)
    if pool is None:
        raise E.pool_missing(pool_id)
    return pool


def client_of(call: Call, pool: UserPool, client_id: str) -> AppClient:
    c = pool.clients.get(client_id)
    if c is None:
        raise E.client_missing(client_id)
    return c


def app_client(call: Call, client_id: str) -> tuple[UserPool, AppClient]:
    found = state(call).client(client_id, call.region)
    if found is None:
        raise E.client_missing(client_id)
    return found


# -- identifiers ------------------------------------------------------------------------
def pool_id(call: Call) -> str:
    return f"{call.region}_{call.account.ids.chars(_ALNUM, 9)}"


def client_id(call: Call) -> str:
    return call.account.ids.chars(_CLIENT_ID, 26)


def client_secret(call: Call) -> str:
    return call.account.ids.chars(_CLIENT_ID, 51)


def new_uuid(call: Call) -> str:
    return str(uuid.UUID(bytes=call.account.ids.randbytes(16), version=4))


def code(call: Call) -> str:
    return call.account.ids.chars(_DIGITS, 6)


def opaque(call: Call, n: int) -> str:
    raw = call.account.ids.randbytes(n)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# -- users ------------------------------------------------------------------------------
def find_user(pool: UserPool, name: str) -> CognitoUser | None:
    """A user by username, or by a sign-in alias / username attribute value."""
    key = pool.key(name)
    user = pool.users.get(key)
    if user is not None:
        return user
    for attr in (*pool.username_attributes, *pool.alias_attributes):
        hit = pool.aliases.get((attr, _alias_value(attr, name)))
        if hit is not None:
            return pool.users.get(hit)
    return None


def user_of(pool: UserPool, name: str) -> CognitoUser:
    user = find_user(pool, name)
    if user is None:
        raise E.UserNotFound(E.USER_MISSING)
    return user


def _alias_value(attr: str, value: str) -> str:
    # Email addresses are matched case-insensitively as sign-in identifiers (Developer Guide,
    # "User pool attributes": email aliases are case insensitive).
    return value.lower() if attr == "email" else value


def index_user(pool: UserPool, user: CognitoUser) -> None:
    """(Re)build the alias entries of one user: username attributes always, aliases once
    verified (preferred_username at once)."""
    key = pool.key(user.username)
    _drop_aliases(pool, user)
    attrs = user.attributes
    entries = [(attr, _alias_value(attr, attrs[attr])) for attr in pool.username_attributes
               if attr in attrs]
    entries += [(attr, _alias_value(attr, attrs[attr])) for attr in pool.alias_attributes
                if attr in attrs and (attr == "preferred_username"
                                      or attrs.get(f"{attr}_verified") == "true")]
    for entry in entries:
        pool.aliases[entry] = key
    user.alias_keys = entries


def _drop_aliases(pool: UserPool, user: CognitoUser) -> None:
    key = pool.key(user.username)
    for entry in user.alias_keys:
        if pool.aliases.get(entry) == key:
            del pool.aliases[entry]
    user.alias_keys = []


def alias_owner(pool: UserPool, attr: str, value: str) -> str | None:
    return pool.aliases.get((attr, _alias_value(attr, value)))


def add_user(pool: UserPool, user: CognitoUser) -> None:
    key = pool.key(user.username)
    pool.users[key] = user
    pool.by_sub[user.sub] = key
    index_user(pool, user)


def remove_user(pool: UserPool, user: CognitoUser) -> None:
    key = pool.key(user.username)
    pool.users.pop(key, None)
    pool.by_sub.pop(user.sub, None)
    _drop_aliases(pool, user)


def user_view(user: CognitoUser, attributes_key: str = "Attributes",
              names: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Username": user.username,
        attributes_key: user.attribute_list(names),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }
    return out


# -- passwords --------------------------------------------------------------------------
DEFAULT_PASSWORD_POLICY = {
    "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
    "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 7,
}


def password_policy(pool: UserPool) -> dict[str, Any]:
    return dict((pool.settings.get("Policies") or {}).get("PasswordPolicy") or {})


def check_password(pool: UserPool, password: str, admin: bool = False) -> None:
    """InvalidPasswordException naming the first rule the password breaks. AWS words the
    admin APIs' message 'password policy' and the self-service ones 'policy' (as recorded in
    public reports); the order of the checks is our choice."""
    policy = password_policy(pool)
    head = ("Password did not conform with password policy: " if admin
            else "Password did not conform with policy: ")
    if len(password) < int(policy.get("MinimumLength", 8)):
        raise E.InvalidPassword(head + "Password not long enough")
    rules = (
        ("RequireUppercase", str.isupper, "Password must have uppercase characters"),
        ("RequireLowercase", str.islower, "Password must have lowercase characters"),
        ("RequireNumbers", str.isdigit, "Password must have numeric characters"),
        ("RequireSymbols", SYMBOLS.__contains__, "Password must have symbol characters"),
    )
    for flag, test, message in rules:
        if policy.get(flag) and not any(test(ch) for ch in password):
            raise E.InvalidPassword(head + message)


def generate_password(call: Call, pool: UserPool) -> str:
    """A temporary password meeting the pool's policy (AWS generates one when none is given)."""
    n = max(int(password_policy(pool).get("MinimumLength", 8)), 12)
    body = call.account.ids.chars(_ALNUM, n - 4)
    return body + "Aa1!"


# -- attributes -------------------------------------------------------------------------
def _schema_error(name: str, why: str) -> E.CognitoError:
    return E.InvalidParameter(f"Attributes did not conform to the schema: {name}: {why}")


def check_attributes(pool: UserPool, attrs: list[dict[str, Any]],
                     existing: dict[str, str] | None = None) -> dict[str, str]:
    """Validate Name/Value pairs against the schema; return them as a dict. `existing` is set
    for updates, where immutable attributes that already have a value cannot change."""
    out: dict[str, str] = {}
    for a in attrs:
        name, value = a.get("Name", ""), a.get("Value", "")
        if value is None:
            value = ""
        spec = pool.schema_attribute(name)
        if spec is None:
            raise _schema_error(name, "Attribute does not exist in the schema.")
        if name == "sub":
            raise E.InvalidParameter("Cannot modify the non-mutable attribute sub")
        if existing is not None and not spec.get("Mutable", True) and name in existing:
            raise E.InvalidParameter(
                f"user.{name}: Attribute cannot be updated. (changing an immutable attribute)")
        kind = spec.get("AttributeDataType")
        if kind == "String":
            limits = spec.get("StringAttributeConstraints") or {}
            hi = int(limits.get("MaxLength", 2048))
            lo = int(limits.get("MinLength", 0))
            if len(value) > hi:
                raise _schema_error(name, f"String must be no longer than {hi} characters")
            if len(value) < lo:
                raise _schema_error(name, f"String must be no shorter than {lo} characters")
        elif kind == "Number":
            try:
                number = float(value)
            except ValueError:
                raise _schema_error(name, "Number is invalid") from None
            limits = spec.get("NumberAttributeConstraints") or {}
            if "MinValue" in limits and number < float(limits["MinValue"]):
                raise _schema_error(name, f"Number must be no less than {limits['MinValue']}")
            if "MaxValue" in limits and number > float(limits["MaxValue"]):
                raise _schema_error(name, f"Number must be no greater than {limits['MaxValue']}")
        elif kind == "Boolean":
            if value not in ("true", "false"):
                raise _schema_error(name, "Boolean is invalid")
            value = value.lower()
        if name == "email" and value and "@" not in value:
            raise E.InvalidParameter("Invalid email address format.")
        if name == "phone_number" and value and not (
                value.startswith("+") and value[1:].isdigit()):
            raise E.InvalidParameter("Invalid phone number format.")
        out[name] = value
    return out


def check_required(pool: UserPool, attrs: dict[str, str]) -> None:
    for spec in pool.schema:
        name = spec["Name"]
        if spec.get("Required") and name != "sub" and not attrs.get(name):
            raise _schema_error(name, "The attribute is required")


# -- codes ------------------------------------------------------------------------------
def mask(attr: str, value: str) -> str:
    """How AWS shows a delivery destination in CodeDeliveryDetails (our choice of mask)."""
    if attr == "email" and "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}***@{domain[:1]}***"
    return "+*******" + value[-4:]


def send_code(call: Call, pool: UserPool, user: CognitoUser, kind: str,
              attribute: str | None, ttl: _dt.timedelta) -> dict[str, str] | None:
    """Record a code AWS would send to `attribute` (email or phone_number); return the
    CodeDeliveryDetails. Replaces the user's pending code of the same kind."""
    value = user.attributes.get(attribute) if attribute else None
    medium = "EMAIL" if attribute == "email" else "SMS" if attribute == "phone_number" else None
    c = Code(kind, pool.id, user.username, code(call), value, attribute, medium, call.now,
             call.now + ttl)
    user.codes[f"{kind}:{attribute}" if kind == "verify_attribute" else kind] = c
    state(call).codes.append(c)
    if value is None or medium is None:
        return None
    return {"Destination": mask(attribute or "", value), "DeliveryMedium": medium,
            "AttributeName": attribute or ""}


def verification_target(pool: UserPool, user: CognitoUser) -> str | None:
    """Where a confirmation code goes: the first auto-verified attribute the user has."""
    for attr in ("email", "phone_number"):
        if attr in pool.auto_verified and user.attributes.get(attr):
            return attr
    return None


def use_code(call: Call, user: CognitoUser, slot: str, given: str) -> Code:
    """Check a code: wrong -> CodeMismatch, expired or none pending -> ExpiredCode."""
    c = user.codes.get(slot)
    if c is None or c.used:
        raise E.ExpiredCode("Invalid code provided, please request a code again.")
    if not hmac.compare_digest(c.code, given):
        raise E.CodeMismatch("Invalid verification code provided, please try again.")
    if call.now > c.expires:
        raise E.ExpiredCode("Invalid code provided, please request a code again.")
    return c


# -- secret hash ------------------------------------------------------------------------
def secret_hash(username: str, client_id: str, secret: str) -> str:
    """Base64(HMAC-SHA256(key=client secret, message=username + client id)), as AWS computes
    it (Developer Guide, "Computing secret hash values")."""
    mac = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def check_secret_hash(client: AppClient, given: str | None, *usernames: str) -> None:
    if client.secret is None:
        return
    if not given:
        raise E.NotAuthorized(
            f"Client {client.id} is configured for secret but secret was not received")
    for name in usernames:
        if hmac.compare_digest(secret_hash(name, client.id, client.secret), given):
            return
    raise E.NotAuthorized(f"Unable to verify secret hash for client {client.id}")


# -- pagination -------------------------------------------------------------------------
def page(params: dict[str, Any], pairs: list[tuple[str, Any]], token_key: str,
         limit_key: str, default_limit: int = 60) -> tuple[list[Any], str | None]:
    """One page of (sort key, item) pairs and the token of the next one (opaque)."""
    from ..errors import InvalidInput, ValidationError
    from ..pagination import paginate, sorted_source

    pairs = sorted(pairs, key=lambda p: p[0])
    args = {"Marker": params.get(token_key), "MaxItems": params.get(limit_key) or default_limit}
    try:
        items, more = paginate(args, sorted_source(pairs))
    except (InvalidInput, ValidationError):  # a token iamsim did not issue
        raise E.InvalidParameter(f"Invalid {token_key}.") from None
    return items, more.get("Marker")
