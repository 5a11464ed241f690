"""Builders for the policy engine's unit tests: documents, principals and one-call decisions."""

from __future__ import annotations

import json
from typing import Any

from iamsim.policy import Decision, Policy, PolicySet, Principal, Request, evaluate

ACCOUNT = "111122223333"
OTHER = "444455556666"
BUCKET = "arn:aws:s3:::bucket/key"


def stmt(effect: str = "Allow", action: Any = "s3:GetObject", resource: Any = "*",
         **extra: Any) -> dict[str, Any]:
    s: dict[str, Any] = {"Effect": effect}
    if action is not None:
        s["Action"] = action
    if resource is not None:
        s["Resource"] = resource
    s.update(extra)
    return s


def doc(*statements: dict[str, Any], version: str | None = "2012-10-17") -> str:
    d: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        d = {"Version": version, **d}
    return json.dumps(d)


def allow(**extra: Any) -> str:
    return doc(stmt("Allow", **extra))


def deny(**extra: Any) -> str:
    return doc(stmt("Deny", **extra))


def user(name: str = "alice", account: str = ACCOUNT) -> Principal:
    return Principal("user", account, f"arn:aws:iam::{account}:user/{name}",
                     unique_id="AIDA" + name.upper())


def role_session(role: str = "r", session: str = "s", account: str = ACCOUNT,
                 **extra: Any) -> Principal:
    return Principal("role-session", account,
                     f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                     parent_arn=f"arn:aws:iam::{account}:role/{role}",
                     parent_id="AROA" + role.upper(), **extra)


def federated_user(name: str = "fed", source: str = "alice", account: str = ACCOUNT) -> Principal:
    return Principal("federated-user", account, f"arn:aws:sts::{account}:federated-user/{name}",
                     parent_arn=f"arn:aws:iam::{account}:user/{source}")


def root(account: str = ACCOUNT, **extra: Any) -> Principal:
    return Principal("root", account, f"arn:aws:iam::{account}:root", **extra)


def _policies(texts: Any, prefix: str) -> list[Policy]:
    return [Policy(t, f"{prefix}{i + 1}") for i, t in enumerate(texts)]


def decide(principal: Principal | None = None, action: str = "s3:GetObject",
           resource: str = BUCKET, context: dict[str, Any] | None = None, *,
           identity: Any = (), resource_policy: str | None = None, boundary: str | None = None,
           session: Any = (), scps: Any = None, rcps: Any = None,
           resource_account: str | None = None, resource_required: bool = False,
           resource_in_management_account: bool = False) -> Decision:
    principal = principal or user()
    policies = PolicySet(
        identity=_policies(identity, "identity"),
        resource=None if resource_policy is None else Policy(resource_policy, "ResourcePolicy"),
        boundary=None if boundary is None else Policy(boundary, "boundary"),
        session=_policies(session, "session"),
        scps=None if scps is None else [_policies(level, "scp") for level in scps],
        rcps=None if rcps is None else [_policies(level, "rcp") for level in rcps],
        resource_required=resource_required,
    )
    req = Request(principal, action, resource, context or {}, resource_account,
                  resource_in_management_account)
    return evaluate(req, policies)


def grant_to(*aws: str, effect: str = "Allow", **extra: Any) -> str:
    """A resource-based policy naming AWS principals."""
    return doc(stmt(effect, Principal={"AWS": list(aws)}, **extra))
