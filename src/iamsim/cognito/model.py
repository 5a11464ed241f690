"""User pools, app clients, users and sign-in sessions of one account, per region.

Plain dataclasses: the handlers own the rules; this module only holds state and the indexes
that make lookups O(1) (username, sub, alias values, client id, refresh token).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.account import Account


def _string(name: str, mutable: bool = True, required: bool = False, lo: str = "0",
            hi: str = "2048") -> dict[str, Any]:
    return {"Name": name, "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
            "Mutable": mutable, "Required": required,
            "StringAttributeConstraints": {"MinLength": lo, "MaxLength": hi}}


def _boolean(name: str) -> dict[str, Any]:
    return {"Name": name, "AttributeDataType": "Boolean", "DeveloperOnlyAttribute": False,
            "Mutable": True, "Required": False}


def standard_schema() -> list[dict[str, Any]]:
    """The standard attributes every pool reports in SchemaAttributes (DescribeUserPool), in
    AWS's order and with its constraints, as a recorded DescribeUserPool response shows them
    (OpenID Connect claims plus Cognito's sub)."""
    return [
        _string("sub", mutable=False, required=True, lo="1"),
        *(_string(n) for n in ("name", "given_name", "family_name", "middle_name", "nickname",
                               "preferred_username", "profile", "picture", "website", "email")),
        _boolean("email_verified"),
        _string("gender"),
        _string("birthdate", lo="10", hi="10"),
        _string("zoneinfo"),
        _string("locale"),
        _string("phone_number"),
        _boolean("phone_number_verified"),
        _string("address"),
        {"Name": "updated_at", "AttributeDataType": "Number", "DeveloperOnlyAttribute": False,
         "Mutable": True, "Required": False, "NumberAttributeConstraints": {"MinValue": "0"}},
    ]


@dataclass
class Code:
    """A code AWS would have e-mailed or texted, readable through the scope's API."""

    kind: str  # "signup", "forgot_password", "verify_attribute", "invitation"
    pool_id: str
    username: str
    code: str
    destination: str | None
    attribute: str | None
    medium: str | None
    sent: _dt.datetime
    expires: _dt.datetime
    used: bool = False


@dataclass
class CognitoUser:
    username: str
    sub: str
    attributes: dict[str, str]
    status: str
    created: _dt.datetime
    modified: _dt.datetime
    password: str | None = None
    enabled: bool = True
    temporary_expires: _dt.datetime | None = None
    codes: dict[str, Code] = field(default_factory=dict)  # pending code by purpose
    groups: set[str] = field(default_factory=set)
    mfa_preferred: str | None = None
    mfa_enabled: list[str] = field(default_factory=list)
    alias_keys: list[tuple[str, str]] = field(default_factory=list)  # its UserPool.aliases
    software_token_secret: str | None = None  # verified TOTP secret (Base32)
    pending_token_secret: str | None = None  # associated, not yet verified

    def attribute_list(self, names: list[str] | None = None) -> list[dict[str, str]]:
        return [{"Name": k, "Value": v} for k, v in self.attributes.items()
                if names is None or k in names]


@dataclass
class AppClient:
    id: str
    pool_id: str
    name: str
    secret: str | None
    created: _dt.datetime
    modified: _dt.datetime
    settings: dict[str, Any]  # the UserPoolClientType members a request set

    def setting(self, name: str, default: Any = None) -> Any:
        v = self.settings.get(name)
        return default if v is None else v


@dataclass
class Group:
    name: str
    pool_id: str
    description: str | None
    role_arn: str | None
    precedence: int | None
    created: _dt.datetime
    modified: _dt.datetime


@dataclass
class UserPool:
    id: str
    name: str
    region: str
    arn: str
    created: _dt.datetime
    modified: _dt.datetime
    settings: dict[str, Any]  # the UserPoolType members a request set (normalised)
    schema: list[dict[str, Any]]
    key_slot: int  # index of this pool's key pair in the process key cache (tokens.py)
    users: dict[str, CognitoUser] = field(default_factory=dict)  # by username key
    by_sub: dict[str, str] = field(default_factory=dict)  # sub -> username key
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)  # (attr, value) -> key
    clients: dict[str, AppClient] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    # SetUserPoolMfaConfig's factor settings (not members of UserPoolType).
    software_token_mfa: bool = False

    @property
    def case_sensitive(self) -> bool:
        # CreateUserPool without UsernameConfiguration keeps the API's historical default:
        # usernames are case sensitive (the console's default is insensitive).
        conf = self.settings.get("UsernameConfiguration") or {}
        return bool(conf.get("CaseSensitive", True))

    def key(self, value: str) -> str:
        return value if self.case_sensitive else value.lower()

    @property
    def username_attributes(self) -> list[str]:
        return list(self.settings.get("UsernameAttributes") or [])

    @property
    def alias_attributes(self) -> list[str]:
        return list(self.settings.get("AliasAttributes") or [])

    @property
    def auto_verified(self) -> list[str]:
        return list(self.settings.get("AutoVerifiedAttributes") or [])

    def schema_attribute(self, name: str) -> dict[str, Any] | None:
        for a in self.schema:
            if a["Name"] == name:
                return a
        return None

    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.id}"


@dataclass
class AuthSession:
    """One sign-in: the refresh token and every access/ID token minted from it."""

    id: str  # origin_jti
    pool_id: str
    client_id: str
    sub: str
    auth_time: int
    refresh_token: str
    refresh_expires: _dt.datetime
    revoked: bool = False


@dataclass
class Challenge:
    """A pending challenge (InitiateAuth answered with a Session)."""

    name: str
    pool_id: str
    client_id: str
    username_key: str
    expires: _dt.datetime
    data: dict[str, Any] = field(default_factory=dict)


class CognitoState:
    """Cognito state of an account (Account.state(CognitoState)): pools in every region."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.pools: dict[str, UserPool] = {}
        self.sessions: dict[str, AuthSession] = {}  # by origin_jti
        self.refresh: dict[str, AuthSession] = {}  # by refresh token
        self.retired: dict[str, _dt.datetime] = {}  # rotated-out refresh token -> valid until
        self.access: dict[str, AuthSession] = {}  # access token jti -> session
        self.user_sessions: dict[tuple[str, str], list[AuthSession]] = {}  # (pool, sub)
        self.challenges: dict[str, Challenge] = {}  # by Session string
        self.codes: list[Code] = []  # every code sent, oldest first
        self.client_pool: dict[str, str] = {}  # client id -> pool id
        self.next_key_slot = 0

    def pool(self, pool_id: str, region: str) -> UserPool | None:
        p = self.pools.get(pool_id)
        return p if p is not None and p.region == region else None

    def client(self, client_id: str, region: str) -> tuple[UserPool, AppClient] | None:
        pool = self.pool(self.client_pool.get(client_id, ""), region)
        c = pool.clients.get(client_id) if pool is not None else None
        return (pool, c) if pool is not None and c is not None else None
