"""A caller as the engine sees it: its Principal and the policies that apply to it.

This is where the account model meets the pure engine (iamsim.policy): the engine never reads
the model, so STS, the simulator and enforcement all build their inputs here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..model.groups import Group as GroupLike
from ..model.groups import GroupState
from ..model.policies import ManagedPolicy, PolicyState
from ..model.roles import Role, RoleState
from ..policy import Policy, compile_policy
from ..policy import Principal as EnginePrincipal

if TYPE_CHECKING:
    from ..caller import Caller
    from ..model.account import Account
    from ..model.base import Principal as Entity
    from ..model.sessions import Session


# What the root user may do, for the sessions it issues (GetFederationToken as root).
ROOT_PERMISSIONS = Policy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",'
                          '"Resource":"*"}]}', "root", "inline")


@dataclass
class Identity:
    """The identity side of a caller: its policies, boundary and session policies."""

    principal: EnginePrincipal
    policies: list[Policy] = field(default_factory=list)
    boundary: Policy | None = None
    session: list[Policy] = field(default_factory=list)
    entity: Entity | None = None  # the user or role behind the caller, if it still exists
    session_record: Session | None = None
    normalized_keys: dict[str, tuple[str, ...]] | None = None  # principal keys, engine form
    decisions: dict[Any, Any] = field(default_factory=dict)  # enforcement's, see enforce.py


def managed(account: Account, arn: str) -> ManagedPolicy | None:
    return account.state(PolicyState).get(arn)


def managed_policy(account: Account, arn: str) -> Policy | None:
    """A managed policy's default version, reported by name as the simulator reports it."""
    p = managed(account, arn)
    if p is None:
        return None
    text = p.versions[p.default_version_id].document
    return Policy(compile_policy(text), p.name, "aws-managed" if p.aws_managed else "customer-managed")


def entity_policies(account: Account, entity: Entity, kind: str) -> list[Policy]:
    """Inline then attached policies of a user or role (and, for a user, of its groups), with
    the ids AWS's simulator gives them: `<kind>_<name>_<policy>` for inline ones."""
    out = [Policy(compile_policy(text), f"{kind}_{entity.name}_{name}", "inline")
           for name, text in entity.inline_policies.items()]
    out.extend(p for arn in entity.attached_policies if (p := managed_policy(account, arn)))
    if kind == "user":
        groups = account.state(GroupState).groups
        for gid in getattr(entity, "groups", {}):
            g = groups.by_id(gid)
            if g is None:
                continue
            out.extend(Policy(compile_policy(text), f"group_{g.name}_{name}", "inline")
                       for name, text in g.inline_policies.items())
            out.extend(p for arn in g.attached_policies if (p := managed_policy(account, arn)))
    return out


@dataclass(frozen=True)
class PolicySource:
    """One identity-based policy of an entity with what identifies it (the simulator's
    PolicyExclusionList selects by type, ARN or inline name and owner)."""

    policy: Policy
    name: str
    arn: str | None  # managed policies only
    owner_kind: str  # user | group | role: the entity it is embedded in or attached to
    owner_name: str


def policy_sources(account: Account, entity: Entity | GroupLike, kind: str) -> list[PolicySource]:
    """The policies entity_policies gives, in the same order, with their identities."""
    out: list[PolicySource] = []

    def add(owner: Entity | GroupLike, owner_kind: str) -> None:
        for name, text in owner.inline_policies.items():
            out.append(PolicySource(Policy(text, f"{owner_kind}_{owner.name}_{name}", "inline"),
                                    name, None, owner_kind, owner.name))
        for arn in owner.attached_policies:
            policy = managed_policy(account, arn)
            if policy is not None:
                out.append(PolicySource(policy, policy.id, arn, owner_kind, owner.name))

    add(entity, kind)
    if kind == "user":
        groups = account.state(GroupState).groups
        for gid in getattr(entity, "groups", {}):
            g = groups.by_id(gid)
            if g is not None:
                add(g, "group")
    return out


def boundary_of(account: Account, entity: Entity | None) -> Policy | None:
    if entity is None or entity.permissions_boundary is None:
        return None
    p = managed(account, entity.permissions_boundary)
    if p is None:
        return None
    return Policy(p.versions[p.default_version_id].document, p.name, "permissions-boundary")


def session_policies(account: Account, session: Session) -> list[Policy]:
    out: list[Policy] = []
    if session.policy is not None:
        out.append(Policy(session.policy, "SessionPolicy", "session"))
    for arn in session.policy_arns:
        p = managed(account, arn)
        if p is not None:
            out.append(Policy(p.versions[p.default_version_id].document, p.name, "session"))
    return out


def _role(account: Account, session: Session) -> Role | None:
    if session.principal_id is None:
        return None
    return account.state(RoleState).roles.by_id(session.principal_id)


def identity_of(account: Account, caller: Caller) -> Identity:
    """Everything the identity side of a decision needs about `caller`."""
    identity = _identity_of(account, caller)
    from .org import is_management

    if is_management(account):  # SCPs never apply to the management account
        identity.principal = replace(identity.principal, in_management_account=True)
    return identity


def _identity_of(account: Account, caller: Caller) -> Identity:
    session = caller.session
    if caller.kind == "root":
        return Identity(EnginePrincipal("root", account.id, account.root_arn,
                                        unique_id=account.id), session_record=session)
    if caller.kind == "user":
        user = caller.user
        principal = EnginePrincipal("user", account.id, caller.arn, unique_id=caller.user_id)
        if user is None:  # deleted since its key or session was issued
            return Identity(principal, session_record=session)
        return Identity(principal, entity_policies(account, user, "user"),
                        boundary_of(account, user), entity=user, session_record=session)
    if caller.kind == "assumed-role" and session is not None:
        role = _role(account, session)
        principal = EnginePrincipal(
            "role-session", account.id, caller.arn, parent_arn=session.principal_arn,
            unique_id=caller.user_id, parent_id=session.principal_id,
            service_linked_role=bool(role is not None and role.service_linked))
        return _session_identity(account, principal, session, role, "role")
    if caller.kind == "federated-user" and session is not None:
        # GetFederationToken: the IAM user's permissions, narrowed by the session policy.
        user = account.users.by_id(session.principal_id) if session.principal_id else None
        principal = EnginePrincipal("federated-user", account.id, caller.arn,
                                    parent_arn=session.principal_arn, unique_id=caller.user_id,
                                    parent_id=session.principal_id)
        if session.principal_arn == account.root_arn:  # the root user's: every permission
            return Identity(principal, [ROOT_PERMISSIONS], None,
                            session_policies(account, session), session_record=session)
        return _session_identity(account, principal, session, user, "user")
    return Identity(EnginePrincipal("anonymous"))


def _session_identity(account: Account, principal: EnginePrincipal, session: Session,
                      entity: Entity | None, kind: str) -> Identity:
    """A session's identity side: the role's (or user's) policies and boundary, if it still
    exists, narrowed by the session policies."""
    if entity is None:  # deleted since the session was issued: no permissions left
        return Identity(principal, session=session_policies(account, session),
                        session_record=session)
    return Identity(principal, entity_policies(account, entity, kind),
                    boundary_of(account, entity), session_policies(account, session),
                    entity=entity, session_record=session)
