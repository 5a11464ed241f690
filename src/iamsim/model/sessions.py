"""Temporary credentials (STS sessions) and the resolver that turns their keys into callers.

A session is stored under its ASIA access key. Sessions are never revoked by IAM changes
(AWS: temporary credentials stay valid until they expire; only their permissions change),
so a session of a deleted role or user still authenticates: it keeps its ARN and user ID,
and later authorization finds no policies behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from .. import clock
from ..caller import Caller
from .base import Record, Timestamp

if TYPE_CHECKING:
    from .account import Account


class Session(Record):
    access_key_id: str
    secret: str
    token: str
    # "assumed-role" (AssumeRole*), "federated-user" (GetFederationToken),
    # "user" / "root" (GetSessionToken: the same principal, with session facts).
    kind: str
    source: str  # the operation that issued it, e.g. "AssumeRole"
    arn: str
    user_id: str  # the UserId GetCallerIdentity reports
    account_id: str
    create_date: Timestamp
    expiration: Timestamp
    principal_id: str | None = None  # role ID, or the IAM user's ID (None: root)
    principal_arn: str | None = None  # role ARN / IAM user ARN / root ARN at issue time
    session_name: str | None = None  # RoleSessionName or federated user name
    root_key: bool = False  # issued to a real root access key (not the implicit caller)
    mfa: bool = False  # authenticated with an MFA code (aws:MultiFactorAuthPresent)
    chained: bool = False  # issued to another role session (role chaining)
    source_identity: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    transitive_tag_keys: list[str] = Field(default_factory=list)
    policy: str | None = None  # inline session policy text
    policy_arns: list[str] = Field(default_factory=list)
    issued_to: str | None = None  # ARN of the caller that requested it
    federated_provider: str | None = None  # SAML / OIDC provider, for federated role sessions
    # the provider's condition keys of a federated role session (sts/federation.py)
    federated_keys: dict[str, Any] = Field(default_factory=dict)
    scoped_policies: list[str] = Field(default_factory=list)  # GetScopedCredentials layers
    # TrustedIdentityPropagationContext set from a web identity token (botocore 1.44.8).
    propagation: dict[str, Any] | None = None

    def caller(self, account: Account) -> Caller:
        user = None
        if self.kind == "user" and self.principal_id is not None:
            user = account.users.by_id(self.principal_id)
        return Caller(self.kind, self.arn, self.user_id, self.account_id, self.access_key_id,
                      user, None, self)


class SessionState:
    """Sessions of the account by access key ID. Creating it registers its resolver."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.sessions: dict[str, Session] = {}
        account.resolve_temporary_key = self.resolve

    def add(self, session: Session) -> None:
        self.sessions[session.access_key_id] = session

    def resolve(self, access_key_id: str) -> Caller | None:
        """The caller a temporary key stands for; ExpiredToken once it has expired."""
        session = self.sessions.get(access_key_id)
        if session is None:
            return None
        if clock.now() >= session.expiration:
            from ..sts.errors import ExpiredToken

            raise ExpiredToken()
        return session.caller(self.account)


class AuthorizationMessages:
    """Encoded authorization-failure messages iamsim handed out: token -> decoded JSON."""

    def __init__(self, account: Account) -> None:
        self.messages: dict[str, str] = {}

    def encode(self, decoded: dict[str, Any], token: str) -> str:
        import json

        self.messages[token] = json.dumps(decoded, separators=(",", ":"))
        return token
