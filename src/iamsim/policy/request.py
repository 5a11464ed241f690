"""What the engine is asked: who (Principal), what (action), on what (resource), in which context.

Callers build these from the account model; the engine never reads the model itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from .errors import PolicyEngineError

PrincipalKind = Literal[
    "root",  # the account's root user
    "user",  # an IAM user
    "role-session",  # a session of an IAM role (AssumeRole*)
    "federated-user",  # a GetFederationToken session
    "service",  # an AWS service principal
    "web-identity",  # a caller of AssumeRoleWithWebIdentity (Federated principal)
    "saml",  # a caller of AssumeRoleWithSAML (Federated principal)
    "canonical-user",  # an S3 canonical user
    "anonymous",
]
AWS_KINDS = frozenset({"root", "user", "role-session", "federated-user"})
SESSION_KINDS = frozenset({"role-session", "federated-user"})


@dataclass(frozen=True)
class Principal:
    """The caller.

    arn: its own ARN (user ARN; `arn:aws:sts::A:assumed-role/R/S`; `arn:aws:sts::A:federated-
    user/N`; `arn:aws:iam::A:root`). parent_arn: the role ARN of a role session, the IAM user
    ARN behind a federated user. unique_id / parent_id: AIDA.../AROA... unique IDs (a role's
    unique ID names the role, a user's the user). name: service principal name, Federated
    provider (ARN or name such as accounts.google.com), or canonical user ID.
    service_linked_role: the session is of a service-linked role (exempt from SCPs and RCPs).
    in_management_account: the principal's account is its organization's management account
    (exempt from SCPs).
    """

    kind: PrincipalKind
    account: str | None = None
    arn: str | None = None
    parent_arn: str | None = None
    unique_id: str | None = None
    parent_id: str | None = None
    name: str | None = None
    service_linked_role: bool = False
    in_management_account: bool = False

    @property
    def is_session(self) -> bool:
        return self.kind in SESSION_KINDS


ContextValue = str | bool | int | float | datetime | list[Any] | tuple[Any, ...]


@dataclass(frozen=True)
class Request:
    """One decision's question. `resource_account` None means the principal's own account;
    `resource_in_management_account` exempts the resource from RCPs. Context values are
    strings, booleans, numbers, datetimes or lists of them; key names are case-insensitive."""

    principal: Principal
    action: str
    resource: str = "*"
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    resource_account: str | None = None
    resource_in_management_account: bool = False

    @property
    def same_account(self) -> bool:
        return self.resource_account is None or self.resource_account == self.principal.account


def _scalar(value: Any) -> str:
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise PolicyEngineError(f"unsupported context value {value!r}")


class NormalizedContext(dict):
    """A context already in the engine's form (lower-cased keys -> tuples of strings), so a
    caller that reuses most of its keys across decisions normalizes them once."""


def normalize_context(context: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Lower-cased keys -> tuples of strings. Later spellings of one key win."""
    if isinstance(context, NormalizedContext):
        return context
    out: dict[str, tuple[str, ...]] = {}
    for key, value in context.items():
        if not isinstance(key, str):
            raise PolicyEngineError(f"context key must be a string: {key!r}")
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            out[key.lower()] = tuple(_scalar(v) for v in value)
        else:
            out[key.lower()] = (_scalar(value),)
    return out
