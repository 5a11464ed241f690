"""Principal and NotPrincipal: does a statement name the caller, and how?

How a resource-based policy names the caller changes the decision (evaluate.py), so a match
has a kind, strongest first:
- "direct": the caller itself (user ARN or unique ID, role-session ARN, federated-user ARN,
  the root through its account, a service, a Federated provider, a canonical user);
- "any": "*" or {"AWS": "*"};
- "parent": the role of a role session, the IAM user behind a federated user;
- "account": the caller's account (ID or root ARN), which delegates to the account's IAM.
Principal values are compared exactly (AWS takes no wildcards there except "*"); service
names case-insensitively.

NotPrincipal exempts the caller only when every link of its chain is named: the account and
the user; the account, the role and the session; the account and the federated user. The
User Guide warns that AWS may check the account, then the role, then the session, and that
leaving one out may deny the whole account; we take that strictest reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .errors import PolicyEngineError
from .request import AWS_KINDS, Principal

Match = Literal["direct", "any", "parent", "account"]
STRENGTH: dict[str, int] = {"direct": 4, "any": 3, "parent": 2, "account": 1}


@dataclass(frozen=True, eq=False)
class PrincipalSet:
    everyone: bool  # "Principal": "*"
    aws_any: bool  # {"AWS": "*"}
    aws: frozenset[str]
    accounts: frozenset[str]
    services: frozenset[str]
    federated: frozenset[str]
    canonical: frozenset[str]

    def match(self, p: Principal) -> Match | None:
        """The strongest way this set names `p`, or None."""
        if self.everyone:
            best: Match | None = "any"
        else:
            best = None
        kind = p.kind
        if kind in AWS_KINDS:
            if (p.arn is not None and p.arn in self.aws) or (
                p.unique_id is not None and p.unique_id in self.aws
            ):
                return "direct"
            if kind == "root" and p.account is not None and p.account in self.accounts:
                return "direct"
            if self.aws_any:
                return "any"
            if best is None and (
                (p.parent_arn is not None and p.parent_arn in self.aws)
                or (p.parent_id is not None and p.parent_id in self.aws)
            ):
                best = "parent"
            if best is None and p.account is not None and p.account in self.accounts:
                best = "account"
            return best
        if p.name is not None:
            if kind == "service":
                if p.name.lower() in self.services:
                    return "direct"
                if "*" in self.services:
                    return "any"
            if kind in ("web-identity", "saml") and p.name in self.federated:
                return "direct"
            if kind == "canonical-user" and p.name in self.canonical:
                return "direct"
        if kind == "anonymous" and self.aws_any:
            return "any"
        return best

    def exempts(self, p: Principal) -> bool:
        """NotPrincipal: is the caller (its whole chain) named?"""
        if self.everyone or (self.aws_any and p.kind in AWS_KINDS):
            return True
        kind = p.kind
        if kind in AWS_KINDS:
            links = [p.account is not None and p.account in self.accounts]
            if kind != "root":
                links.append((p.arn is not None and p.arn in self.aws)
                             or (p.unique_id is not None and p.unique_id in self.aws))
            if kind == "role-session":
                links.append((p.parent_arn is not None and p.parent_arn in self.aws)
                             or (p.parent_id is not None and p.parent_id in self.aws))
            return all(links)
        return self.match(p) == "direct"


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise PolicyEngineError(f"{where} must be a string or a list of strings")


def _account_of(value: str) -> str | None:
    if len(value) == 12 and value.isdigit():
        return value
    parts = value.split(":")
    if len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[5] == "root":
        return parts[4]
    return None


def compile_principal(value: object) -> PrincipalSet:
    if value == "*":
        return PrincipalSet(True, True, frozenset(), frozenset(), frozenset(), frozenset(),
                            frozenset())
    if not isinstance(value, Mapping) or not value:
        raise PolicyEngineError("Principal must be \"*\" or a non-empty object")
    aws: list[str] = []
    services: list[str] = []
    federated: list[str] = []
    canonical: list[str] = []
    lists: dict[str, list[str]] = {"AWS": aws, "Service": services, "Federated": federated,
                                   "CanonicalUser": canonical}
    for ptype, values in value.items():
        target = lists.get(ptype)
        if target is None:
            raise PolicyEngineError(f"unknown principal type {ptype!r}")
        target.extend(_strings(values, f"Principal {ptype}"))
    accounts = frozenset(a for a in (_account_of(v) for v in aws) if a is not None)
    return PrincipalSet(
        everyone=False,
        aws_any="*" in aws,
        aws=frozenset(aws),
        accounts=accounts,
        services=frozenset(s.lower() for s in services),
        federated=frozenset(federated),
        canonical=frozenset(canonical),
    )
